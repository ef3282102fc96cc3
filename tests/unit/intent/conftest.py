"""Fixtures of the intent tests: one real classifier (MiniLM + FAISS) for the whole session."""

from __future__ import annotations

import pytest

from services.intent.classifier import IntentClassifier


@pytest.fixture(scope="session")
def classifier() -> IntentClassifier:
    """The real cascade without an LLM (the LLM stage has its own tests)."""
    clf = IntentClassifier(use_llm=False)
    clf.warm_up()
    return clf
