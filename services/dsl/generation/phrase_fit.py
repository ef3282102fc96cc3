"""Which shape a phrase means when its words could name several, read from the whole phrase.

:mod:`mentions` links each span of words to the shapes it may name. Three readings of the
words around a mention settle what it means, for every operation alike:

- a head word that names the shape's own kind belongs to the mention ("the submission file
  store" for a cylinder labelled Submission Files, "the pubsub topic" for a queue), so the
  roles around it ("between the X store and Y") stay readable;
- the thing a verb takes *from* another shape is data, not a shape ("read trip info from the
  trips db", "get the PNR from the Reservation Service", "get order notifications from X"):
  a partial mention standing there is dropped;
- a misspelt word before a mention that, with it, spells one shape's name is part of it ("the
  pgae cache", "the boks db"): typos in names are read alike by every operation;
- an ambiguous mention whose words run on into one candidate's name is that candidate ("the
  variant calling jobs" -> Variant Caller, not Variant DB); after "under", "into" or "inside"
  the one container among the candidates is meant.

Only when two readings remain does the caller ask back. Pure functions over the tokens and
mentions of one clause.
"""

from __future__ import annotations

import re
from typing import Any

from rapidfuzz.distance import OSA

from services.dsl.d2.model import Shape

#: head words that name a kind of store or channel, and the D2 shapes / kind categories that
#: kind is drawn as ("the X store" of a cylinder, "the X topic" of a queue)
_KIND_HEADS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    **dict.fromkeys(
        [
            "store",
            "storage",
            "datastore",
            "db",
            "database",
            "table",
            "bucket",
            "repository",
            "repo",
            "volume",
            "share",
            "drive",
            "archive",
            "warehouse",
            "lake",
        ],
        (frozenset(["cylinder", "stored_data"]), frozenset(["database", "storage", "cache"])),
    ),
    **dict.fromkeys(
        ["topic", "queue", "stream", "bus", "broker", "channel", "subscription"],
        (frozenset(["queue"]), frozenset(["queue", "stream"])),
    ),
    "cache": (frozenset(), frozenset(["cache"])),
}


#: words for the outer box of a group ("the Edge zone", "the Core group")
FRAME_WORDS = frozenset(
    [
        "group",
        "grouping",
        "box",
        "boundary",
        "zone",
        "frame",
        "container",
        "wrapper",
        "border",
        "outline",
        "lane",
        "swimlane",
        "area",
        "section",
        "cluster",
        "bucket",
    ]
)


def kind_head(word: str, shape: Shape, category: str | None) -> bool:
    """`word` after the name of `shape` names the kind it is ("the Submission Files store",
    "the Edge zone" of a container)."""
    if shape.children and word in FRAME_WORDS:
        return True
    drawn, categories = _KIND_HEADS.get(word, (frozenset(), frozenset()))
    return shape.shape in drawn or (category is not None and category in categories)


#: verbs whose object is what travels, when a "from" names where it comes from
_TAKES = frozenset(
    re.split(
        r"\s+",
        "get gets getting got read reads reading fetch fetches fetching load loads loading "
        "receive receives receiving consume consumes consuming",
    )
)
_DETERMINERS = frozenset(["the", "its", "their", "all", "any", "some", "up", "new", "latest"])
#: words after the object that are no part of what travels
_NOT_THE_THING = frozenset(["directly", "straight", "now", "anymore", "instead", "not", "no"])
# (not "out of": "take the WAF out of the DMZ" moves a shape, it carries nothing)
_FROM = frozenset(["from", "via", "through", "over"])


