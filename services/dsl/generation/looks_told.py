"""Looks and names told in any word order: how a shape or a link is drawn, and a rename or
a link label said with its target fronted.

People ask for a look with the look where it falls in their sentence: "chnage the X box to a
hexagon so it stands out more", "make A and B hexagons, there hardware", "dash the X arrow",
"would you mind making the arrow from X dashed", "colour every arrow touching X red". Here a
clause is read as a look when it has

- a look: a D2 box shape (plurals and slips of the keyboard put right with ``rapidfuzz``:
  "hexagns", "cilinder"; a few synonyms: "hex", "ellipse", "rhombus") at the place a shape is
  given (after "to a", "into", "as", or closing "make the X ..."), or a link style ("dashed",
  "dotted", "bold", "thick", "animated", a colour; "dash", "dot", "bolden", "colour", "paint",
  "highlight" as verbs), read with :func:`ops_style.looks`;
- its targets: the shapes of the clause (one, a list, a collective), or, when a link noun
  ("arrow", "link", "edge", "line", "connection", "flow") or an arrow between two shapes names
  them, links: the one between two ends ("the A -> B link", "the arrow from A to B"), the links
  at one end ("the arrow from A", "every arrow touching X", "the A arrow"). A singular link
  noun at an end with several links asks which one; "every"/"all"/a plural takes them all.

Whatever follows the look after a comma or a word of reason ("so it stands out", "there
hardware", "because it's external") is the user's motive and never changes the targets.

The same reader takes a rename or a link label said with the target fronted: "X -> rename to
Y", "X: rename to Y", "rename please the X to Y", "A -> B is P now, fix the label". "A -> B"
alone with a new part is a link and stays the finder's. Part of the operation finder
(:mod:`finder`, tried first); the links' looks are drawn by :func:`draw_edge_look`, keeping
each link's label and its other style keys. Pure functions.
"""

from __future__ import annotations

import re
from dataclasses import replace as dc_replace
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from services.dsl.d2 import edits as E
from services.dsl.d2.model import Shape
from services.dsl.generation.edge_said import edge_label_end
from services.dsl.generation.edit_run import Run, shapes_of
from services.dsl.generation.edit_state import Clarify
from services.dsl.generation.mentions import Mention
from services.dsl.generation.ops import LIST, SHAPES, Abstract, Op, pair_of, quote_of
from services.dsl.generation.ops_labels import edge_label, rename
from services.dsl.generation.ops_style import looks, only_looks
from services.dsl.generation.spelling import speller

#: words for a box shape that are not its D2 name
SHAPE_SYNONYMS = {
    "hex": "hexagon",
    "hexagonal": "hexagon",
    "ellipse": "oval",
    "elipse": "oval",
    "rhombus": "diamond",
    "rhomb": "diamond",
    "cylindrical": "cylinder",
    "drum": "cylinder",
    "stickman": "person",
    "actor": "person",
    "doc": "document",
}
#: box shapes that are also everyday names of parts ("change X to a queue" is a swap): read
#: as a look only where a verb of drawing gives them ("make X a queue", "draw X as a person")
_KIND_LIKE = frozenset(["queue", "person", "document", "page", "package", "step", "callout"])
#: a link noun, singular or plural
LINK = r"(?:arrow|link|edge|connection|line|flow|hop|connector|relationship)"
#: how a link stands to the shape named after it
_AT = (
    r"(?P<dir>touching|at|around|of|on|connected\s+to|attached\s+to|linked\s+to|out\s+of|"
    r"from|leaving|coming\s+(?:out\s+of|from)|going\s+(?:in)?to|into|in\s+to|to|towards|"
    r"entering|with)"
)
_IN = frozenset(["into", "in to", "to", "towards", "entering", "going to", "going into"])
_OUT = frozenset(["out of", "from", "leaving", "coming out of", "coming from"])
#: verbs that say a clause is about how something is drawn
_DRAW = (
    r"(?:make|made|making|turn|change|switch|set|draw|render|show|display|reshape|convert|"
    r"redraw|style|restyle|colou?r|paint|shade|tint|highlight|mark|give|use|dash|dot|bold|"
    r"bolden|embolden|thicken|animate|update|fix)"
)
#: verbs of other operations: a look next to them describes a new or linked thing
_OTHER = re.compile(
    r"\b(?:add|insert|connect|remove|delete|drop|replace|swap|rename|split|merge|group|move|"
    r"disconnect|link\s+(?:the\s+)?@|wire\s+(?:the\s+)?@|kill|get rid)\b"
)
#: what may close a look without being part of it: a motive, a remark, a courtesy
_MOTIVE = (
    r"(?:\s*[,;:(\u2014-]|\s+(?:so|because|since|as|for|to|cause|cuz|coz|bc|it|its|it's|"
    r"they|they're|there|their|thats|that's|that|this|which|please|pls|thanks?|thank|"
    r"instead|now|too|maybe|perhaps|if|ok|okay)\b)"
)
#: "dash the X arrow": a verb of drawing a link that is itself the look
_LOOK_VERBS = {
    "dash": "dashed",
    "dot": "dotted",
    "bold": "bold",
    "bolden": "bold",
    "embolden": "bold",
    "thicken": "thick",
    "animate": "animated",
}


