"""What each part of a split is said to do, and so which of the whole's links it takes.

People who split a component usually say who does what: "split X into A and B: A keeps the
pricing and payments, B keeps the events", "an Order Service, which takes payment, and a
Ticketing Service, which persists the PNR", "one Write API which receives drafts from the
editor, one Read API which the renderer calls", "A (for instructors) and B (for students),
the B one submits to the queue". This module reads the parts with their duties (a relative
clause, a parenthesis or "for ..." after a part's name, or a later phrase that names the part
by one of its own words, typos allowed) and gives, per part, the shapes its duty names. The
split then hands each of the whole's links to the parts whose duty names the other end (the
links no duty names go to every part), and links a part to a shape its duty names that the
whole was not linked to. Pure functions over the abstract of :mod:`ops`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from services.dsl.generation.mentions import Mention
from services.dsl.generation.ops import Abstract

#: what a part's name is followed by when its duty comes next
_DUTY_START = re.compile(
    r"\s*(?:\(|,?\s*\b(?:which|that|who|for|to|handling|doing|owning|keeping|taking|with)\b)"
)
#: where the next part of a list starts: a separator and a determiner ("…, and a Y", "one Y")
_NEXT_PART = re.compile(r"\s*(?:,\s*(?:and\s+)?|\band\s+|;\s*)(?=(?:an?|one|another|the other)\s)")
#: words of a part's name that do not tell it from the others
_GENERIC = frozenset(
    [
        "service",
        "services",
        "api",
        "apis",
        "app",
        "svc",
        "one",
        "part",
        "the",
        "a",
        "an",
        "new",
        "engine",
        "system",
        "module",
        "component",
        "worker",
        "queue",
        "db",
        "database",
        "store",
        "gateway",
        "server",
    ]
)
#: a receiving duty: the shape it names is the source ("receives drafts from X")
_RECEIVING = re.compile(
    r"\b(?:from|by|for|receiv\w*|gets?|getting|got|consum\w*|pull\w*|subscrib\w*|listen\w*|"
    r"fed|serv\w*)\b"
)
_ORDINAL = {"first": 0, "former": 0, "second": 1, "latter": 1, "other": 1, "third": 2}


@dataclass
class Part:
    name: str  # as the user wrote it
    duty: str = ""  # abstract text said of this part
    shapes: list[tuple[Mention, bool]] = field(default_factory=list)  # (mention, receives)


def _name_and_duty(item: str) -> tuple[str, str]:
    item = re.sub(r"^\s*(?:an?|one|another|the other|the)\s+", "", item.strip(" ,"))
    m = _DUTY_START.search(item)
    if m is None or m.start() == 0:
        return item.strip(" ,."), ""
    return item[: m.start()].strip(" ,."), item[m.start() :].strip(" ,()")


def _own_words(parts: list[Part]) -> list[set[str]]:
    """The words of each part's name that no other part's name has."""
    words = [set(re.findall(r"[a-z0-9]+", p.name.lower())) - _GENERIC for p in parts]
    return [
        w - set().union(*(o for j, o in enumerate(words) if j != i)) for i, w in enumerate(words)
    ]


def _named(segment: str, own: list[set[str]]) -> int | None:
    """The part a phrase is about: one of its own words (typos allowed) or an ordinal near
    the start ("the deliverry one submits ...", "the second one keeps ...")."""
    lead = re.findall(r"[a-z0-9]+", segment.lower())[:4]
    for w in lead:
        if w in _ORDINAL and _ORDINAL[w] < len(own):
            return _ORDINAL[w]
    best, score = None, 0.0
    for i, words in enumerate(own):
        for w in lead:
            for o in words:
                s = fuzz.ratio(w, o)
                if s > score and s >= 80 and len(w) >= 3:
                    best, score = i, s
    return best


def read_parts(ab: Abstract, rest: str) -> list[Part] | None:
    """The parts a split names in `rest` (the abstract after "into" / "in two:"), each with
    its duty (names still in the abstract's words); None when no part is given a duty (the
    split reads its plain list)."""
    cut = re.search(r"[:;.](?=\s|$)", rest)
    head, after = (rest[: cut.start()], rest[cut.end() :]) if cut else (rest, "")
    # "A (for x) and B (for y), the B one ...": a list, then phrases about its parts
    lead = re.search(r",\s*(?=(?:the|their|its|and the)\s|[a-z]+\s+(?:one|part)\b)", head)
    if lead:
        head, after = head[: lead.start()], f"{head[lead.end() :]}, {after}"
    items = _NEXT_PART.split(head)
    if len(items) >= 2 and re.match(r"\s*(?:an?|one|another)\s", head):
        # "an Order Service, which takes payment, and a Ticketing Service, which ..."
        parts = [Part(*_name_and_duty(i)) for i in items]
    else:
        if re.search(r"(?:[,;—–]\s*|\s)(?:both|all|each)\s", head):
            return None  # "A and B, both receiving X": every part does it, links shared
        items = re.split(r"\s*(?:,\s*(?:and\s+)?|\band\s+|&)\s*(?![^()]*\))", head)
        named: list[str] = []
        for item in (i.strip() for i in items if i.strip()):
            if named and _DUTY_START.match(item):
                named[-1] = f"{named[-1]} {item}"  # "A, which feeds X, and B": A's duty
            elif (
                named
                and re.search(r"\b(?:which|that|who)\s", named[-1])
                and re.fullmatch(r"(?:the\s+)?@\d+", item)
            ):
                named[-1] = f"{named[-1]} and {item}"  # "which feeds X and Y": one duty
            else:
                named.append(item)
        parts = [Part(*_name_and_duty(i)) for i in named]
    parts = [p for p in parts if p.name]
    if not 2 <= len(parts) <= 4:
        return None
    own = _own_words([Part(ab.words(p.name)) for p in parts])
    last: int | None = None
    said: list[str] = []  # the shapes named so far, for an "it" that follows
    for segment in _by_part(ab, re.split(r"\s*[,;.]\s*", after), own):
        if not segment.strip():
            continue
        if said and "@" not in segment:
            # "A writes the db, B reads it": "it" is the shape the segment before named
            segment = re.sub(r"\bit\b", said[-1], segment)
        said += re.findall(r"@\d+", segment)
        k = _named(ab.source(segment), own)
        if k is None and last is not None and re.search(r"@\d+", segment):
            k = last  # "A keeps X, and the Y": the same part goes on
        if k is not None:
            parts[k].duty = f"{parts[k].duty} {segment}".strip()
            last = k
    if re.match(r"\s*(?:and\s+)?(?:both|each|all)\b", after):
        return None  # "..., both receiving X": what every part does, the whole's links shared
    for p in parts:
        for ref in re.finditer(r"@(\d+)", p.duty):
            before = p.duty[: ref.start()]
            # "which the X calls": a shape before the verb is the caller
            subject = re.fullmatch(r"(?:\(?\s*)?(?:which|that|who|whom)\s+(?:the\s+)?", before)
            near = " ".join(before.split()[-4:])
            receives = bool(subject) or (
                bool(_RECEIVING.search(near)) and not re.search(r"\b(?:to|into|onto)\s*$", near)
            )
            p.shapes.append((ab.m(ref.group(0)), receives))
    # a duty that names no shape ("kinesis for ingestion") leaves the links to the split's
    # own defaults
    return parts if any(p.shapes for p in parts) else None


def _by_part(ab: Abstract, segments: list[str], own: list[set[str]]) -> list[str]:
    """Each segment cut again before an "and" that opens a phrase about another part ("the
    validator calls X and the writer saves to Y": two duties)."""
    out: list[str] = []
    for segment in segments:
        start = 0
        for m in re.finditer(r"\s+and\s+(?:then\s+)?(?P<p>(?:the\s+)?(?P<w>[a-z][\w-]*))", segment):
            first = _named(ab.source(segment[start : m.start()]), own)
            other = _named(ab.source(m.group("w")), own)
            if other is not None and first is not None and other != first:
                out.append(segment[start : m.start()])
                start = m.start("p")
        out.append(segment[start:])
    return out


_SPLIT_TOLD = re.compile(
    r"\b(?:split\w*|divid\w*|separat\w*|break\w*|carv\w*|partition\w*)\b.*?"
    r"(?:\binto\b|\bin\s+(?:two|three|2|3)\b|:)\s*[:,]?\s*(?P<parts>[^:;.]+)$",
    re.I,
)


def duties_after(split_clause: str, next_clause: str) -> str | None:
    """ "Split X in two: A and B. B sends to Y, A gets Z.": the next sentence says what
    the parts do; the two read as one clause (None when the next sentence names no part)."""
    m = _SPLIT_TOLD.search(split_clause)
    if m is None:
        return None
    names = [n for n in re.split(r"\s*(?:,\s*(?:and\s+)?|\band\s+|&)\s*", m.group("parts")) if n]
    if not 2 <= len(names) <= 4:
        return None
    own = _own_words([Part(n) for n in names])
    if re.search(r"\bnot\b|n't\b", next_clause):
        return None  # "B writes to Y, not A": a correction, read as its own clause
    first = re.split(r"[,;]", next_clause, maxsplit=1)[0]
    if _named(first, own) is None:
        return None
    return f"{split_clause}: {next_clause}"


def peer_links(text: str, names: list[str]) -> list[tuple[int, int]]:
    """The links between the parts of a split that its words state, as (from, to) indexes
    into `names`: "... into A and B, which A calls" (A -> B), "... into A and B: A calls B"
    (A -> B). A part is named by one of its own words (typos allowed); a verb of sending
    or using stands between the two with no punctuation."""
    own = _own_words([Part(n) for n in names])
    words = re.findall(r"[a-z0-9]+|[,;.:()+&]", text.lower())
    at = [_named(w, own) if re.match(r"[a-z0-9]", w) else None for w in words]
    out: list[tuple[int, int]] = []
    for k, i in enumerate(at):
        if i is None:
            continue
        # "B, which (the) A calls": A -> B
        rel = words[k + 1 : k + 3]
        lead = 1 if rel[:1] == [","] else 0
        if len(rel) > lead and rel[lead] in ("which", "that", "whom"):
            start = k + 2 + lead
            j = next(
                (at[n] for n in range(start, min(len(words), start + 3)) if at[n] is not None),
                None,
            )
            tail = words[start : start + 6]
            if j is not None and j != i and any(_sends(w) for w in tail):
                out.append((j, i))
            continue
        # "A calls (the) B": A -> B, no punctuation between
        for n in range(k + 1, min(len(words), k + 7)):
            if not re.match(r"[a-z0-9]", words[n]) or words[n] in ("and", "or"):
                break
            j = at[n]
            if j is not None and j != i:
                if any(_sends(w) for w in words[k + 1 : n]):
                    out.append((i, j))
                break
    return list(dict.fromkeys(out))


def _sends(word: str) -> bool:
    return word in _PEER_VERBS


#: verbs by which one part of a split is told to use another
_PEER_VERBS = frozenset(
    re.split(
        r"\s+",
        "calls call hits hit uses use queries query sends send notifies notify invokes invoke "
        "talks talk asks ask pings ping triggers trigger reaches reach",
    )
)
