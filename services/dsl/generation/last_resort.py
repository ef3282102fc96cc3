"""The last-resort reader: a clause every detector and every implied reading missed, read as
its operation word(s) wherever they stand, with slots filled from the diagram.

People tell an edit with the operation as a noun or a participle ("I would like the
connection between A and B removed"), as a need ("coach needs to see the bookings, connect
them", "we require a bot filter in front of X"), as a belonging ("A + B belong in a Billing
context"), as a passive wish ("A and B could be merged into a single C"), as news with the new
name after "to" ("we migrated X to Y, reflect that"), or as a note ("note on X that ..."). No
detector reads these, because the verb is not where a command puts it. Here the clause is
looked at as a bag of operation words (verbs and nouns) plus the mentions the linker found
and the new names it says, and each operation family fills its slots by the diagram: a link
removed must exist, a connection must be new, a merge needs two shapes, a group a name or a
container.

Each family gives at most one reading: a plain request in the user's words, which
:mod:`update` reads again with the ordinary detectors (so the edit itself is never done
here). The readings are ranked by how plainly the operation was said (a verb of the family
beats a word that only implies it); when the two best readings are of different families
and equally plain, :func:`ask_back` names both instead of guessing. Only called on clauses
nothing else read, so what the detectors read is never changed. Pure functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from lemminflect import getAllLemmas
from rapidfuzz import process
from rapidfuzz.distance import OSA

from services.dsl.d2.model import Shape
from services.dsl.generation.elliptic import _said  # a phrase in the user's own words
from services.dsl.generation.ops import CONTAINER_NOUN, LIST, SHAPES, Abstract, pair_of
from services.dsl.generation.spelling import speller

#: nouns a link goes by
_LINK_NOUN = r"(?:link|connection|edge|arrow|line|call|hop|dependency|path|wire|integration)s?"
_LINK_NOUNS = ["link", "links", "connection", "connections", "edge", "arrow", "arrows"]
#: words that say a thing should go (verbs, participles, states)
_GONE = (
    r"\b(?:remove|gone|away|cut|deleted|dropped|disconnect|unhook\w*|unplug\w*|detach\w*|"
    r"unlink\w*|sever\w*|decouple\w*|not\s+(?:needed|required|wanted|necessary)|"
    r"unnecessary|obsolete|redundant|no\s+longer\s+needed)\b"
)
#: verbs that undo a link, written as one word ("unhook A from B")
_UNLINK = r"(?:unhook\w*|unplug\w*|detach\w*|unlink\w*|decouple\w*|sever\w*|disconnect\w*)"
#: what one shape does to another that a link draws ("needs to see", "should reach")
_SEES = (
    r"(?:see|sees|access|accesses|reach|reaches|read|reads|query|queries|call|calls|use|uses|"
    r"talk\s+to|talks\s+to|look\s+at|looks\s+at|get\s+at|pull\s+from)"
)
#: a wish or a need around a request ("we require", "i would like", "they want")
_NEED = (
    r"(?:we|i|they|you|the\s+team|ops|security|the\s+business)\s+(?:\w+\s+)?(?:require|"
    r"requires|need|needs|want|wants|would\s+like|'d\s+like|like|expect|ask\s+for)\s+"
)
_PLACED = r"(?:between|in\s+front\s+of|behind|before|after|upstream\s+of|downstream\s+of)"
#: news of a move to another product: the verb, "over"/"off", then "to" the new name
_NEWS = (
    r"(?:we|i|they|the\s+team)\s+(?:\w+\s+)?(?:migrate|migrated|moved|moving|move|"
    r"switched|switching|switch|swap|swapped|replaced|replacing|changed|changing|went|going|ported|porting|"
    r"replatformed|rehosted)\s+"
)
#: words a group's name ends with that are the kind of box, not its name
_BOX_WORDS = r"(?:\s+(?:bounded\s+context|context|domain|" + CONTAINER_NOUN + r"))+$"


#: the diagram's links, as (source id, target id)
Links = set[tuple[str, str]]


@dataclass
class Reading:
    """A plain request for one clause, its family and how plainly it was said (2: a verb
    of the family, 1: a word that implies it)."""

    family: str
    text: str
    plain: int
    #: clauses read after the first ("unhook A + B from C": one disconnect each)
    more: tuple[str, ...] = ()


def _shapes(ab: Abstract, refs: list[str], *, pronouns: bool = False) -> list[Shape]:
    """The shapes the mentions name (an ambiguous mention names none here, nor a pronoun
    unless `pronouns`)."""
    out: list[Shape] = []
    for ref in refs:
        m = ab.m(ref)
        if m.ambiguous or (m.pronoun and not pronouns):
            continue
        out.extend(s for s in m.shapes if s not in out)
    return out


def _linked(a: Shape, b: Shape, links: Links) -> bool:
    return (a.id, b.id) in links or (b.id, a.id) in links


@lru_cache(maxsize=4096)
def _link_noun(word: str) -> str:
    """A misspelt link noun mended ("arow", "conection"); any other word as it is."""
    if speller().known([word]):
        return word
    hit = process.extractOne(word, _LINK_NOUNS, scorer=OSA.distance, score_cutoff=1)
    return str(hit[0]) if hit else word


def _link_gone(ab: Abstract, links: Links) -> Reading | None:
    """ "I would like the connection between A and B removed", "unhook A + B from C": a link
    named (by a link noun and its two ends, or an undoing verb) and said to go."""
    t = ab.text
    unhook = re.search(
        r"\b" + _UNLINK + r"\s+(?:the\s+)?(?P<x>" + LIST + r")\s+(?:from|and)\s+(?:the\s+)?"
        r"(?P<y>@\d+)",
        t,
    )
    if unhook:
        y = _said(ab, unhook.group("y"))
        each = [
            f"disconnect {_said(ab, x)} from {y}" for x in re.findall(r"@\d+", unhook.group("x"))
        ]
        return Reading("disconnect", each[0], 2, tuple(each[1:]))
    t = re.sub(r"\b[a-z]{3,}\b", lambda w: _link_noun(w.group(0)), t)
    if not (re.search(r"\b" + _LINK_NOUN + r"\b", t) and re.search(_GONE, t)):
        return None
    pair = pair_of(Abstract(t, ab.mentions, ab.quotes, ab.original, ab.spans, ab.every))
    if pair is None:
        return None
    a, b = pair
    if len(a.shapes) != 1 or len(b.shapes) != 1:
        return None
    if not _linked(a.shapes[0], b.shapes[0], links):
        return None  # nothing to remove: another reading, or a question, is meant
    return Reading("disconnect", f"disconnect the {a.text} from the {b.text}", 1)


def _connect_told(ab: Abstract, links: Links) -> Reading | None:
    """ "coach needs to see the bookings too, connect them", "X should reach Y, link them": two
    shapes of the clause and a connecting word (or a verb of seeing said as a need)."""
    t = ab.text
    verb = re.search(r"\bconnect\s+(?:them|em|the\s+two|both|these|those)\b", t)
    sees = re.search(
        r"^(?:the\s+)?(?P<x>@\d+)\s+(?:\w+\s+)?(?:needs?\s+to|should|must|has\s+to|have\s+to|"
        r"wants?\s+to|ought\s+to)\s+(?:also\s+|be\s+able\s+to\s+)?" + _SEES + r"\s+(?:the\s+)?"
        r"(?P<y>@\d+)",
        t,
    )
    refs = re.findall(r"@\d+", t)
    if sees:
        refs = [sees.group("x"), sees.group("y")]
    elif not verb:
        return None
    shapes = _shapes(ab, refs)
    if len(shapes) != 2 or _linked(shapes[0], shapes[1], links):
        return None
    first, second = refs[0], refs[-1]
    return Reading(
        "connect", f"connect {_said(ab, first)} to {_said(ab, second)}", 2 if verb else 1
    )


def _merged(ab: Abstract, links: Links) -> Reading | None:
    """ "A and B could be merged into a single C", "both X -> one 'C'", "A and B, make them one
    service 'C'" (them: what the clause before named): the merge word (or an arrow, "make
    ... one") anywhere, the shapes before it, the name after "into"/"one"."""
    t = ab.text
    m = re.search(
        r"(?:the\s+|both\s+|all\s+)?(?P<list>" + LIST + r")\b[^@]*?(?:\bmerge\b|->|=|\bbecomes?\b|"
        r"\b(?:make|turn)\s+(?:them|both|these|those|em)(?:\s+into)?)\s*(?:together\s+)?"
        r"(?:into\s+|as\s+)?(?P<one>(?:one|a\s+single|single|a\s+combined|one\s+combined|"
        r"a\s+new|an?)\s+)?(?P<into>(?:@\d+\s+)?qt\d+|[^@]+?)\s*(?:,.*)?$",
        t,
    ) or re.search(
        r"\b(?:make|turn)\s+(?P<list>@\d+)\s+(?:into\s+)?(?P<one>(?:one|a\s+single|single)\s+)"
        r"(?P<into>(?:@\d+\s+)?qt\d+|[^@]+?)\s*(?:,.*)?$",
        t,
    )
    if not m or len(_shapes(ab, re.findall(r"@\d+", m.group("list")), pronouns=True)) < 2:
        return None
    into = re.sub(r"\s+(?:please|pls|now|maybe|too)$", "", m.group("into"))
    if not m.group("one") and not re.fullmatch(r"(?:@?\w+\s+)?qt\d+", into):
        return None  # "merge" with no one thing said: not this family
    named = re.fullmatch(r"(?:@?\w+\s+)?(qt\d+)", into)
    into = f"{named.group(1)}" if named else f"a single {_said(ab, into)}"
    return Reading("merge", f"merge {_said(ab, m.group('list'))} into {into}", 1)


