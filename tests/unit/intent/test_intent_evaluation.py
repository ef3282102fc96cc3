"""The accuracy bar on the held-out sets (behaviour, not timing), and that they stay held out."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.intent.bank import load_bank
from services.intent.classifier import IntentClassifier
from services.intent.evaluation import EVAL_PATH, load_eval, score
from services.intent.text import normalise
from shared.contracts import Intent

FRESH = EVAL_PATH.with_name("eval_fresh.jsonl")
BAR = 0.97


@pytest.mark.parametrize("path", [EVAL_PATH, FRESH], ids=["eval", "eval_fresh"])
def test_sets_are_large_balanced_and_apart_from_the_bank(path: Path) -> None:
    items = load_eval(path)
    assert len(items) >= 300
    counts = {i: sum(it.label == i for it in items) for i in Intent}
    assert min(counts.values()) >= 45, counts
    bank = {normalise(e.text) for e in load_bank()}
    overlap = [it.query for it in items if normalise(it.query) in bank]
    assert overlap == []


def test_the_two_sets_do_not_share_messages() -> None:
    a = {normalise(it.query) for it in load_eval(EVAL_PATH)}
    b = {normalise(it.query) for it in load_eval(FRESH)}
    assert a & b == set()


@pytest.mark.slow
@pytest.mark.parametrize("path", [EVAL_PATH, FRESH], ids=["eval", "eval_fresh"])
def test_accuracy_bar_without_llm(classifier: IntentClassifier, path: Path) -> None:
    items = load_eval(path)
    results = [
        classifier.classify(it.query, has_diagram=it.has_diagram, last_intent=it.last_intent)
        for it in items
    ]
    report = score(items, results)
    assert report.accuracy >= BAR, [(e.query, r.intent) for e, r in report.errors]
    injections = [r.intent for it, r in zip(items, results, strict=True) if it.injection]
    assert injections and all(i == Intent.OUT_OF_SCOPE for i in injections)
