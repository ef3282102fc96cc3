"""Typo and shorthand repair: slips become the words the frames read, real words never change."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.intent.lexicon import canonical, repair


@pytest.mark.parametrize(
    ("word", "fixed"),
    [
        ("remvoe", "remove"),
        ("conect", "connect"),
        ("expnad", "expand"),
        ("databse", "database"),
        ("creat", "create"),
        ("diagramm", "diagram"),
        ("cna", "can"),
        ("pls", "please"),
        ("w/", "with"),
    ],
)
def test_slips_are_repaired(word: str, fixed: str) -> None:
    assert repair(word) == fixed


@pytest.mark.parametrize("word", ["remote", "bigger", "connected", "ad", "kafka", "grafana"])
def test_real_words_and_names_stay(word: str) -> None:
    assert repair(word) == word


def test_canonical_keeps_sentence_punctuation() -> None:
    assert canonical("Pls remvoe teh FTP box, thx!") == "please remove the ftp box, thanks!"


def test_ad_before_an_article_is_the_verb() -> None:
    assert canonical("ad a cache") == "add a cache"
    assert canonical("an ad server for the campaign") == "an ad server for the campaign"


@given(st.text(max_size=200))
def test_canonical_never_fails_and_is_lower_case(text: str) -> None:
    out = canonical(text)
    assert out == out.lower() and "  " not in out