@lru_cache(maxsize=4096)
def shape_word(word: str) -> str | None:
    """The D2 box shape a word names ("hexagons", "hexagn", "cilinder", "ellipse"), or None."""
    w = word.lower().strip(".,;:!?'\"")
    if len(w) < 3:
        return None
    for cand in (w, re.sub(r"(?<=[a-z])e?s$", "", w), w[:-1] if w.endswith("s") else w):
        if cand in SHAPES:
            return cand
        if cand in SHAPE_SYNONYMS:
            return SHAPE_SYNONYMS[cand]
    if len(w) < 6 or speller().known([w]):
        return None
    names = [s for s in SHAPES if len(s) >= 6] + [s for s in SHAPE_SYNONYMS if len(s) >= 6]
    for cand in (w, re.sub(r"s$", "", w)):
        hit = process.extractOne(
            cand, names, scorer=OSA.distance, score_cutoff=2 if len(cand) >= 8 else 1
        )
        if hit:
            return SHAPE_SYNONYMS.get(str(hit[0]), str(hit[0]))
    return None


def _tail_is_motive(tail: str) -> bool:
    """Nothing follows the look, or only a motive, remark or courtesy ("so it stands out")."""
    return not tail.strip(" .!?") or bool(re.match(_MOTIVE, tail))


def _targets(ab: Abstract, listed: str) -> list[Mention]:
    refs = ab.many(listed)
    return [m for m in refs if m.shapes]


#: "make the X and Y hexagons", "change the X box to a hexagon", "draw X as a cylinder"
_SHAPE_AFTER_VERB = re.compile(
    r"(?:^|\b)(?P<verb>"
    + _DRAW
    + r")\w*\s+(?:the\s+|both\s+|all\s+|every\s+)*(?P<list>"
    + LIST
    + r")(?:\s+(?:box|shape|icon|node|component|one|thing)e?s?)?\s+(?P<how>(?:in)?to|into|as|"
    r"like|with|look\s+like|be)?\s*(?:(?:an?|the)\s+)?(?:(?:shape|icon|symbol)\s+(?:of\s+)?"
    r"(?:an?\s+)?)?(?P<pre>(?:[a-z]+\s+){0,2}?)(?P<word>[a-z][a-z_]+)(?:\s+(?:shape|icon|symbol|"
    r"box)s?)?(?P<tail>.*)$"
)
#: "X should be drawn as a hexagon", "X: hexagon", "X -> cylinder"
_SHAPE_AFTER_TARGET = re.compile(
    r"^(?:(?:please|pls|can you|could you)\s+)?(?:the\s+)?(?P<list>" + LIST + r")(?:\s+(?:box|"
    r"shape|icon|node)e?s?)?\s*(?:(?::|->|=>)|(?:should|must|could|can|needs?\s+to|has\s+to|"
    r"ought\s+to)\s+(?:be\s+)?(?:drawn|shown|rendered|displayed|be)?\s*(?:as|like)?)\s*"
    r"(?:(?:an?|the)\s+)?(?P<pre>(?:[a-z]+\s+){0,2}?)(?P<word>[a-z][a-z_]+)(?:\s+(?:shape|icon|"
    r"symbol|box)s?)?(?P<tail>.*)$"
)


