"""A shape's way to another said to run through a third: "make A talk to B via Y", "A should
go through Y to reach B", "A needs to hit B through a new pooler".

The detector reads the roles wherever they stand: the thing after "through"/"via" is the
way (a drawn shape, or a new one said with an article), the two other shapes the clause names
are the ends (the first the one that goes). It gives a disconnect of the direct link and a
route through the way, applied by :mod:`edit_ops`; its place among the detectors is in
:mod:`finder`. Pure functions.
"""

from __future__ import annotations

import re

from services.dsl.generation.ops import Abstract, Op, new_phrase

#: verbs by which one shape gets to another, whatever carries the way
_REACH = (
    r"\b(?:talk|talks|call|calls|reach|reaches|hit|hits|access|accesses|go|goes|get|gets|"
    r"connect|connects|send|sends|write|writes|read|reads|query|queries|use|uses|route|routes|"
    r"signal|signals|travel|travels|flow|flows|pass|passes|come|comes)\b"
)


def through(ab: Abstract) -> list[Op] | None:
    """ "make A talk to B via Y", "A should go through Y to reach B", "A needs to hit B
    through a new pooler": A's way to B runs through Y (a drawn shape, or a new one said
    with an article); the direct link goes."""
    t = ab.text
    m = re.search(
        r"\b(?:through|via|thru|by\s+way\s+of)\s+(?:the\s+)?(?P<y>@\d+|(?:an?|one)\s+(?:new\s+)?"
        r"[^@,;]+?)(?=\s+(?:to|from|for|and|so|instead|now|from now on)\b|\s*[,;]|$)",
        t,
    )
    if m is None or not re.search(_REACH, t) or re.search(r"\bbetween\b", t):
        return None
    y = m.group("y")
    ends = [
        k
        for k in (int(r) for r in re.findall(r"@(\d+)", t))
        if f"@{k}" != y and ab.mentions[k].shapes and not ab.mentions[k].ambiguous
    ]
    if len(ends) != 2:
        return None
    a, b = ab.mentions[ends[0]], ab.mentions[ends[1]]
    if set(a.ids) & set(b.ids):
        return None
    if y.startswith("@"):
        via = ab.m(y)
        if set(via.ids) & (set(a.ids) | set(b.ids)):
            return None
        return [Op("disconnect", [a], [b]), Op("route", [a], [via, b])]
    phrase = new_phrase(re.sub(r"^(?:an?|one)\s+(?:new\s+)?", "", y))[0]
    return [Op("disconnect", [a], [b]), Op("route_new", [a], [b], new=ab.words(phrase))]