def carried(tokens: list[str], gaps: list[str], mentions: list[Any]) -> list[Any]:
    """`mentions` without the partial ones that name what a verb takes from another shape.

    `gaps[k]`: what stands between tokens k and k+1 (punctuation ends the phrase)."""
    starts = {m.start: m for m in mentions}
    drop: set[int] = set()
    for k, m in enumerate(mentions):
        if m.pronoun or m.tier >= 3 or m.start == 0:
            continue
        i = m.start - 1
        while i >= 0 and tokens[i] in _DETERMINERS:
            i -= 1
        if i < 0 or tokens[i] not in _TAKES:
            continue
        # up to two more words of the thing ("trip info", "order notifications"), then the
        # shape it comes from
        j = m.end
        while (
            j < len(tokens)
            and j - m.end < 3
            and tokens[j] not in _FROM
            and j not in starts
            and not gaps[j - 1].strip()
            and tokens[j] not in _NOT_THE_THING
        ):
            j += 1
        if j < len(tokens) and gaps[j - 1].strip():
            continue  # "querying the warehouse directly, not through X": another phrase
        if j >= len(tokens) or tokens[j] not in _FROM:
            continue
        after = j + 1
        while after < len(tokens) and tokens[after] in ("the", "of", "a", "an"):
            after += 1
        if after in starts:  # "get loan data from the loans service": data all the same
            drop.add(k)
    return [m for k, m in enumerate(mentions) if k not in drop]


def _stem_match(a: str, b: str) -> bool:
    """Two words of one stem ("calling"/"caller", "trips"/"trip")."""
    if a == b:
        return True
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n >= 4 and n >= min(len(a), len(b)) - 3


_PLACING = frozenset(["under", "into", "inside", "within", "beneath"])


def narrow(tokens: list[str], mentions: list[Any], words_of: Any, stop: frozenset[str]) -> None:
    """Settle ambiguous mentions whose neighbouring words fit one candidate only (in place)."""
    starts = {m.start for m in mentions}
    for m in mentions:
        if m.pronoun or m.collective or len(m.shapes) < 2:
            continue
        k = m.start - 1
        while k > 0 and tokens[k] in ("the", "our", "that", "this"):
            k -= 1  # "into the garage": the placing word before the determiner
        before = tokens[k] if k >= 0 else ""
        if before in _PLACING or (before == "in" and k < m.start - 1):
            boxes = [s for s in m.shapes if s.children]
            if len(boxes) == 1:
                _settle(m, boxes)
                continue
        run: list[str] = []
        j = m.end
        while j < len(tokens) and len(run) < 2 and j not in starts and tokens[j] not in stop:
            run.append(tokens[j])
            j += 1
        if not run:
            continue
        said = [*tokens[m.start : m.end], *run]

        def fit(s: Shape, said: list[str] = said) -> int:
            name = words_of(s.label) or words_of(s.name)
            return sum(any(_stem_match(w, n) for n in name) for w in said)

        scored = sorted(((fit(s), s) for s in m.shapes), key=lambda p: -p[0])
        if scored[0][0] > m.end - m.start and scored[0][0] > scored[1][0]:
            _settle(m, [scored[0][1]])


def _settle(m: Any, shapes: list[Shape]) -> None:
    m.shapes = shapes
    m.ids = [s.id for s in shapes]


#: what opens a new thing's phrase: a word after it is a new name, not a misspelt one
_NEW = frozenset(["a", "an", "another", "new", "additional", "extra", "second", "one", "some"])


def misspelt_lead(
    tokens: list[str],
    mentions: list[Any],
    labels: list[tuple[Shape, str]],
    known: Any,
    stop: frozenset[str],
) -> None:
    """Extend a mention over the misspelt word before it when the two together are one
    shape's name within one edit ("the pgae cache" -> Page Cache, "the boks db" -> Books DB,
    "the lons service"), in place; words of four letters escape the word-level repair."""
    taken = {k for m in mentions for k in range(m.start, m.end)}
    for m in mentions:
        i = m.start - 1
        if m.pronoun or i < 0 or i in taken:
            continue
        word = tokens[i]
        if len(word) < 3 or not word.isalpha() or word in stop or known(word):
            continue
        if i > 0 and tokens[i - 1] in _NEW:
            continue  # "a pgae cache": a new thing, its name as written
        said = " ".join(tokens[i : m.end])
        fits = [
            s
            for s, label in labels
            if len(label.split()) == m.end - i and OSA.distance(said, label) <= 1 + len(said) // 12
        ]
        if len(fits) == 1:
            m.start, m.text = i, said
            _settle(m, fits)
            m.tier = 3
