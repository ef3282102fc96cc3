"""Business prose to components: what a request asks for in everyday words.

"customers pay online" calls for a payment provider, "reminders by text" for an SMS provider,
"staff log in with their company accounts" for an identity provider. The lexicon
(``capabilities:`` in ``data/phrases.yaml``) maps short word patterns to a KB category; a
pattern matches its words in order inside one clause, at most ``GAP`` other words between two
of them, each word compared by its base form (plural, verb inflections). A category the
request already names (a product, a noun phrase) is not added twice.
"""

from __future__ import annotations

from functools import lru_cache

import yaml

from services.dsl.generation.kb import DATA_DIR, KnowledgeBase
from services.dsl.generation.phrases import TOKEN, Mention, singular, verb_forms

GAP = 2
_CLAUSE_END = frozenset({".", ";", "!", "?", ":"})
Pattern = tuple[frozenset[str], ...]


def _forms(word: str) -> frozenset[str]:
    """A pattern word and the forms a request may write it in."""
    return frozenset({word, f"{word}s", f"{word}es", *verb_forms(word)})


@lru_cache(maxsize=1)
def lexicon() -> tuple[tuple[str, tuple[Pattern, ...]], ...]:
    with (DATA_DIR / "phrases.yaml").open(encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)["capabilities"]
    return tuple(
        (str(cat), tuple(tuple(_forms(w) for w in str(p).lower().split()) for p in patterns))
        for cat, patterns in raw.items()
    )


def _clauses(text: str) -> list[list[str]]:
    out: list[list[str]] = [[]]
    for tok in TOKEN.findall(text.lower()):
        if tok in _CLAUSE_END:
            out.append([])
        else:
            out[-1].append(tok)
    return [c for c in out if c]


def _matches(tokens: list[str], pattern: Pattern) -> int | None:
    """Where the pattern starts in the clause, or None."""
    for start, tok in enumerate(tokens):
        if tok not in pattern[0] and singular(tok) not in pattern[0]:
            continue
        pos, ok = start, True
        for forms in pattern[1:]:
            window = tokens[pos + 1 : pos + 2 + GAP]
            hit = next((k for k, t in enumerate(window) if t in forms), None)
            if hit is None:
                ok = False
                break
            pos += 1 + hit
        if ok:
            return start
    return None


def capability_mentions(kb: KnowledgeBase, text: str, mentions: list[Mention]) -> list[Mention]:
    """Components the request's everyday words call for and it does not name otherwise."""
    have = {m.category for m in mentions} | {m.kind.category for m in kb.find(text.lower())}
    out: list[Mention] = []
    clauses = _clauses(text)
    for category, patterns in lexicon():
        if category in have or category not in kb.defaults:
            continue
        for ci, tokens in enumerate(clauses):
            starts = [s for p in patterns if (s := _matches(tokens, p)) is not None]
            if starts:
                kind = kb.generic(category)
                words = tuple(kind.label.lower().split())
                out.append(Mention(kind.label, words, kind, category, ci, min(starts)))
                have.add(category)
                break
    return out