def _reshape(ab: Abstract) -> list[Op] | None:
    """The box shape a clause gives its shapes, with any look said in the same phrase ("make
    X a red hexagon")."""
    t = ab.text
    for pattern in (_SHAPE_AFTER_VERB, _SHAPE_AFTER_TARGET):
        m = pattern.search(t)
        if m is None:
            continue
        shape = shape_word(m.group("word"))
        if shape is None or not _tail_is_motive(m.group("tail")):
            continue
        verb = m.groupdict().get("verb") or ""
        if shape in _KIND_LIKE and (verb.startswith(("change", "switch", "convert", "set"))):
            return None  # "change the cache to a queue": a swap, the replacer's
        pre = m.group("pre")
        if pre and not looks(pre) and not re.fullmatch(r"(?:(?:bigger|small|little|)\s*)+", pre):
            continue  # "make X a separate hexagon ..." is still one; other words are not looks
        if _OTHER.search(t[: m.start()]) or _runs_on(t[: m.start()]):
            return None
        targets = _targets(ab, m.group("list"))
        if not targets:
            return None
        tail = m.group("tail")
        ops = [Op("reshape", targets, label=shape)]
        # "X: hexagon, orange": a look after the shape is the same request
        said = looks(pre) + (looks(tail) if only_looks(tail.strip(" ,;")) else [])
        ops += [Op("restyle", targets, rel=k, label=v) for k, v in said]
        return ops
    return None


def _edge_styles(t: str) -> list[tuple[str, str]]:
    """The style keys of a link the words of `t` (the abstract, mentions as @k) describe."""
    words = re.sub(r"@\d+|\bqt\d+\b", " ", t)
    verb = re.match(r"\s*(?:please\s+)?([a-z]+)\b", words)
    said = dict(looks(words))
    if verb and verb.group(1) in _LOOK_VERBS:
        said.update(looks(_LOOK_VERBS[verb.group(1)] + " border"))
    if re.search(r"\bbold\b", words) or re.search(
        r"\b(?:thick|thicker|heavy|heavier|fat)\b", words
    ):
        said.pop("bold", None)
        said["stroke-width"] = "3"
    if re.search(r"\banimat\w*", words):
        said["animated"] = "true"
    out: dict[str, str] = {}
    for key, value in said.items():
        if key == "fill":
            out.setdefault("stroke", value)
        elif key == "stroke-dash":
            out[key] = "1" if value == "2" else "3"
        elif key == "stroke-width":
            out[key] = "3"
        elif key in ("stroke", "font-color", "opacity", "animated"):
            out[key] = value
    if "stroke" in said:
        out["stroke"] = said["stroke"]
    return list(out.items())


def _runs_on(before: str) -> bool:
    """Words before the look that are a predicate of their own ("A should write to B, and
    make that arrow dashed"): the clause is the finder's to cut, not this reader's."""
    return "@" in before or bool(re.search(r",\s*(?:and|then|also)\b|;", before))


