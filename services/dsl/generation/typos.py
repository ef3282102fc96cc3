"""A request's slips of the keyboard, put right before it is read.

Two neighbouring letters swapped ("dorp", "cahnge", "lnik") in a word no dictionary knows is
the command word it spells (``rapidfuzz`` finds one edit away at the head of a clause, where a
verb is due, and there a real word that is no command, "spilt", counts too). A request Written
In Title Case is read in plain case: capitals that mark every word mark no name. Pure
functions; the command vocabulary is the caller's (:mod:`clauses`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from lemminflect import getAllLemmas
from rapidfuzz import process
from rapidfuzz.distance import OSA


def _swapped(word: str, target: str) -> bool:
    """`word` is `target` with two neighbouring letters swapped ("lnik", "mkae")."""
    if len(word) != len(target) or word == target:
        return False
    diff = [i for i, (a, b) in enumerate(zip(word, target, strict=True)) if a != b]
    return (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and (word[diff[0]], word[diff[1]]) == (target[diff[1]], target[diff[0]])
    )


@lru_cache(maxsize=8192)
def respelt(word: str, vocab: frozenset[str], first: bool = False) -> str:
    """`word`, or the word of `vocab` a typo made of it: two neighbouring letters swapped in a
    word no dictionary knows; at the head of a clause (`first`) also a real word whose verb
    is in no way a command ("spilt"), or one other edit away ("chnage")."""
    w = word.lower()
    if len(w) < 4 or w in vocab or not w.isalpha():
        return word
    lemmas = getAllLemmas(w)
    known = bool(lemmas)
    if known and (not first or set(lemmas.get("VERB", ())) & vocab):
        return word
    hits = sorted(t for t in vocab if _swapped(w, t))
    if not hits and first and not known and len(w) >= 5:
        hit = process.extractOne(w, sorted(vocab), scorer=OSA.distance, score_cutoff=1)
        hits = [str(hit[0])] if hit else []
    if len(hits) != 1:
        return word  # none, or two commands a swap away: no guess
    return hits[0].capitalize() if word[0].isupper() else hits[0]


def respelt_words(text: str, vocab: frozenset[str]) -> str:
    """Every word of `text` no dictionary knows put right when a swap makes it a command word
    ("cut this lnik", "pls dorp X")."""
    return re.sub(r"[A-Za-z]{4,}", lambda m: respelt(m.group(0), vocab), text)


def respelt_head(text: str, vocab: frozenset[str]) -> str:
    """`text` with its first word put right as a command word (see :func:`respelt`)."""
    head = re.match(r"[A-Za-z]+", text)
    return respelt(head.group(0), vocab, first=True) + text[head.end() :] if head else text


def untitled(text: str) -> str:
    """A request Written In Title Case in plain case (acronyms and mixed case such as
    "OpenAI" kept)."""
    words = re.findall(r"[A-Za-z][\w'-]*", text)
    capped = [w for w in words if w[0].isupper()]
    if len(words) < 4 or len(capped) < 0.85 * len(words):
        return text
    return re.sub(r"\b[A-Z][a-z']*\b", lambda m: m.group(0).lower(), text)
