"""k nearest neighbours over the example bank (MiniLM embeddings, FAISS inner product).

Vectors are L2-normalised, so inner product = cosine similarity. The neighbours vote with
weights ``exp(sim / temperature)``: the closest examples dominate, far ones barely count.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from services.intent.bank import Example
from shared.contracts import Intent


def vote(
    sims: Sequence[float], labels: Sequence[Intent], *, temperature: float = 0.05
) -> dict[Intent, float]:
    """Each intent's share (0..1) of the similarity-weighted vote; neighbours best first."""
    if len(sims) == 0:
        return {}
    s = np.asarray(sims, dtype=np.float64)
    w = np.exp((s - s.max()) / temperature)
    shares: dict[Intent, float] = {}
    for weight, label in zip(w, labels, strict=True):
        shares[label] = shares.get(label, 0.0) + float(weight)
    total = sum(shares.values())
    return {k: v / total for k, v in shares.items()}


class VectorIndex:
    """FAISS flat inner-product index over the bank's embeddings (exact search, ~1.5k rows)."""

    def __init__(
        self, examples: Sequence[Example], vectors: np.ndarray, *, faiss_threads: int = 1
    ) -> None:
        import faiss

        faiss.omp_set_num_threads(faiss_threads)
        self.examples = list(examples)
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self.index = faiss.IndexFlatIP(self.vectors.shape[1])
        self.index.add(self.vectors)

    def neighbours(
        self, vectors: np.ndarray, k: int, *, exclude: Sequence[int] | None = None
    ) -> list[list[tuple[float, int]]]:
        """For each query row, its k nearest bank rows as (similarity, row), best first.

        `exclude[i]` (one bank row per query, or -1) is left out: leave-one-out calibration.
        """
        extra = 1 if exclude is not None else 0
        sims, idx = self.index.search(np.ascontiguousarray(vectors, dtype=np.float32), k + extra)
        out = []
        for q in range(sims.shape[0]):
            drop = exclude[q] if exclude is not None else -1
            pairs = [
                (float(s), int(i))
                for s, i in zip(sims[q], idx[q], strict=True)
                if i >= 0 and i != drop
            ]
            out.append(pairs[:k])
        return out
