"""Stage 2 pieces alone: the kNN vote, the linear head, the thresholded decision."""

from __future__ import annotations

import numpy as np
import pytest

from services.intent.bank import Example, load_bank
from services.intent.frames import Frames
from services.intent.head import INTENTS, LinearHead, cue_features, hashed
from services.intent.knn import VectorIndex, vote
from services.intent.vector import decide
from shared.contracts import Intent


def test_vote_shares_sum_to_one_and_the_closest_dominates() -> None:
    shares = vote([0.9, 0.7, 0.69, 0.68], [Intent.DSL_UPDATE, Intent.EXPERT_QA] * 2)
    assert abs(sum(shares.values()) - 1.0) < 1e-9
    assert shares[Intent.DSL_UPDATE] > 0.9


def test_vote_of_nothing_is_empty() -> None:
    assert vote([], []) == {}


def test_index_finds_itself_and_leaves_one_out() -> None:
    rng = np.random.default_rng(1)
    v = rng.normal(size=(5, 8)).astype(np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    examples = [Example(f"e{i}", Intent.CLARIFY) for i in range(5)]
    index = VectorIndex(examples, v)
    assert index.neighbours(v[2:3], 1)[0][0][1] == 2
    assert index.neighbours(v[2:3], 1, exclude=[2])[0][0][1] != 2


def test_cue_features_and_hashing_are_stable() -> None:
    assert "first2=why_would" in cue_features("Why would I add a cache?")
    assert "q" in cue_features("is it safe?")
    a = hashed(["add a cache", "why a cache?"])
    assert np.array_equal(a, hashed(["add a cache", "why a cache?"]))
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0)


def test_head_learns_the_speech_act_from_cue_words() -> None:
    # Same (random) embedding for every text: only the cue words can tell the classes apart.
    texts = [f"why would i add a {w}?" for w in "abcdefghij"] + [f"add a {w}" for w in "abcdefghij"]
    labels = [Intent.EXPERT_QA] * 10 + [Intent.DSL_UPDATE] * 10
    one = np.random.default_rng(0).normal(size=(1, 384)).astype(np.float32)
    emb = np.tile(one / np.linalg.norm(one), (20, 1))  # unit length, like MiniLM's
    no_frames = [Frames()] * len(texts)
    head = LinearHead.train(emb, texts, no_frames, labels, epochs=200)
    p = head.proba(emb[:2], ["why would i add a zebra?", "add a zebra"], no_frames[:2])
    assert INTENTS[int(p[0].argmax())] == Intent.EXPERT_QA
    assert INTENTS[int(p[1].argmax())] == Intent.DSL_UPDATE
    assert np.allclose(p.sum(axis=1), 1.0, atol=1e-5)


def test_head_learns_from_the_frames() -> None:
    # Same embedding and same words: only the frames tell an advice question from an edit.
    texts = ["add a cache"] * 20
    frames = [Frames(question=True, advice=True)] * 10 + [Frames(edit_op=True)] * 10
    labels = [Intent.EXPERT_QA] * 10 + [Intent.DSL_UPDATE] * 10
    one = np.random.default_rng(0).normal(size=(1, 384)).astype(np.float32)
    emb = np.tile(one / np.linalg.norm(one), (20, 1))
    head = LinearHead.train(emb, texts, frames, labels, epochs=200)
    p = head.proba(emb[:2], texts[:2], [frames[0], frames[-1]])
    assert [INTENTS[int(row.argmax())] for row in p] == [Intent.EXPERT_QA, Intent.DSL_UPDATE]


@pytest.mark.parametrize(
    ("top_sim", "probs", "confident"),
    [
        (0.8, [0.9, 0.05, 0.05, 0, 0, 0], True),
        (0.3, [0.9, 0.05, 0.05, 0, 0, 0], False),  # far from every example
        (0.8, [0.45, 0.4, 0.15, 0, 0, 0], False),  # split vote
    ],
)
def test_decision_thresholds(top_sim: float, probs: list[float], confident: bool) -> None:
    d = decide(np.array(probs), top_sim, min_score=0.45, min_margin=0.3)
    assert d.intent == INTENTS[0] and d.confident is confident
    assert d.margin == pytest.approx(probs[0] - probs[1])


def test_bank_is_large_varied_and_balanced() -> None:
    bank = load_bank()
    counts = {i: sum(e.intent == i for e in bank) for i in Intent}
    assert min(counts.values()) >= 150, counts
