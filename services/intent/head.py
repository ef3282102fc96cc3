"""A linear head next to the kNN vote: softmax regression on [MiniLM embedding ; cue words ;
speech-act frames].

Why: MiniLM similarity is mostly about topic ("cache", "database"), while the intent is mostly
the speech act ("why would I put a queue..." vs "put a queue..."). Over the bank, kNN alone
was right 80.6% of the time by 5-fold cross-validation; a linear model over the same embeddings plus
hashed cue words (first word, first two words, question mark, word uni/bigrams) learns which
directions carry the speech act (see bench/RESULTS.md). The cue words are read from the
canonical text (lexicon.py: typos and shorthand repaired), and the speech-act frames
(frames.py: advice question, edit operation, new-diagram frame, view vocabulary, ...) are
features of their own, so the head can weigh the act against the topic. Trained on the bank
when the index is built: deterministic (zero start, full batch), a few seconds on one thread.
"""

from __future__ import annotations

import itertools
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from services.intent.frames import HEAD_FRAMES, Frames
from shared.contracts import Intent

INTENTS: tuple[Intent, ...] = tuple(Intent)
HASH_DIM = 2048
_TOKEN = re.compile(r"[a-z0-9']+|\?")


def cue_features(text: str) -> list[str]:
    toks = _TOKEN.findall(text.lower())
    feats = ["q" if text.strip().endswith("?") else "noq", f"len={min(len(toks), 8)}"]
    if toks:
        feats.append("first=" + toks[0])
    if len(toks) > 1:
        feats.append("first2=" + toks[0] + "_" + toks[1])
    feats += ["w=" + t for t in toks]
    feats += ["b=" + a + "_" + b for a, b in itertools.pairwise(toks)]
    return feats


def hashed(texts: Sequence[str], dim: int = HASH_DIM) -> np.ndarray:
    """Bag of cue features, hashed with a stable hash (crc32), rows of unit length."""
    m = np.zeros((len(texts), dim), dtype=np.float32)
    for i, t in enumerate(texts):
        for f in cue_features(t):
            m[i, zlib.crc32(f.encode("utf-8")) % dim] += 1.0
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    out: np.ndarray = m / np.maximum(norms, 1e-9)
    return out


FRAME_SCALE = 0.5


def frame_matrix(frames: Sequence[Frames]) -> np.ndarray:
    m = np.array(
        [[float(getattr(f, name)) for name in HEAD_FRAMES] for f in frames], dtype=np.float32
    )
    return m.reshape(len(frames), len(HEAD_FRAMES)) * FRAME_SCALE


def design(embeddings: np.ndarray, texts: Sequence[str], frames: Sequence[Frames]) -> np.ndarray:
    """Rows of [embedding ; hashed cue words of the canonical text ; frames]."""
    return np.hstack([embeddings.astype(np.float32), hashed(texts), frame_matrix(frames)])


@dataclass
class LinearHead:
    weights: np.ndarray  # (features, intents)
    bias: np.ndarray  # (intents,)

    @classmethod
    def train(
        cls,
        embeddings: np.ndarray,
        texts: Sequence[str],
        frames: Sequence[Frames],
        labels: Sequence[Intent],
        *,
        l2: float = 1e-4,
        epochs: int = 400,
        lr: float = 4.0,
    ) -> LinearHead:
        x = design(embeddings, texts, frames)
        y = np.eye(len(INTENTS), dtype=np.float32)[[INTENTS.index(label) for label in labels]]
        n = x.shape[0]
        w = np.zeros((x.shape[1], len(INTENTS)), dtype=np.float32)
        b = np.zeros(len(INTENTS), dtype=np.float32)
        lr_, l2_ = np.float32(lr), np.float32(l2)
        for _ in range(epochs):
            g = (_softmax(x @ w + b) - y) / n
            w -= lr_ * (x.T @ g + l2_ * w)
            b -= lr_ * g.sum(axis=0)
        return cls(w, b)

    def proba(
        self, embeddings: np.ndarray, texts: Sequence[str], frames: Sequence[Frames]
    ) -> np.ndarray:
        """(n, 6) probabilities, columns in `INTENTS` order; `texts` canonical."""
        return _softmax(design(embeddings, texts, frames) @ self.weights + self.bias)


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    out: np.ndarray = e / e.sum(axis=1, keepdims=True)
    return out
