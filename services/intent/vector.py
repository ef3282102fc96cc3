"""Stage 2: the embedding stage — kNN vote and linear head over the same MiniLM vectors.

Probabilities are blended ``knn_weight * vote + (1 - knn_weight) * head``. The decision is
*confident* when the nearest bank example is similar enough (``min_score``) and the winner
leads the runner-up by ``min_margin``; a confident decision is final. Otherwise the LLM stage
is asked when one is configured; without it, the embedding guess still stands when its margin
reaches ``fallback_margin``, else CLARIFY. All thresholds live in IntentSettings and are
calibrated by cross-validation over the bank (bench/intent/calibrate.py), never on eval.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from services.intent import frames as frames_module
from services.intent import head as head_module
from services.intent import lexicon as lexicon_module
from services.intent import references as references_module
from services.intent.bank import Example, cache_key, embed_bank
from services.intent.frames import Frames, analyse
from services.intent.head import INTENTS, LinearHead
from services.intent.knn import VectorIndex, vote
from services.intent.lexicon import canonical
from shared.contracts import Intent
from shared.settings import IntentSettings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class VectorDecision:
    intent: Intent
    confidence: float  # the winner's blended probability
    top_sim: float  # cosine similarity of the nearest bank example
    margin: float  # winner's probability minus the runner-up's
    confident: bool  # final without asking the LLM
    probs: dict[Intent, float] = field(default_factory=dict)
    nearest: str = ""


def decide(
    probs: np.ndarray, top_sim: float, *, min_score: float, min_margin: float, nearest: str = ""
) -> VectorDecision:
    """Pure: a decision from blended probabilities (columns in INTENTS order)."""
    order = np.argsort(-probs)
    best = float(probs[order[0]])
    margin = best - float(probs[order[1]])
    return VectorDecision(
        intent=INTENTS[int(order[0])],
        confidence=best,
        top_sim=top_sim,
        margin=margin,
        confident=top_sim >= min_score and margin >= min_margin,
        probs={INTENTS[i]: float(probs[i]) for i in range(len(INTENTS))},
        nearest=nearest,
    )


class VectorStage:
    def __init__(
        self,
        examples: Sequence[Example],
        encode: Callable[[list[str]], np.ndarray],
        settings: IntentSettings,
        *,
        cache_dir: Path | None = None,
        vectors: np.ndarray | None = None,
        head: LinearHead | None = None,
    ) -> None:
        self.settings = settings
        self.encode = encode
        self.examples = list(examples)
        if vectors is None:
            vectors = embed_bank(self.examples, encode, cache_dir=cache_dir)
        self.index = VectorIndex(self.examples, vectors, faiss_threads=settings.faiss_threads)
        self.head = head or self._trained_head(cache_dir)

    def _trained_head(self, cache_dir: Path | None) -> LinearHead:
        s = self.settings
        texts = [e.text for e in self.examples]
        # The source of the head and of its features is part of the key: a change retrains it.
        sources = (head_module, frames_module, lexicon_module, references_module)
        code = hashlib.sha256(
            b"".join(Path(str(m.__file__)).read_bytes() for m in sources)
        ).hexdigest()[:12]
        config = f"head-{code}-l2={s.head_l2}-epochs={s.head_epochs}"
        path = cache_dir / f"intent-head-{cache_key(texts, config)}.npz" if cache_dir else None
        if path is not None and path.exists():
            try:
                with np.load(path) as z:
                    return LinearHead(z["weights"], z["bias"])
            except (OSError, ValueError, KeyError):
                log.warning("intent: unreadable head cache %s, retraining", path)
        canon = [canonical(t) for t in texts]
        head = LinearHead.train(
            self.index.vectors,
            canon,
            [analyse(c) for c in canon],
            [e.intent for e in self.examples],
            l2=s.head_l2,
            epochs=s.head_epochs,
        )
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(f".{os.getpid()}.tmp.npz")
                np.savez(tmp, weights=head.weights, bias=head.bias)
                tmp.replace(path)
            except OSError:
                log.warning("intent: cannot write head cache %s", path, exc_info=True)
        return head

    def probabilities(
        self,
        vectors: np.ndarray,
        canon: Sequence[str],
        frames: Sequence[Frames],
        *,
        exclude: Sequence[int] | None = None,
    ) -> tuple[np.ndarray, list[float], list[str]]:
        """Blended probabilities (n, 6), nearest similarities and nearest example texts."""
        s = self.settings
        head_p = self.head.proba(vectors, canon, frames)
        knn_p = np.zeros_like(head_p)
        tops: list[float] = []
        nearest: list[str] = []
        for row, pairs in enumerate(self.index.neighbours(vectors, s.knn_k, exclude=exclude)):
            shares = vote(
                [p[0] for p in pairs],
                [self.examples[p[1]].intent for p in pairs],
                temperature=s.knn_temperature,
            )
            for intent, share in shares.items():
                knn_p[row, INTENTS.index(intent)] = share
            tops.append(pairs[0][0] if pairs else 0.0)
            nearest.append(self.examples[pairs[0][1]].text if pairs else "")
        blended = s.knn_weight * knn_p + (1.0 - s.knn_weight) * head_p
        return blended, tops, nearest

    def decide(
        self, text: str, canon: str, frames: Frames, *, min_score: float, min_margin: float
    ) -> VectorDecision:
        vectors = self.encode([text])
        probs, tops, nearest = self.probabilities(vectors, [canon], [frames])
        return decide(
            probs[0], tops[0], min_score=min_score, min_margin=min_margin, nearest=nearest[0]
        )