def _belongs(ab: Abstract, links: Links) -> Reading | None:
    """ "A + B belong in a Billing bounded context (group them)": the list put in the box
    named, a container of the diagram when it is one, otherwise a new group of that name."""
    m = re.search(
        r"^(?:the\s+)?(?P<list>" + LIST + r")\s+(?:\w+\s+)?(?:should\s+|must\s+|really\s+)?"
        r"(?:belongs?|go|goes|fit|fits|sit|sits|live|lives)\s+(?:together\s+)?(?:in|inside|into|"
        r"within|under|to)\s+(?P<box>.+?)\s*(?:,.*)?$",
        ab.text,
    ) or re.search(
        # "X is really part of the web side now": a member of the container named
        r"^(?:the\s+)?(?P<list>" + LIST + r")\s+(?:is|are)\s+(?:really\s+|actually\s+|now\s+|"
        r"more\s+)*(?:an?\s+)?(?:part|member)\s+of\s+(?P<box>(?:the\s+)?@\d+)"
        r"(?:\s+(?:side|team|part|area|world|stack|domain|end))?(?:\s+now)?\s*(?:,.*)?$",
        ab.text,
    )
    if not m or not _shapes(ab, re.findall(r"@\d+", m.group("list"))):
        return None
    box = m.group("box")
    there = re.fullmatch(r"(?:the\s+)?(@\d+)(?:\s+" + CONTAINER_NOUN + r")?", box)
    there = there or re.fullmatch(r"(?:the\s+)?(@\d+)", box)
    if there:
        if not any(s.children for s in ab.m(there.group(1)).shapes):
            return None
        inside = _said(ab, there.group(1))
        return Reading("move", f"move {_said(ab, m.group('list'))} into {inside}", 1)
    named = re.match(r"(?:an?|one|the|its\s+own|their\s+own)\s+(?P<n>[^@]+)$", box)
    if not named:
        return None
    name = re.sub(_BOX_WORDS, "", named.group("n")).strip()
    if not name:
        return None
    return Reading("group", f"group {_said(ab, m.group('list'))} into {_said(ab, name)}", 1)


