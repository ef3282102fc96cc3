"""Calibrate the embedding stage by 5-fold cross-validation over the bank (never the eval set).

    .venv/bin/python bench/intent/calibrate.py

Each fold trains the linear head and builds the kNN index on the other four folds, then
classifies its own examples as the cascade would without an LLM (pattern rules first).
Prints (1) accuracy per kNN/head blend weight, (2) for the chosen blend, precision and
coverage of "confident" decisions per margin threshold (the LLM is asked below it), and
(3) accuracy per fallback margin (below it, CLARIFY). The chosen values go in IntentSettings.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from services.intent import patterns
from services.intent.bank import embed_bank, load_bank
from services.intent.frames import analyse
from services.intent.head import INTENTS, LinearHead
from services.intent.lexicon import canonical
from services.intent.vector import VectorStage
from shared.contracts import Intent
from shared.embeddings import encode
from shared.settings import app_settings, intent_settings

FOLDS = 5


def main() -> int:
    settings = intent_settings()
    examples = load_bank()
    vectors = embed_bank(examples, encode, cache_dir=Path(app_settings().data_dir) / "cache")
    texts = [e.text for e in examples]
    canon = [canonical(t) for t in texts]
    frames = [analyse(c) for c in canon]
    y = np.array([INTENTS.index(e.intent) for e in examples])
    perm = np.random.default_rng(0).permutation(len(examples))
    knn_p = np.zeros((len(examples), len(INTENTS)))
    head_p = np.zeros_like(knn_p)
    tops = np.zeros(len(examples))
    for fold in np.array_split(perm, FOLDS):
        train = np.setdiff1d(perm, fold)
        head = LinearHead.train(
            vectors[train],
            [canon[i] for i in train],
            [frames[i] for i in train],
            [examples[i].intent for i in train],
            l2=settings.head_l2,
            epochs=settings.head_epochs,
        )
        for weight, target in ((1.0, knn_p), (0.0, head_p)):
            stage = VectorStage(
                [examples[i] for i in train],
                encode,
                settings.model_copy(update={"knn_weight": weight}),
                vectors=vectors[train],
                head=head,
            )
            probs, top, _ = stage.probabilities(
                vectors[fold], [canon[i] for i in fold], [frames[i] for i in fold]
            )
            target[fold] = probs
            tops[fold] = top
    hits = [patterns.match(t) for t in texts]
    pattern_mask = np.array([h is not None for h in hits])
    pattern_pred = np.array([INTENTS.index(h.intent) if h else -1 for h in hits])
    clarify = INTENTS.index(Intent.CLARIFY)

    def cascade(probs: np.ndarray, fallback_margin: float) -> np.ndarray:
        srt = np.sort(probs, axis=1)
        margin = srt[:, -1] - srt[:, -2]
        pred = np.where(margin >= fallback_margin, probs.argmax(axis=1), clarify)
        return np.where(pattern_mask, pattern_pred, pred)

    print(f"bank: {len(examples)} examples, {FOLDS}-fold cross-validation, no LLM")
    print(
        f"pattern rules fire on {pattern_mask.sum()} bank examples, "
        f"right on {(pattern_pred[pattern_mask] == y[pattern_mask]).sum()}"
    )
    print("\n(1) blend weight of the kNN vote -> accuracy of the cascade")
    for w in (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.7, 1.0):
        acc = (cascade(w * knn_p + (1 - w) * head_p, 0.0) == y).mean()
        print(f"  knn_weight={w:.1f}  accuracy={acc:.4f}")
    w = settings.knn_weight
    probs = w * knn_p + (1 - w) * head_p
    srt = np.sort(probs, axis=1)
    margin = srt[:, -1] - srt[:, -2]
    pred = probs.argmax(axis=1)
    free = ~pattern_mask
    print(f"\n(2) knn_weight={w}: confident decisions (min_score={settings.min_score})")
    for m in (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7):
        sel = free & (margin >= m) & (tops >= settings.min_score)
        prec = (pred[sel] == y[sel]).mean() if sel.any() else 0.0
        print(f"  min_margin={m:.1f}  precision={prec:.4f}  coverage={sel.sum() / free.sum():.3f}")
    print("\n(3) fallback margin (below it -> CLARIFY) -> accuracy")
    for fm in (0.0, 0.05, 0.1, 0.2, 0.3):
        print(f"  fallback_margin={fm:.2f}  accuracy={(cascade(probs, fm) == y).mean():.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
