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

from services.dsl.d2.keywords import NAMED_COLORS
from services.dsl.generation.ops import SHAPES, Abstract, Op

#: the colours people name; each is written as the CSS name D2 takes ("orange",
#: "lightblue"), so the diagram says what the user said
COLOURS = [
    "red",
    "green",
    "blue",
    "yellow",
    "orange",
    "purple",
    "violet",
    "gray",
    "grey",
    "pink",
    "teal",
    "cyan",
    "brown",
    "black",
    "white",
    "navy",
    "maroon",
    "magenta",
    "turquoise",
    "indigo",
    "coral",
    "salmon",
    "beige",
    "lime",
]
_TONES = {
    "light": "light",
    "pale": "light",
    "pastel": "light",
    "soft": "light",
    "dark": "dark",
    "deep": "dark",
    "bright": "",
}

_COLOUR = (
    r"\b(?:(?P<tone>light|pale|pastel|soft|dark|deep|bright)\s*-?\s*)?(?P<c>"
    + "|".join(COLOURS)
    + r")(?:ish)?\b"
)
_BORDER = r"(?:border|outline|stroke|frame|edge|line|rim)s?"
_TEXT = r"(?:text|font|label|lettering|writing)s?"
#: a verb or phrase that says the clause is about the look of shapes
_STYLING = re.compile(
    r"\b(?:make|made|colou?r\w*|paint\w*|style\w*|restyle\w*|highlight\w*|shade|tint|fill\w*|"
    r"give|set|change|turn|render|draw|show|use|emphasi[sz]e|look\w*|appear|mark|"
    r"stand\s+out|pop|fade|grey\s+out|gray\s+out|dim)\b|\b(?:is|are|be|should|must)\b|"
    r"^(?:the\s+)?@\d+\s*:|"
    # "X border red", "X fill light blue": a terse look, the part then what of it
    r"^(?:the\s+)?@\d+\s+(?:" + _BORDER + "|" + _TEXT + r"|fill|background|colou?r)\b"
)
#: the present said as such: a clause that only describes the look now asks for nothing
_NOW = re.compile(r"\b(?:right\s+now|currently|at\s+the\s+moment|as\s+of\s+now|today)\b")
_COPULA = re.compile(r"\b(?:is|are|be)\b")
#: drawn as several stacked copies ("render it as multiple", "show X stacked"): D2's
#: ``multiple``; "multiple regions/zones" is a deployment property, not a look
_MANY = re.compile(
    r"\bas\s+(?:a\s+)?(?:multiples?|stack(?:ed)?|several|many)\b(?!\s+(?:regions?|zones?|azs?|"
    r"data\s*cent))|\b(?:stacked|multiple)\s*$"
)
#: verbs of other operations: a colour next to them describes a new or linked thing
_OTHER = re.compile(r"\b(?:add|insert|connect|remove|replace|swap|rename|split|merge|group)\b")


def _colour(tone: str | None, c: str) -> str:
    """ "light blue" -> "lightblue"; a tone CSS has no name for ("light orange") is dropped."""
    toned = _TONES.get(tone or "", "") + c
    return toned if toned in NAMED_COLORS else c