def _needed_here(ab: Abstract, links: Links) -> Reading | None:
    """ "We require a bot-detection service in front of X, as ...": a new part placed by a
    relation, wrapped in a need (the reason after the comma dropped)."""
    m = re.search(
        r"^" + _NEED + r"(?P<new>(?:an?|one|some)\s+[^@,;]{2,50}?)\s+(?P<rel>" + _PLACED + r")"
        r"\s+(?P<rest>(?:the\s+|an?\s+)?@\d+(?:\s+and\s+(?:the\s+)?@\d+)?)",
        ab.text,
    )
    if not m:
        return None
    return Reading(
        "add",
        f"add {_said(ab, m.group('new'))} {m.group('rel')} {_said(ab, m.group('rest'))}",
        1,
    )


def _noted(ab: Abstract, links: Links) -> Reading | None:
    """ "note on X that records are kept two years", "jot down for X: TTL 5 min": a note on
    the shape, in the user's words."""
    m = re.search(
        r"\b(?:note|jot|write|record|document|put\s+a\s+note|add\s+a\s+note|leave\s+a\s+note)"
        r"(?:\s+down)?\s+(?:on|for|against|in|at)\s+(?:the\s+)?(?P<x>" + LIST + r")\s*"
        r"(?:that|:|,|saying|stating)\s+(?P<what>[^@]+)$",
        ab.text,
    )
    if not m:
        return None
    what = re.sub(r"\s*(?:please|thanks?|thank\s+you)\b.*$", "", m.group("what")).strip()
    return (
        Reading("note", f"note {_said(ab, m.group('x'))} as {_said(ab, what)}", 2) if what else None
    )