def _edge_look(ab: Abstract) -> list[Op] | None:
    """A look said of links: the pair, or the links at one end (all of them, or the one)."""
    t = ab.text
    pieces = re.split(r"\s*,\s*(?:and|then|also)\b\s*|\s*;\s*", t)
    if len(pieces) > 1:
        # "A should write to B, and make that arrow dashed": two predicates, the finder's
        looked = [p for p in pieces if _edge_styles(p)]
        if len(looked) != 1 or "@" not in looked[0]:
            return None
        if any("@" in p for p in pieces if p is not looked[0]):
            return None
    if not re.search(r"\b" + LINK + r"s?\b|->", t):
        return None
    styles = _edge_styles(t)
    if not styles:
        return None
    if not re.search(
        r"(?:^|\b)" + _DRAW + r"\w*\b|\b(?:should|must|needs?\s+to|has\s+to|could|can)\s+(?:be|"
        r"look|get)\b|(?:\bare|\bis)\s+(?:now\s+)?(?:drawn|shown|dashed|dotted)\b|\b"
        + LINK
        + r"s?\b[^:>]*?(?::|->|=>)\s*[^@]*$",
        t,
    ):
        return None
    other = _OTHER.search(t)
    if other and not re.search(r"(?:^|\b)" + _DRAW + r"\w*\b", t[: other.start()]):
        return None
    styled = ";".join(f"{k}={v}" for k, v in styles)
    pair = pair_of(ab)
    if pair is not None and pair[0].shapes and pair[1].shapes:
        return [Op("edge_look", [pair[0]], [pair[1]], label=styled, rel="both", rest="one")]
    m = re.search(
        r"\b(?P<q>every|each|all|both|any|the|its|their|this|that|those|these)?\s*(?:of\s+)?"
        r"(?:the\s+)?(?:[a-z]+\s+)?" + LINK + r"(?P<pl>s)?\s+(?:that\s+|which\s+)?"
        r"(?:(?:is|are|go|goes|come|comes|run|runs)\s+)?" + _AT + r"\s+(?:the\s+)?(?P<x>@\d+)",
        t,
    ) or re.search(
        r"\b(?P<q>every|each|all|both|the|its|their|this|that|those|these)?\s*(?:of\s+)?"
        r"(?:the\s+)?(?P<x>@\d+)(?:\s*'s|\s+s)?\s+(?:[a-z]+\s+)?" + LINK + r"(?P<pl>s)?\b",
        t,
    )
    if m is None:
        return None
    x = ab.m(m.group("x"))
    if not x.shapes:
        return None
    way = re.sub(r"\s+", " ", m.groupdict().get("dir") or "")
    rel = "in" if way in _IN else "out" if way in _OUT else "both"
    every = m.group("q") in ("every", "each", "all", "both", "any") or bool(m.group("pl"))
    every = every or bool(re.search(r"\b(?:all|every|each)\b", t[: m.start("x")]))
    return [Op("edge_look", [x], [], label=styled, rel=rel, rest="every" if every else "one")]


def _edge_ends(run: Run, op: Op) -> list[tuple[str, str]]:
    """The drawn links an ``edge_look`` names: (source id, target id) pairs."""
    st = run.st
    xs = shapes_of(run, op.a, containers=True)
    ys = shapes_of(run, op.b, containers=True) if op.b else []

    def at(s_id: str, shapes: list[Shape]) -> bool:
        return any(s_id == s.id or s_id.startswith(s.id + ".") for s in shapes)

    found = []
    for c in st.diagram.connections:
        if ys:
            if (at(c.src, xs) and at(c.dst, ys)) or (at(c.src, ys) and at(c.dst, xs)):
                found.append((c.src, c.dst))
        elif (op.rel != "in" and at(c.src, xs)) or (op.rel != "out" and at(c.dst, xs)):
            found.append((c.src, c.dst))
    return list(dict.fromkeys(found))


