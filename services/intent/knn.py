"""Stage 2: k nearest neighbours over the example bank (MiniLM embeddings, FAISS inner product).

Vectors are L2-normalised, so inner product = cosine similarity. A message's neighbours vote
with weights ``exp(sim / temperature)``; the decision is accepted only when the nearest
neighbour is similar enough (``min_score``) and the winning intent's share of the vote leads
the runner-up by ``min_margin``. Both thresholds live in settings and are calibrated by
leave-one-out over the bank (bench/intent/calibrate.py), never on the evaluation set.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from services.intent.bank import Example
from shared.contracts import Intent

TEMPERATURE = 0.05  # sharp: the closest examples dominate the vote


@dataclass(frozen=True)
class VectorDecision:
    intent: Intent
    confidence: float  # the winner's share of the weighted vote, 0..1
    top_sim: float  # cosine similarity of the nearest example
    margin: float  # winner's share minus the runner-up's
    accepted: bool
    shares: dict[Intent, float] = field(default_factory=dict)
    nearest: str = ""


def vote(
    sims: Sequence[float], labels: Sequence[Intent], *, min_score: float, min_margin: float
) -> VectorDecision:
    """Pure decision from neighbours (most similar first)."""
    if len(sims) == 0:
        return VectorDecision(Intent.CLARIFY, 0.0, 0.0, 0.0, False)
    s = np.asarray(sims, dtype=np.float64)
    w = np.exp((s - s.max()) / TEMPERATURE)
    shares: dict[Intent, float] = {}
    for weight, label in zip(w, labels, strict=True):
        shares[label] = shares.get(label, 0.0) + float(weight)
    total = sum(shares.values())
    shares = {k: v / total for k, v in shares.items()}
    ranked = sorted(shares.items(), key=lambda kv: kv[1], reverse=True)
    best, best_share = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    margin = best_share - second
    top_sim = float(s[0])
    accepted = top_sim >= min_score and margin >= min_margin
    return VectorDecision(best, best_share, top_sim, margin, accepted, shares)


class VectorIndex:
    """FAISS flat inner-product index over the bank's embeddings (exact search: ~1k rows)."""

    def __init__(
        self,
        examples: Sequence[Example],
        encode: Callable[[list[str]], np.ndarray],
        *,
        faiss_threads: int = 1,
        vectors: np.ndarray | None = None,
    ) -> None:
        import faiss

        faiss.omp_set_num_threads(faiss_threads)
        self.examples = list(examples)
        self.encode = encode
        if vectors is None:
            vectors = encode([e.text for e in self.examples])
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self.vectors = vectors
        self.index = faiss.IndexFlatIP(vectors.shape[1])
        self.index.add(vectors)

    def search(self, vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        sims, idx = self.index.search(np.ascontiguousarray(vectors, dtype=np.float32), k)
        return sims, idx

    def decide(self, text: str, *, k: int, min_score: float, min_margin: float) -> VectorDecision:
        return self.decide_vector(
            self.encode([text])[0], k=k, min_score=min_score, min_margin=min_margin
        )

    def decide_vector(
        self,
        vector: np.ndarray,
        *,
        k: int,
        min_score: float,
        min_margin: float,
        exclude: int | None = None,
    ) -> VectorDecision:
        """Decision for one embedded message; `exclude` drops one bank row (leave-one-out)."""
        extra = 1 if exclude is not None else 0
        sims, idx = self.search(vector[None, :], k + extra)
        pairs = [(float(s), int(i)) for s, i in zip(sims[0], idx[0], strict=True) if i >= 0]
        pairs = [(s, i) for s, i in pairs if i != exclude][:k]
        d = vote(
            [s for s, _ in pairs],
            [self.examples[i].intent for _, i in pairs],
            min_score=min_score,
            min_margin=min_margin,
        )
        nearest = self.examples[pairs[0][1]].text if pairs else ""
        return VectorDecision(
            d.intent, d.confidence, d.top_sim, d.margin, d.accepted, d.shares, nearest
        )