#: when news happened, after the new name ("a while ago", "last sprint")
_WHEN = (
    r"(?:\s+(?:last|this|a\s+while|a\s+few|some|recently|since|now|already|yesterday|"
    r"earlier|over\s+the)\b.*)?"
)


def _moved_to(ab: Abstract, links: Links) -> Reading | None:
    """ "we've migrated X to Y (SaaS), reflect that", "we're moving X over to amazon MSK",
    "we replaced X with Y a while ago, the diagram still shows X", "we changed the X, now it
    is Y": news of a new product for a drawn part, read as the replacement. A word of the new
    name that names the same part ("amazon MSK" for the Kafka drawn) is part of the name."""
    t = ab.text
    x = ab.m
    same = re.sub(
        r"@(\d+)",
        lambda g: g.group(0) if not _same_as_before(ab, t, g) else x(g.group(0)).text,
        t,
    )
    m = re.search(
        r"^" + _NEWS + r"(?:over\s+|off\s+)?(?:the\s+)?(?P<x>@\d+)\s+(?:over\s+|across\s+)?"
        r"(?:to|onto|into|with|for|by)\s+(?P<y>[^@,;]{2,50}?)" + _WHEN + r"\s*(?:,.*)?$",
        same,
    ) or re.search(
        r"^" + _NEWS + r"(?:the\s+)?(?P<x>@\d+)\s*,\s*(?:and\s+)?now\s+(?:it\s+is|it\s+has\s+been|"
        r"we\s+(?:use|have|are\s+on)|we\s+use|is)\s+(?P<y>[^@,;]{2,50}?)" + _WHEN + r"$",
        same,
    )
    if not m or not _shapes(ab, [m.group("x")]):
        return None
    new = re.sub(r"^(?:the|an?)\s+", "", m.group("y"))
    return Reading("replace", f"replace {_said(ab, m.group('x'))} with {_said(ab, new)}", 1)


def _same_as_before(ab: Abstract, text: str, ref: re.Match[str]) -> bool:
    """A mention that names the same shapes as the first mention before it: a word of a new
    name ("amazon MSK" after "kafka"), not a second part."""
    first = re.search(r"@\d+", text)
    if first is None or first.group(0) == ref.group(0):
        return False
    return bool(ab.m(ref.group(0)).shapes) and set(ab.m(ref.group(0)).ids) == set(
        ab.m(first.group(0)).ids
    )


def _drawn_as(ab: Abstract, links: Links) -> Reading | None:
    """ "origin storage = cylinder", "X is a hexagon now": a box shape given with no verb."""
    m = re.fullmatch(
        r"(?:the\s+)?(?P<x>" + LIST + r")\s*(?:=|:=|is|are|as)\s+(?:an?\s+)?(?:now\s+)?"
        r"(?P<shape>" + "|".join(SHAPES) + r")s?(?:\s+(?:now|please|pls|shape))?",
        ab.text,
    )
    if not m:
        return None
    return Reading("reshape", f"make {_said(ab, m.group('x'))} a {m.group('shape')}", 1)


def _got(ab: Abstract, links: Links) -> Reading | None:
    """ "can we get a telematics ingest service that reads X": "get"/"have"/"set up" a new
    part is an add."""
    m = re.match(
        r"(?:get|have|grab|set\s+up|stand\s+up|spin\s+up|bring\s+in)\s+(?P<rest>(?:an?|one|"
        r"another)\s+[^@]{2,60}?\s+(?:that|which|to|for|in\s+front\s+of|between|behind)\b.*)$",
        ab.text,
    )
    if not m:
        return None
    return Reading("add", f"add {_said(ab, m.group('rest'))}", 1)


def _compared(ab: Abstract, links: Links) -> Reading | None:
    """ "group them into a Data Tier like the other tiers": a comparison at the end says how,
    not what; the request without it."""
    m = re.search(
        r"\s*,?\s+(?:just\s+)?(?:like|as\s+with|same\s+as|similar\s+to)\s+(?:the\s+)?"
        r"(?:other|others|rest)\b.*$|\s*,?\s+(?:like|as)\s+(?:we\s+did|the\s+others?)\b.*$",
        ab.text,
    )
    if not m or m.start() == 0:
        return None
    return Reading("same", _said(ab, ab.text[: m.start()]), 2)