def draw_edge_look(run: Run, op: Op) -> str:
    """The links an ``edge_look`` names drawn with its style keys (``op.label``: "k=v;k=v"),
    each keeping its label and its other keys; a singular link noun at an end with several
    links asks which."""
    st = run.st
    styles = dict(kv.split("=", 1) for kv in op.label.split(";") if "=" in kv)
    ends = _edge_ends(run, op)
    if not ends:
        names = ", ".join(s.label for s in shapes_of(run, op.a + op.b, containers=True))
        return f"found no link at {names or 'it'} to restyle"
    label_of = {s.id: s.label for s in st.diagram.shapes}
    if op.rest == "one" and not op.b and len(ends) > 1:
        links = "; ".join(f"{label_of.get(a, a)} -> {label_of.get(b, b)}" for a, b in ends)
        raise Clarify(f"Which link do you mean: {links}?")
    drawn = []
    for src, dst in ends:
        conn = next(c for c in st.diagram.connections if (c.src, c.dst) == (src, dst))
        st.d2 = E.disconnect(st.d2, src, dst, diagram=st.diagram)
        st.connect(src, dst, conn.label or None, {**conn.style, **styles})
        drawn.append(f"{label_of.get(src, src)} -> {label_of.get(dst, dst)}")
    touched = [s for s in (st.diagram.shape(i) for e in ends for i in e) if s is not None]
    run.touched = list({s.id: s for s in touched}.values())
    if len(ends) == 1:
        run.edge = (run.touched[0], run.touched[-1]) if len(run.touched) == 2 else run.edge
    how = ", ".join(_said(k, v) for k, v in styles.items())
    return f"drew {'; '.join(drawn)} {how}"


def _said(key: str, value: str) -> str:
    return {
        "stroke": f"in {value}",
        "stroke-dash": "dotted" if value == "1" else "dashed",
        "stroke-width": "thicker",
        "animated": "animated",
        "font-color": f"with {value} text",
        "opacity": "faded",
    }.get(key, f"with {key} {value}")


#: "X -> rename to Y", "X: rename it Y", "X, call it Y": the target said before the verb
_FRONTED_RENAME = re.compile(
    r"^(?:the\s+)?(?P<x>@\d+)(?:\s+(?:box|service|component|node|shape))?\s*(?:->|=>|:|,|"
    r"\u2014|\u2013|-)\s*(?:(?:please|pls|just|can you|could you)\s+)*(?P<v>rename|relabel|"
    r"retitle|call|name)\s+(?:it|this|that)?\s*(?:to|as|into)?\s*(?P<new>.+)$"
)
#: "all topics: add 'x' to their labels": the shapes said first, their labels after
_FRONTED_APPEND = re.compile(
    r"^(?:(?:all|every|each|both)\s+)?(?:of\s+)?(?:the\s+)?(?P<x>" + LIST + r")\s*(?::|->|,|-)\s*"
    r"(?:(?:please|pls|just)\s+)?(?:add|append|put|write)\s+(?P<q>qt\d+)\s+(?:to|on|onto|in|"
    r"into)\s+(?:their|its|the|each)\s+(?:labels?|names?|titles?)\b"
)
#: "rename please the X to Y": a courtesy between the verb and its object
_VERB_COURTESY = re.compile(
    r"\b(?P<v>rename|relabel|retitle)\s+(?:please|pls|plz|kindly|also|quickly|just)\s+"
)
#: "A -> B is P now, fix the label", "A -> B: label should be P"
_FRONTED_LABEL = re.compile(
    r"^(?:the\s+)?(?P<a>@\d+)\s*(?:->|=>|to)\s*(?:the\s+)?(?P<b>@\d+)(?:\s+" + LINK + r")?\s*"
    r"(?:(?:'s\s+)?(?:label|caption|text)\s*)?(?::|=|(?:is|are)\s+(?:now\s+)?|(?:now\s+)?"
    r"(?:uses|speaks|runs|goes\s+over|carries)\s+|should\s+(?:say|read|be)\s+)"
    r"(?P<lab>[^,;]+?)(?:\s+now)?\s*(?:[,;]|\s-\s|\u2014|\u2013)\s*(?:so\s+|and\s+|please\s+|pls\s+)*(?:fix|update|"
    r"change|correct|adjust|amend|edit|redo)\s+(?:the|its|that|this)\s+(?:\w+\s+)?(?:label|"
    r"caption|text|name)\b"
)


