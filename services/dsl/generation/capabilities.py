"""Business prose to components: what a request asks for in everyday words.

"customers pay online" calls for a payment provider, "reminders by text" for an SMS provider,
"staff log in with their company accounts" for an identity provider. The lexicon
(``capabilities:`` in ``data/phrases.yaml``) maps short word patterns to a KB category; a
pattern matches its words in order inside one clause, at most ``GAP`` other words between two
of them, each word compared by its base form (plural, verb inflections). A category the
request already names (a product, a noun phrase) is not added twice.

A capability is used by the application its clause names ("tenants pay rent in the tenant
app": tenant app -> payment provider), the nearest one before the words, else after them;
where the matched words hold a noun of the user's ("newsletter", "payout"), the shape is
labelled with it ("Newsletter (Email service)").
"""

from __future__ import annotations

from functools import lru_cache

import yaml

from services.dsl.generation.kb import DATA_DIR, KnowledgeBase
from services.dsl.generation.phrase_vocab import DASH, readings
from services.dsl.generation.phrases import TOKEN, Link, Mention, singular, verb_forms

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


#: categories of the applications a capability is used by
USERS = frozenset({"client", "web", "service", "api", "function", "worker", "realtime"})


@lru_cache(maxsize=1)
def _people() -> frozenset[str]:
    with (DATA_DIR / "phrases.yaml").open(encoding="utf-8") as fh:
        return frozenset(str(w) for w in yaml.safe_load(fh)["people"])


def _person(m: Mention) -> bool:
    """A mention of people ("Members", "the auditor"), drawn as the subject of their verb: they
    use the application, the capability is the application's."""
    return not m.headed and singular(m.words[-1]) in _people()


def _clauses(text: str) -> list[tuple[int, list[str]]]:
    """Clauses as (position of the first token, tokens), positions counted as the phrase
    reader counts them (so they compare with ``Mention.index``)."""
    out: list[tuple[int, list[str]]] = [(0, [])]
    for pos, tok in enumerate(TOKEN.findall(DASH.sub(" , ", text.lower()))):
        if tok in _CLAUSE_END:
            out.append((pos + 1, []))
        else:
            out[-1][1].append(tok)
    return [c for c in out if c[1]]


def _own_noun(tokens: list[str], start: int, pattern: Pattern) -> str | None:
    """A noun of the user's among the words the pattern matched ("newsletter")."""
    for tok in tokens[start : start + len(pattern) + GAP * (len(pattern) - 1)]:
        lemmas = readings(tok)
        if "NOUN" in lemmas and "VERB" not in lemmas and any(tok in f for f in pattern):
            return singular(tok)
    return None


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
        for ci, (first, tokens) in enumerate(clauses):
            found = [(s, p) for p in patterns if (s := _matches(tokens, p)) is not None]
            if found:
                start, pattern = min(found, key=lambda f: f[0])
                kind = kb.generic(category)
                words = tuple(kind.label.lower().split())
                label = kind.label
                noun = _own_noun(tokens, start, pattern)
                if noun and noun not in label.lower():
                    label = f"{noun.capitalize()} ({kind.label})"
                out.append(Mention(label, words, kind, category, ci, first + start))
                have.add(category)
                break
    return out


def capability_links(text: str, mentions: list[Mention], found: list[Mention]) -> list[Link]:
    """Each capability used by the application its clause names: the nearest before the
    capability's words, else the nearest after them (indices into ``mentions + found``)."""
    spans = [(first, first + len(tokens)) for first, tokens in _clauses(text)]
    out = []
    for k, cap in enumerate(found):
        span = next(((a, b) for a, b in spans if a <= cap.index < b), None)
        if span is None:
            continue
        users = [
            (i, m.index)
            for i, m in enumerate(mentions)
            if m.category in USERS and span[0] <= m.index < span[1]
        ]
        # "members renew their subscription in the club app": the app, not its people
        apps = [u for u in users if not _person(mentions[u[0]])]
        users = apps or users
        before = [u for u in users if u[1] <= cap.index]
        after = [u for u in users if u[1] > cap.index]
        pick = (
            max(before, key=lambda u: u[1])
            if before
            else min(after, key=lambda u: u[1], default=None)
        )
        if pick is not None:
            out.append(Link(pick[0], len(mentions) + k))
    return out