def _box_meant(ab: Abstract, links: Links) -> Reading | None:
    """ "the X box is pointless now, get rid of the box but keep ...": "the box" with no name
    is the box the clause before talked about ("it")."""
    if "@" in ab.text:
        return None
    m = re.search(r"\b(?:the|that|this)\s+(?:" + CONTAINER_NOUN + r")\b", ab.text)
    if not m:
        return None
    return Reading("same", _said(ab, ab.text[: m.start()] + "it" + ab.text[m.end() :]), 1)


def _had_do(ab: Abstract, links: Links) -> Reading | None:
    """ "then have it update the X too", "let them read Y": a causative around what the
    shape is to do; the shape does it."""
    m = re.match(
        r"(?:and\s+|then\s+|also\s+)*(?:have|let|make|get)\s+(?P<x>it|them|(?:the\s+)?@\d+)\s+"
        r"(?:also\s+)?(?P<verb>[a-z]+)\s+(?P<rest>.+)$",
        ab.text,
    )
    if not m or not getAllLemmas(m.group("verb")).get("VERB") or m.group("verb") in ("be", "a"):
        return None
    x = m.group("x") if m.group("x") in ("it", "them") else _said(ab, m.group("x"))
    verb = "write to" if m.group("verb") in _DATA_VERBS else m.group("verb")
    return Reading("same", f"{x} should {verb} {_said(ab, m.group('rest'))}", 1)


#: verbs of changing a store's data, which a link from the doer to the store draws
_DATA_VERBS = frozenset(
    re.findall(
        r"\w+",
        "update updates updated upsert upserts populate populates fill fills persist persists "
        "modify modifies mutate mutates",
    )
)


def _updates(ab: Abstract, links: Links) -> Reading | None:
    """ "it should update the X too", "A upserts B": changing a store's data is writing to it
    (the doer first)."""
    m = re.match(
        r"(?:and\s+|then\s+|also\s+)*(?P<x>it|they|(?:the\s+)?@\d+)\s+(?:should\s+|must\s+|"
        r"will\s+|can\s+|also\s+|then\s+)*(?P<verb>[a-z]+)\s+(?:the\s+)?(?P<y>@\d+)"
        r"(?:\s+(?:too|as\s+well|also))?$",
        ab.text,
    )
    if not m or m.group("verb") not in _DATA_VERBS:
        return None
    return Reading("connect", f"{_said(ab, m.group('x'))} writes to {_said(ab, m.group('y'))}", 1)


def _new_box(ab: Abstract, links: Links) -> Reading | None:
    """ "make a group Venue", "create a new zone Edge Devices": a container and its name
    right after the container word."""
    m = re.match(
        r"(?:make|create|add|set\s+up|draw|start|open)\s+(?:an?\s+)?(?:new\s+)?(?:empty\s+)?"
        r"(?P<noun>" + CONTAINER_NOUN + r")\s+(?:for\s+)?(?P<name>[^@,;]{2,40}?)\s*(?:please)?$",
        ab.text,
    )
    if not m or re.match(r"(?:called|named|with|for|of|in|inside|to)\b", m.group("name")):
        return None
    return Reading("add", f"make a {m.group('noun')} called {_said(ab, m.group('name'))}", 2)


FAMILIES = (
    _link_gone,
    _connect_told,
    _merged,
    _belongs,
    _needed_here,
    _noted,
    _moved_to,
    _drawn_as,
    _got,
    _compared,
    _box_meant,
    _had_do,
    _updates,
    _new_box,
)


def last_resort(ab: Abstract, links: Links) -> list[Reading]:
    """The readings of a clause nothing else read, plainest first (see the module)."""
    found: list[Reading] = []
    for family in FAMILIES:
        reading = family(ab, links)
        if reading:
            found.append(reading)
    return sorted(found, key=lambda r: -r.plain)


def ask_back(readings: list[Reading]) -> str | None:
    """A question naming the two readings when the two plainest are of different families
    and equally plain (neither can be preferred), else None."""
    if len(readings) < 2:
        return None
    first, second = readings[0], readings[1]
    if first.plain != second.plain or first.family == second.family:
        return None
    return f"Do you want me to {first.text}, or to {second.text}?"
