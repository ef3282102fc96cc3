"""What a store holds is no component: "tokens in vault DB", "ledger stored in Postgres".

A create request often says where its data rests right after a step of its flow
("tokenizer svc -> HSM; tokens in vault DB", "receipts in an S3 bucket"). The phrase reader
reads the data ("tokens", "receipts") as a component of its own, which swells the diagram and
leaves the store hanging off a box nobody drew. Here a short unknown run (no kind, no proper
name, no component head) followed by "in"/"stored in"/"kept in" and a store of the same
clause is the store's content: it is dropped, and the application the request named last
before it (the one whose data it is) uses the store. Data the clause moves on ("orders in
MySQL are copied to OpenSearch") stays: the clause is about it. Pure function over
:mod:`phrases` data.
"""

from __future__ import annotations

import re

from services.dsl.generation.phrase_relations import fold_into
from services.dsl.generation.phrase_vocab import DASH, HUB_CATEGORIES
from services.dsl.generation.phrases import TOKEN, Link, Mention, singular

#: categories of the places data rests
STORES = frozenset(
    {"database", "storage", "cache", "search", "timeseries", "data_lake", "warehouse", "vector_db"}
)
#: the words between the data and its store: "in", "stored in", "are kept in" ("into" moves
#: data by a step of its own: "projections into Postgres")
_HELD = re.compile(
    r"(?:(?:is|are|get|gets|go|goes|live|lives|land|lands|sit|sits)\s+)?"
    r"(?:(?:stored|kept|saved|persisted|held|written|cached)\s+)?(?:in|inside)"
)
#: what may follow the store when the data is only kept there ("scores in Redis, ...")
_CLAUSE_GOES_ON = frozenset({",", ";", ".", "!", "?", ")", "and", "plus", "while", "with"})
_ARTICLES = frozenset({"a", "an", "the", "our", "its", "their"})
#: longest run read as data
MAX_WORDS = 2


def fold_held(
    text: str, mentions: list[Mention], links: list[Link]
) -> tuple[list[Mention], list[Link]]:
    """`mentions` and `links` without the data runs stored in a named store; the
    application named before each uses that store instead."""
    toks = [t.lower() for t in TOKEN.findall(DASH.sub(" , ", text))]
    into: dict[int, int | None] = {}  # a dropped data run -> the application it belongs to
    for i, m in enumerate(mentions[:-1]):
        store = mentions[i + 1]
        if not _data_run(m) or store.category not in STORES or store.clause != m.clause:
            continue
        between = [w for w in toks[m.index + len(m.words) : store.index] if w not in _ARTICLES]
        if not between or not _HELD.fullmatch(" ".join(between)):
            continue
        after = store.index + len(store.words)
        if after < len(toks) and toks[after] not in _CLAUSE_GOES_ON:
            continue  # "orders in MySQL are copied to OpenSearch": the clause is about the
            # data (its reader needs it as the subject); it stays
        into[i] = _owner(mentions, i)
    if not into:
        return mentions, links
    # a link of a dropped data run is its owner's ("tokens -> vault db": the tokenizer's)
    return fold_into(mentions, links, into)


def _owner(mentions: list[Mention], i: int) -> int | None:
    """The application the data of mention `i` belongs to: one named with its words ("orders"
    -> the order service), else the last one named before it."""
    own = {singular(w) for w in mentions[i].words}
    apps = [k for k in range(len(mentions)) if k != i and mentions[k].category in HUB_CATEGORIES]
    named = [k for k in apps if own & {singular(w) for w in mentions[k].words}]
    before = [k for k in apps if k < i]
    if named:
        return named[0]
    return before[-1] if before else None


def _data_run(m: Mention) -> bool:
    """A short run the knowledge base does not know, written in lower case, with no head
    noun of a component ("tokens", "receipts", "ledger")."""
    return m.kind is None and not m.proper and not m.headed and len(m.words) <= MAX_WORDS