#: "the 'nightly' label on ...", "... from 'x' to 'y'": the old label, said to pick the link
_OLD_LABEL = [
    (
        re.compile(r"\b(?:the|its|that)\s+qt\d+\s+(label|caption|text)\b(?=.*\bto\s+qt\d+)"),
        r"the \1",
    ),
    (re.compile(r"\b(label|caption|text)\b(.*?)\s+from\s+qt\d+\s+(?=to\s+qt\d+)"), r"\1\2 "),
]


def _old_label(ab: Abstract) -> list[Op] | None:
    """A new link label said with the old one ("change the 'x' label on the A arrow to 'y'",
    "change the label on A -> B from 'x' to 'y'"): read without the old one."""
    said = ab.text
    for pattern, plain in _OLD_LABEL:
        said = pattern.sub(plain, said)
    if said == ab.text:
        return None
    again = Abstract(said, ab.mentions, ab.quotes, ab.original)
    again.spans, again.every = ab.spans, ab.every
    return edge_label(again) or edge_label_end(again)


def _fronted(ab: Abstract) -> list[Op] | None:
    """A rename or a link label said with its target first."""
    t = ab.text
    told = _old_label(ab)
    if told:
        return told
    m = _FRONTED_LABEL.search(t)
    if m:
        words = ab.words(m.group("lab")).strip(" .!?")
        if words:
            return [Op("edge_label", [ab.m(m.group("a"))], [ab.m(m.group("b"))], label=words)]
    m = _FRONTED_APPEND.search(t)
    if m:
        # "all topics: add 'retention 7d' to their labels"
        return [Op("label_append", ab.many(m.group("x")), label=quote_of(ab, m.group("q")) or "")]
    m = _FRONTED_RENAME.search(t)
    if m and ab.m(m.group("x")).shapes:
        again = Abstract(
            f"rename {m.group('x')} to {m.group('new')}", ab.mentions, ab.quotes, ab.original
        )
        again.spans, again.every = ab.spans, ab.every
        return rename(again)
    said = _VERB_COURTESY.sub(r"\g<v> ", t)
    m = _RENAME_THING.search(said)
    if m:
        # "rename the parts thing to Stock": one thing, whatever the plural names
        x = ab.m(m.group("x"))
        mentions = list(ab.mentions)
        mentions[int(m.group("x")[1:])] = dc_replace(x, collective=False)
        said = said[: m.start("n")] + said[m.end("n") :]
        again = Abstract(said, mentions, ab.quotes, ab.original)
        again.spans, again.every = ab.spans, ab.every
        return rename(again)
    m = _RENAME_BECAUSE.search(said)
    if m or said != t:
        # "rename X to Y, as we no longer use Z": the reason names no new name
        again = Abstract(said[: m.start("why")] if m else said, ab.mentions, ab.quotes, ab.original)
        again.spans, again.every = ab.spans, ab.every
        return rename(again)
    return None


#: "rename the parts thing to Stock": a noun of one after the name
_RENAME_THING = re.compile(
    r"^(?:please\s+)?(?:rename|relabel|retitle)\s+(?:the\s+|that\s+|this\s+)?(?P<x>@\d+)"
    r"(?P<n>\s+(?:thing|one|bit|thingy|stuff))\s+(?:to|as|into)\s+\S"
)
#: "rename X to Y, as we no longer use Z": the new name ends where a reason starts
_RENAME_BECAUSE = re.compile(
    r"^(?:please\s+)?(?:rename|relabel|retitle)\s+(?:the\s+)?@\d+\s+(?:to|as|into)\s+[^,;@]+?"
    r"(?P<why>\s*,\s*(?:as|since|because|cause|cuz|so|we|it|its|they|that|this)\b.*)$"
)


def looks_told(ab: Abstract) -> list[Op] | None:
    """A detector of the finder: the look of shapes or links, or a fronted rename/label."""
    if not ab.mentions:
        return None
    return _fronted(ab) or _edge_look(ab) or _reshape(ab)
