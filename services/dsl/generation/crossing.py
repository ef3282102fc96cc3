"""A rule for the links that cross a boundary: "all traffic between the site and the cloud
must go over a VPN", "every call from the clinic to the cloud passes through the VPN" — each
connection drawn with one end in the first part (or inside it) and the other in the second
is labelled with what it goes over (its own label kept before it). A following clause that
only asks to show this on those links ("mark it on every connection crossing that
boundary") is the same request, read as done (:func:`restates`)."""

from __future__ import annotations

import re

from services.dsl.d2.model import Shape
from services.dsl.generation.edit_run import Run
from services.dsl.generation.edit_shapes import relabel_edge
from services.dsl.generation.mentions import scan

_RULE = re.compile(
    r"^(?:please\s+)?(?:(?:all|any|every|each)\s+(?:of\s+)?(?:the\s+)?)?"
    r"(?:network\s+)?(?:traffic|communication|connections?|links?|calls?|data|requests?)\s+"
    r"(?:between|from)\s+(?P<a>.+?)\s+(?:and|to)\s+(?P<b>.+?)\s+"
    r"(?:(?:shall|must|should|will|has\s+to|have\s+to|needs?\s+to|is\s+to|are\s+to)\s+)?"
    r"(?:now\s+)?(?P<v>traverses?|go(?:es)?\s+(?:through|over|via)|pass(?:es)?\s+through|"
    r"runs?\s+(?:over|through)|flows?\s+(?:over|through)|be\s+(?:sent|routed|tunnell?ed)\s+"
    r"(?:over|through|via)|routes?\s+(?:over|through|via)|uses?|be\s+over)\s+"
    r"(?:(?:a|an|the|our)\s+)?(?P<x>[\w\- ]+?)\s*[.!]?$",
    re.I,
)
_RESTATES = re.compile(
    r"\b(?:indicate|mark|show|note|label|annotate|reflect|draw)\w*\b.*"
    r"\b(?:connections?|links?|edges?|arrows?|lines?)\b.*\b(?:cross\w*|boundary|between)\b",
    re.I,
)


def _one(run: Run, words: str) -> Shape | None:
    st = run.st
    _, mentions = scan(st.kb, st.diagram, st.d2, words)
    named = [m for m in mentions if len(m.shapes) == 1]
    return named[0].shapes[0] if len(named) == 1 else None


def _inside(shape_id: str, part: Shape) -> bool:
    return shape_id == part.id or shape_id.startswith(part.id + ".")


def crossing(run: Run, text: str) -> str | None:
    """Each link between the two parts `text` names labelled with what it must go over, or
    None when `text` is no such rule (or names no two parts with a link between them)."""
    m = _RULE.match(text.strip())
    if not m:
        return None
    a, b = _one(run, m.group("a")), _one(run, m.group("b"))
    what = m.group("x").strip()
    if a is None or b is None or a.id == b.id or not what:
        return None
    if _inside(a.id, b) or _inside(b.id, a):
        return None
    pairs = []
    for c in run.st.diagram.connections:
        if (_inside(c.src, a) and _inside(c.dst, b)) or (_inside(c.src, b) and _inside(c.dst, a)):
            pairs.append((c.src, c.dst))
    if not pairs:
        return None
    for src, dst in pairs:
        left, right = run.st.diagram.shape(src), run.st.diagram.shape(dst)
        if left is not None and right is not None:
            relabel_edge(run, left, right, what, append=True)
    return f"marked {len(pairs)} link(s) between {a.label} and {b.label} as going over {what}"


def restates(text: str) -> bool:
    """ "indicate this on every connection crossing that boundary": the rule said again."""
    return bool(_RESTATES.search(text))
