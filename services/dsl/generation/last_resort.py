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

from services.dsl.d2.model import Shape
from services.dsl.generation.ops import CONTAINER_NOUN, LIST, Abstract, pair_of

#: nouns a link goes by
_LINK_NOUN = r"(?:link|connection|edge|arrow|line|call|hop|dependency|path|wire|integration)s?"
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
    r"switched|switching|switch|swap|swapped|changed|changing|went|going|ported|porting|"
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


def _said(ab: Abstract, phrase: str) -> str:
    """A phrase of the abstract in the user's words (mentions as written)."""
    said = ab.source(phrase)
    at = ab.original.lower().find(said.lower())
    return ab.original[at : at + len(said)] if at >= 0 and said else said


def _shapes(ab: Abstract, refs: list[str]) -> list[Shape]:
    """The shapes the mentions name (an ambiguous or pronoun mention names none here)."""
    out: list[Shape] = []
    for ref in refs:
        m = ab.m(ref)
        if m.ambiguous or m.pronoun:
            continue
        out.extend(s for s in m.shapes if s not in out)
    return out


def _one_thing(ab: Abstract, text: str) -> str:
    """ "@0 @1" where @0 is the group holding @1 ("GIS parcel lookup"): the one inner shape,
    as a container's name said before its member's is where it sits, not a second thing."""

    def inner(m: re.Match[str]) -> str:
        outer, member = ab.m(m.group(1)), ab.m(m.group(2))
        if len(outer.shapes) == 1 and len(member.shapes) == 1:
            if member.shapes[0].id.startswith(outer.shapes[0].id + "."):
                return m.group(2)
        return m.group(0)

    return re.sub(r"(@\d+)\s+(@\d+)", inner, text)


def _linked(a: Shape, b: Shape, links: Links) -> bool:
    return (a.id, b.id) in links or (b.id, a.id) in links


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
        return Reading(
            "disconnect",
            f"disconnect {_said(ab, unhook.group('x'))} from {_said(ab, unhook.group('y'))}",
            2,
        )
    if not (re.search(r"\b" + _LINK_NOUN + r"\b", t) and re.search(_GONE, t)):
        return None
    pair = pair_of(ab)
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
    return Reading("connect", f"connect {_said(ab, first)} to {_said(ab, second)}", 2 if verb else 1)


def _merged(ab: Abstract, links: Links) -> Reading | None:
    """ "A and B could be merged into a single C", "A and B, make them one service 'C'": the
    merge word anywhere, the shapes before it, the name after "into"/"one"."""
    t = _one_thing(ab, ab.text)
    m = re.search(
        r"(?:the\s+)?(?P<list>" + LIST + r")\b[^@]*?\b(?:merge|(?:make|turn)\s+(?:them|both|"
        r"these|those|em)(?:\s+into)?)\s*(?:together\s+)?(?:into\s+|as\s+)?"
        r"(?P<one>(?:one|a\s+single|single|a\s+combined|one\s+combined|a\s+new|an?)\s+)?"
        r"(?P<into>[^@]+?)\s*(?:,.*)?$",
        t,
    )
    if not m or len(_shapes(ab, re.findall(r"@\d+", m.group("list")))) < 2:
        return None
    if not m.group("one") and not re.search(r"\bqt\d+\b", m.group("into")):
        return None  # "merge" with no one thing said: not this family
    into = re.sub(r"\s+(?:please|pls|now|maybe|too)$", "", m.group("into"))
    return Reading(
        "merge", f"merge {_said(ab, m.group('list'))} into a single {_said(ab, into)}", 1
    )


def _belongs(ab: Abstract, links: Links) -> Reading | None:
    """ "A + B belong in a Billing bounded context (group them)": the list put in the box
    named, a container of the diagram when it is one, otherwise a new group of that name."""
    m = re.search(
        r"^(?:the\s+)?(?P<list>" + LIST + r")\s+(?:\w+\s+)?(?:should\s+|must\s+|really\s+)?"
        r"(?:belongs?|go|goes|fit|fits|sit|sits|live|lives)\s+(?:together\s+)?(?:in|inside|into|"
        r"within|under|to)\s+(?P<box>.+?)\s*(?:,.*)?$",
        ab.text,
    )
    if not m or not _shapes(ab, re.findall(r"@\d+", m.group("list"))):
        return None
    box = m.group("box")
    there = re.fullmatch(r"(?:the\s+)?(@\d+)(?:\s+" + CONTAINER_NOUN + r")?", box)
    if there:
        if not any(s.children for s in ab.m(there.group(1)).shapes):
            return None
        return Reading("move", f"move {_said(ab, m.group('list'))} into {_said(ab, box)}", 1)
    named = re.match(r"(?:an?|one|the|its\s+own|their\s+own)\s+(?P<n>[^@]+)$", box)
    if not named:
        return None
    name = re.sub(_BOX_WORDS, "", named.group("n")).strip()
    if not name:
        return None
    return Reading(
        "group", f"group {_said(ab, m.group('list'))} into {_said(ab, name)}", 1
    )


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
    return Reading("note", f"note {_said(ab, m.group('x'))} as {_said(ab, what)}", 2) if what else None


def _moved_to(ab: Abstract, links: Links) -> Reading | None:
    """ "we've migrated X to Y (SaaS), reflect that", "we're moving X over to Y": news of a
    new product for a drawn part, read as the replacement."""
    t = _one_thing(ab, ab.text)
    m = re.search(
        r"^" + _NEWS + r"(?:over\s+|off\s+)?(?:the\s+)?(?P<x>@\d+)\s+(?:over\s+|across\s+)?"
        r"(?:to|onto|into)\s+(?P<y>[^@,;]{2,50}?)(?:\s+(?:last|this|a\s+while|recently|since|"
        r"now|already)\b.*)?\s*(?:,.*)?$",
        t,
    )
    if not m or not _shapes(ab, [m.group("x")]):
        return None
    new = re.sub(r"^(?:the|an?)\s+", "", m.group("y"))
    return Reading("replace", f"replace {_said(ab, m.group('x'))} with {_said(ab, new)}", 1)


FAMILIES = (_link_gone, _connect_told, _merged, _belongs, _needed_here, _noted, _moved_to)


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
