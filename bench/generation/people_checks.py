"""The checks of the people-written generation sets, over our compiled D2 model.

The sets (bench/generation/people/) were written by people who had not read the architect's
code or knowledge base. A shape is named by WORDS: it matches when its label or its absolute
id contains one of the words (case-insensitive; a space in a word also matches ``_`` in ids).
Each edit case lists checks that must all hold in the edited diagram; each create case lists
the components the request names, the connections it states and a size band.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from services.dsl.d2.model import Connection, Diagram, Shape

#: classes of the middlemen a create connection may pass through (LB, gateway, WAF, CDN...)
MIDDLEMAN_CLASSES = {"network", "security"}


def matches(shape: Shape, words: Iterable[str]) -> bool:
    label = shape.label.lower()
    sid = shape.id.lower()
    for word in words:
        w = word.lower()
        if w in label or w in sid or w.replace(" ", "_") in sid:
            return True
    return False


def select(d: Diagram, words: Iterable[str], kind: str = "any") -> list[Shape]:
    """Shapes matching `words`; kind "leaf" (non-containers), "cont" (containers) or "any"."""
    words = list(words)
    out = []
    for s in d.shapes:
        if not matches(s, words):
            continue
        if kind == "leaf" and s.children:
            continue
        if kind == "cont" and not s.children:
            continue
        out.append(s)
    return out


def _ancestors(shape_id: str) -> set[str]:
    parts = shape_id.split(".")
    return {".".join(parts[:k]) for k in range(1, len(parts))}


def edges_between(
    d: Diagram, a: Iterable[str], b: Iterable[str], *, directed: bool = False
) -> list[Connection]:
    sa = {s.id for s in select(d, a)}
    sb = {s.id for s in select(d, b)}
    return [
        c
        for c in d.connections
        if (c.src in sa and c.dst in sb) or (not directed and c.src in sb and c.dst in sa)
    ]


def _mentions(texts: Iterable[str], terms: Iterable[str]) -> bool:
    blob = " ".join(t.lower() for t in texts if t)
    return any(t.lower() in blob for t in terms)


def _shape_texts(s: Shape) -> list[str]:
    # a style "mentions" its key too: `style.stroke-dash: 4` is a dashed border
    return [s.label, s.tooltip or "", *s.classes, *s.attrs.values(), *_style_words(s.style)]


def _edge_texts(c: Connection) -> list[str]:
    return [c.label, *c.classes, *_style_words(c.style)]


def _style_words(style: dict[str, str]) -> list[str]:
    return [f"{key} {value}" for key, value in style.items()]


def check_edit(d: Diagram, check: dict[str, Any]) -> bool:
    """One check of an edit case against the edited diagram (``clarify`` is judged apart)."""
    ((key, v),) = check.items()
    if key == "has":
        return bool(select(d, v, "leaf"))
    if key == "lacks":
        return not select(d, v)
    if key == "count":
        return len(select(d, v[0], "leaf")) == v[1]
    if key == "edge":
        return bool(edges_between(d, v[0], v[1]))
    if key == "edge_dir":
        return bool(edges_between(d, v[0], v[1], directed=True))
    if key == "no_edge":
        return not edges_between(d, v[0], v[1])
    if key == "edge_label":
        return any(v[2].lower() in c.label.lower() for c in edges_between(d, v[0], v[1]))
    if key == "edge_mentions":
        return any(_mentions(_edge_texts(c), v[2]) for c in edges_between(d, v[0], v[1]))
    if key in ("parent", "not_in"):
        containers = {s.id for s in select(d, v[1], "cont")}
        children = select(d, v[0])
        inside = [s for s in children if _ancestors(s.id) & containers]
        return bool(inside) if key == "parent" else bool(children) and not inside
    if key == "no_container":
        return not select(d, v, "cont")
    if key == "label":
        return any(v[1].lower() in s.label.lower() for s in select(d, v[0]))
    if key == "shape":
        return any(s.shape == v[1] for s in select(d, v[0]))
    if key == "mentions":
        return any(_mentions(_shape_texts(s), v[1]) for s in select(d, v[0]))
    raise ValueError(f"unknown check {key!r}")


def connected(d: Diagram, a: Iterable[str], b: Iterable[str]) -> bool:
    """A connection between shapes matching a and b, directly or through middlemen."""
    leaves = [s for s in d.shapes if not s.children]
    sa = {s.id for s in leaves if matches(s, a)}
    sb = {s.id for s in leaves if matches(s, b)}
    by_id = {s.id: s for s in d.shapes}
    adjacent: dict[str, set[str]] = {}
    for c in d.connections:
        adjacent.setdefault(c.src, set()).add(c.dst)
        adjacent.setdefault(c.dst, set()).add(c.src)
    for start in sa:
        frontier, seen = [start], {start}
        while frontier:
            current = frontier.pop()
            for nxt in adjacent.get(current, ()):
                if nxt in sb and nxt != start:
                    return True
                shape = by_id.get(nxt)
                passable = shape is not None and MIDDLEMAN_CLASSES & set(shape.classes)
                if nxt not in seen and passable and nxt not in sa:
                    seen.add(nxt)
                    frontier.append(nxt)
    return False


def leaf_count(d: Diagram) -> int:
    return sum(1 for s in d.shapes if not s.children)
