"""The gateway's profanity matcher against better-profanity's own matcher (the reference)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from better_profanity import Profanity
from better_profanity.utils import get_complete_path_of_file, read_wordlist
from hypothesis import given, settings
from hypothesis import strategies as st

from services.gateway.profanity import build_matcher, contains_profanity
from services.intent.bank import load_bank

REPO = Path(__file__).resolve().parents[3]
LISTED = sorted(set(read_wordlist(get_complete_path_of_file("profanity_wordlist.txt"))))
REFERENCE = Profanity()
SUBSTITUTIONS = REFERENCE.CHARS_MAPPING


def _real_queries() -> list[str]:
    texts = [example.text for example in load_bank()]
    for name in ("eval.jsonl", "eval_fresh.jsonl"):
        with (REPO / "bench" / "intent" / name).open() as lines:
            texts += [json.loads(line)["query"] for line in lines if line.strip()]
    return texts


@pytest.mark.parametrize(
    "text",
    [
        "create a fucking database",
        "add a SHIT cache",
        "sh1t",
        "f*ck this design",
        "a$$hole api",
        "the 2 girls 1 cup service",
        "hand_job queue",
        "what the fuck?",
    ],
)
def test_listed_words_and_their_leetspeak_are_found(text: str) -> None:
    assert REFERENCE.contains_profanity(text), "the reference disagrees: bad example"
    assert contains_profanity(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "create a secure web application with a database and authentication",
        "add a cache between the api and the database",
        "class Assessment: analyse the scunthorpe office network",
        "a " * 256,
    ],
)
def test_ordinary_text_is_clean(text: str) -> None:
    assert not REFERENCE.contains_profanity(text)
    assert not contains_profanity(text)


def test_agrees_with_the_reference_on_every_real_query_we_have() -> None:
    texts = _real_queries()
    assert len(texts) > 2000
    disagreements = [t for t in texts if contains_profanity(t) != REFERENCE.contains_profanity(t)]
    assert disagreements == []


def test_a_custom_list_and_table_are_honoured() -> None:
    matcher = build_matcher(["darn it", "heck", "dangit"], {"e": ("e", "3")})
    assert matcher.contains_profanity("oh h3ck")
    assert matcher.contains_profanity("DARN it all")
    assert matcher.contains_profanity("dang it")  # words joined, as the reference does
    assert not matcher.contains_profanity("darn, heckle")


def _leet(word: str, choices: list[int]) -> str:
    out = []
    for char, pick in zip(word, choices + [0] * len(word), strict=False):
        forms = SUBSTITUTIONS.get(char, (char,))
        out.append(forms[pick % len(forms)])
    return "".join(out)


words = st.one_of(
    st.sampled_from(LISTED).flatmap(
        lambda w: st.lists(st.integers(0, 3), max_size=len(w)).map(lambda c: _leet(w, c))
    ),
    st.sampled_from(["api", "cache", "database", "the", "a", "class", "assess", "cup", "2"]),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz@$*01345'", min_size=1, max_size=8),
)
separators = st.sampled_from([" ", "  ", ", ", "-", "_", ". ", "\n", "/"])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(words, separators), min_size=1, max_size=12), st.booleans())
def test_never_laxer_than_the_reference(parts: list[tuple[str, str]], upper: bool) -> None:
    text = "".join(word + sep for word, sep in parts).strip()
    text = text.upper() if upper else text
    if REFERENCE.contains_profanity(text):
        assert contains_profanity(text), text
