"""Restyle as a category: the look a user asks a shape to take, as D2 style keys.

People describe a look, not a D2 key: "colour all the databases light blue", "a red border on
both", "dotted outline, grey", "make it stand out", "fade the legacy ones". The look is read
from the clause's words wherever they stand: a colour word (with "light"/"dark") fills the
shape unless it qualifies a border noun ("red border": the stroke) or the text ("blue text":
the font colour); "dashed"/"dotted" draw the border broken; "bold", "thick", "shadow",
"3d", "faded"/"transparent" and "stand out"/"highlight" have their own keys. The shapes are
every mention of the clause (collectives and "it"/"them" included). The detector fires only
where the clause styles something (a verb of looking or colouring, a copula, or a bare
property list), so "add a red cache" stays an add. Part of the operation finder
(:mod:`finder`); a box shape word in the same clause ("hexagon, orange") is read too.
Pure functions.
"""

from __future__ import annotations

import re

from services.dsl.generation.ops import SHAPES, Abstract, Op

#: the colours people name, as the pale tones the style pack fills with (and strong tones
#: for borders and text, where a pale tone would not show)
PALE = {
    "red": "#fecaca",
    "green": "#bbf7d0",
    "blue": "#bfdbfe",
    "yellow": "#fef08a",
    "orange": "#fed7aa",
    "purple": "#e9d5ff",
    "violet": "#e9d5ff",
    "gray": "#e5e7eb",
    "grey": "#e5e7eb",
    "pink": "#fbcfe8",
    "teal": "#99f6e4",
    "cyan": "#a5f3fc",
    "brown": "#e7d3bf",
    "black": "#374151",
    "white": "#ffffff",
}
STRONG = {
    "red": "#dc2626",
    "green": "#16a34a",
    "blue": "#2563eb",
    "yellow": "#ca8a04",
    "orange": "#ea580c",
    "purple": "#9333ea",
    "violet": "#9333ea",
    "gray": "#6b7280",
    "grey": "#6b7280",
    "pink": "#db2777",
    "teal": "#0d9488",
    "cyan": "#0891b2",
    "brown": "#92400e",
    "black": "#111827",
    "white": "#ffffff",
}
LIGHT = {c: v for c, v in PALE.items()}
DARK = dict(STRONG)

_COLOUR = r"(?:(?P<tone>light|pale|pastel|soft|dark|deep|bright)\s*-?\s*)?(?P<c>" + "|".join(
    PALE
) + r")(?:ish)?"
_BORDER = r"(?:border|outline|stroke|frame|edge|line|rim)s?"
_TEXT = r"(?:text|font|label|lettering|writing)s?"
#: a verb or phrase that says the clause is about the look of shapes
_STYLING = re.compile(
    r"\b(?:make|made|colou?r\w*|paint\w*|style\w*|restyle\w*|highlight\w*|shade|tint|fill\w*|"
    r"give|set|change|turn|render|draw|show|use|emphasi[sz]e|look\w*|appear|mark|"
    r"stand\s+out|pop|fade|grey\s+out|gray\s+out|dim)\b|\b(?:is|are|be|should|must)\b|^[^a-z]*@\d+"
)
#: verbs of other operations: a colour next to them describes a new or linked thing
_OTHER = re.compile(r"\b(?:add|insert|connect|remove|replace|swap|rename|split|merge|group)\b")


def _colour(tone: str | None, c: str, strong: bool) -> str:
    if tone in ("dark", "deep") or (strong and tone not in ("light", "pale", "pastel", "soft")):
        return DARK[c]
    return LIGHT[c] if not strong or tone else STRONG[c]


def looks(text: str) -> list[tuple[str, str]]:
    """The style keys and values the words of `text` describe, in order, one per key."""
    out: dict[str, str] = {}
    for m in re.finditer(_COLOUR + r"(?:\s+(?P<what>" + _BORDER + "|" + _TEXT + r"))?", text):
        what = m.group("what") or ""
        after = text[m.end() :]
        if not what and re.match(r"\s*(?:and\s+)?(?:dashed|dotted|thick|bold)\s+" + _BORDER, after):
            continue  # "red dashed border": the border's colour, read below
        if re.match(_BORDER, what):
            out.setdefault("stroke", _colour(m.group("tone"), m.group("c"), True))
        elif what:
            out.setdefault("font-color", _colour(m.group("tone"), m.group("c"), True))
        else:
            out.setdefault("fill", _colour(m.group("tone"), m.group("c"), False))
    broken = re.search(
        r"\b(?:(?P<c>" + "|".join(PALE) + r")\s+(?:and\s+)?)?(?P<how>dashed|dotted|broken)\b", text
    )
    if broken:
        out["stroke-dash"] = "2" if broken.group("how") == "dotted" else "5"
        if broken.group("c"):
            out.setdefault("stroke", STRONG[broken.group("c")])
    if re.search(r"\b(?:thick|thicker|heavy|heavier|wide|wider)\s+" + _BORDER, text):
        out["stroke-width"] = "4"
    if re.search(r"\bbold\b(?!\s+" + _BORDER + ")", text):
        out["bold"] = "true"
    if re.search(r"\bshadows?\b|\bshadowed\b", text):
        out["shadow"] = "true"
    if re.search(r"\b3d\b|\bthree[\s-]dimensional\b", text):
        out["3d"] = "true"
    if re.search(
        r"\b(?:fade\w*|faded|transparent|translucent|see[\s-]through|(?:gr[ae]y|dim)\w*\s+out|"
        r"dimm?ed|ghost\w*)\b",
        text,
    ):
        out["opacity"] = "0.5"
    if not out and re.search(
        r"\b(?:stand\s+out|standing\s+out|stands\s+out|pop|highlight\w*|emphasi[sz]\w*|"
        r"eye[\s-]catching|noticeable)\b",
        text,
    ):
        out["stroke"] = STRONG["red"]
        out["stroke-width"] = "3"
    elif "stroke" in out and "stroke-width" not in out and re.search(r"\bstand\s+out\b", text):
        out["stroke-width"] = "3"
    return list(out.items())


def restyle(ab: Abstract) -> list[Op] | None:
    """ "colour all the databases light blue", "X: hexagon, orange", "make A and B stand out —
    a red border on both": one ``restyle`` per style key (and a ``reshape`` for a box shape
    named with them) on every shape the clause mentions."""
    t = ab.text
    said = looks(t)
    if not said or not ab.mentions or not _STYLING.search(t):
        return None
    other = _OTHER.search(t)
    if other and not re.search(r"\b(?:make|colou?r\w*|paint\w*|style\w*)\b", t[: other.start()]):
        return None  # "add a red cache ...", "merge A and B, grey": another operation's words
    targets = [m for m in ab.mentions if m.shapes and not m.ambiguous] or [
        m for m in ab.mentions if m.shapes
    ]
    if not targets:
        return None
    ops = [Op("restyle", targets, rel=key, label=value) for key, value in said]
    shape = re.search(r"\b(" + "|".join(s for s in SHAPES if s != "queue") + r")\b", t)
    if shape:
        ops.append(Op("reshape", targets, label=shape.group(1)))
    return ops