def looks(text: str) -> list[tuple[str, str]]:
    """The style keys and values the words of `text` describe, in order, one per key; after
    a correction ("red — actually no, orange") the corrected words come first."""
    fix = list(
        re.finditer(r"\b(?:actually|no wait|wait no|rather|i mean|scratch that|make that)\b", text)
    )
    if fix:
        text = text[fix[-1].end() :] + " ; " + text[: fix[-1].start()]
    out: dict[str, str] = {}
    for m in re.finditer(_COLOUR + r"(?:\s+(?P<what>" + _BORDER + "|" + _TEXT + r"))?", text):
        what = m.group("what") or ""
        before = re.search(
            r"\b(?P<w>" + _BORDER + "|" + _TEXT + r")\s*(?::|=|to|in)?\s*$", text[: m.start()]
        )
        if not what and before:
            what = before.group("w")  # "X border red", "text: white": the noun said first
        after = text[m.end() :]
        if not what and re.match(r"\s*(?:and\s+)?(?:dashed|dotted|thick|bold)\s+" + _BORDER, after):
            continue  # "red dashed border": the border's colour, read below
        if re.match(_BORDER, what):
            out.setdefault("stroke", _colour(m.group("tone"), m.group("c")))
        elif what:
            out.setdefault("font-color", _colour(m.group("tone"), m.group("c")))
        else:
            out.setdefault("fill", _colour(m.group("tone"), m.group("c")))
    broken = re.search(
        r"\b(?:(?P<c>" + "|".join(COLOURS) + r")\s+(?:and\s+)?)?(?P<how>dashed|dotted|broken)\b",
        text,
    )
    if broken:
        out["stroke-dash"] = "2" if broken.group("how") == "dotted" else "5"
        if broken.group("c"):
            out.setdefault("stroke", broken.group("c"))
    if re.search(
        r"\b(?:thick|thicker|heavy|heavier|wide|wider|fat)\s+(?:[a-z]+\s+)?" + _BORDER, text
    ):
        out["stroke-width"] = "4"
    if re.search(r"\bbold\b(?!\s+" + _BORDER + ")", text):
        out["bold"] = "true"
    if re.search(r"\bshadows?\b|\bshadowed\b", text):
        out["shadow"] = "true"
    if re.search(r"\b3d\b|\bthree[\s-]dimensional\b", text):
        out["3d"] = "true"
    if _MANY.search(text):
        out["multiple"] = "true"
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
        out["stroke"] = "red"
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
    if _NOW.search(t) and not _STYLING.search(_COPULA.sub(" ", t)):
        return None  # "it's a wall of grey right now": how it looks today, a remark
    other = _OTHER.search(t)
    if other and not re.search(r"\b(?:make|colou?r\w*|paint\w*|style\w*)\b", t[: other.start()]):
        return None  # "add a red cache ...", "merge A and B, grey": another operation's words
    # the mentions of this text only (a reason cut off after it keeps its mentions listed)
    here = {int(k) for k in re.findall(r"@(\d+)", t)}
    targets = [
        m for k, m in enumerate(ab.mentions) if m.shapes and not m.ambiguous and k in here
    ] or [m for m in ab.mentions if m.shapes]
    if not targets:
        return None
    ops = [Op("restyle", targets, rel=key, label=value) for key, value in said]
    shape = re.search(r"\b(" + "|".join(s for s in SHAPES if s != "queue") + r")\b", t)
    if shape:
        ops.append(Op("reshape", targets, label=shape.group(1)))
    return ops


def described(key: str, value: str) -> str:
    """A style key and value in words, for the summary ("a dotted border")."""
    return {
        "fill": f"{value} fill",
        "stroke": f"a {value} border",
        "font-color": f"{value} text",
        "stroke-dash": "a dotted border" if value == "2" else "a dashed border",
        "stroke-width": "a thicker border",
        "bold": "bold text",
        "shadow": "a shadow",
        "3d": "a 3D look",
        "opacity": "a faded look",
        "multiple": "a stacked look (several instances)",
    }.get(key, f"{key} {value}")


#: words that may stand around look words without naming anything ("a red one with a ...")
_LOOK_FILLER = (
    r"\b(?:an?|the|with|and|in|shape|icon|box|symbol|look|one|colou?r|fill|background|style|"
    r"please|thanks?|instead|now|too|(?:" + "|".join(SHAPES) + r")s?|stored[\s-]data|"
    r"dashed|dotted|broken|thick|thicker|heavy|bold|shadows?|shadowed|3d|faded|transparent|"
    r"light|pale|pastel|soft|dark|deep|bright|" + _BORDER[3:-3] + "s?|" + _TEXT[3:-3] + r"s?)\b"
)


def only_looks(text: str) -> bool:
    """`text` says a look and nothing else ("hexagon", "red, dashed", "a cylinder please"):
    after an arrow it is a new look of the shape, not a new part the shape becomes."""
    low = text.lower()
    if not (looks(low) or re.search(r"\b(?:" + "|".join(SHAPES) + r")\b|stored[\s-]data", low)):
        return False
    rest = re.sub(_COLOUR, " ", low)
    rest = re.sub(_LOOK_FILLER, " ", rest)
    return not re.sub(r"[\s,.;:!+&/-]+", "", rest)
