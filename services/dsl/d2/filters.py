"""Glob filters: ``&key: value`` / ``!&key: value`` inside a glob's map, as the official.

A glob's map applies to what the glob matched only when every filter passes: the field's own
value (or the official default: shape rectangle, opacity 1, ...), its label, an edge's ends
(``&src``/``&dst``), or a property (``&level``, ``&leaf``, ``&connected``). Values may be
globs. A failing filter also forgets the application, so a later re-application checks again.
"""

from __future__ import annotations

from services.dsl.d2 import ast as A
from services.dsl.d2.globs import match_pattern
from services.dsl.d2.keywords import RESERVED
from services.dsl.d2.tree import (
    Field,
    GlobCtx,
    IRArray,
    IREdge,
    IRMap,
    board_kind,
    board_path,
    field_of_map,
    parent_map,
    rel_ida,
)

_FILTER_DEFAULTS = {
    "shape": "rectangle",
    "border-radius": "0",
    "stroke-dash": "0",
    "opacity": "1",
    "stroke-width": "2",
    "icon": "",
    "tooltip": "",
    "link": "",
    "shadow": "false",
    "multiple": "false",
    "3d": "false",
    "animated": "false",
    "filled": "false",
}


def _get_fields(m: IRMap, path: list[str]) -> Field | None:
    cur: IRMap | None = m
    f: Field | None = None
    for p in path:
        if cur is None:
            return None
        f = cur.get(p, False) or cur.get(p, True)
        if f is None:
            return None
        cur = f.map
    return f


def _filter_text(have: str, value: A.Node | None) -> bool:
    if isinstance(value, A.UnquotedString) and value.pattern:
        return match_pattern(have, value.pattern)
    return isinstance(value, A.Node) and A.is_scalar(value) and value.text() == have


def _filter_value(f: Field, value: A.Node | None) -> bool:
    if isinstance(f.composite, IRArray):
        want = value.text() if isinstance(value, A.Node) and A.is_scalar(value) else None
        for v in f.composite.values:
            if isinstance(v, A.Node) and A.is_scalar(v) and v.text() == want:
                return True
    if f.primary is None:
        return False
    return _filter_text(f.primary.text(), value)


def _root_of(m: IRMap) -> IRMap:
    cur = m
    while not board_kind(cur):
        p = parent_map(cur)
        if p is None:
            break
        cur = p
    return cur


def _edge_end(e: IREdge, src: bool) -> Field | None:
    return e.parent.get_path(e.src if src else e.dst)


def filters_pass(glob: GlobCtx | None, dst: IRMap, ast_map: A.Map) -> bool:
    """Whether the thing ``glob`` matched passes every filter of the glob's map."""
    for n in ast_map.nodes:
        if not isinstance(n, A.Key) or not (n.ampersand or n.not_ampersand):
            continue
        if isinstance(n.value, A.Map | A.Array):
            continue  # reported by compile_key
        ok = _filter(dst, n)
        if n.not_ampersand:
            ok = not ok
        if not ok:
            # forget the application, so that a later re-application checks again
            holder = dst.parent
            if isinstance(holder, Field) and glob is not None:
                glob.applied.discard(f"{board_path(holder)}#{id(holder)}")
            return False
    return True


def _filter(dst: IRMap, key: A.Key) -> bool:
    if key.edges or key.key is None or not key.key.path:
        return True
    value = key.value if key.value is not None else key.primary
    want = value.text() if isinstance(value, A.Node) and A.is_scalar(value) else ""
    path = [p.text() for p in key.key.path]
    holder = dst.parent
    if path[0] in ("src", "dst") and len(path) > 1 and isinstance(holder, IREdge):
        end = _edge_end(holder, path[0] == "src")
        if end is None or end.map is None:
            return False
        if len(path) == 2 and _property_filter(path[1], want, end):
            return True
        f = _get_fields(end.map, path[1:])
        return f is not None and _filter_value(f, value)
    f = _get_fields(dst, path)
    if f is not None:
        return _filter_value(f, value)
    if want == "*":
        return False
    last = path[-1].lower()
    if last in _FILTER_DEFAULTS:
        return _filter_text(_FILTER_DEFAULTS[last], value)
    if last == "label":
        if isinstance(holder, Field):
            shown = holder.primary.text() if holder.primary is not None else holder.name.text
            return _filter_text(shown, value)
        if isinstance(holder, IREdge) and holder.primary is not None:
            return _filter_text(holder.primary.text(), value)
        return False
    if last in ("src", "dst") and isinstance(holder, IREdge):
        names = holder.src if last == "src" else holder.dst
        container = field_of_map(holder.parent)
        prefix = (
            [n.text for n in rel_ida(_root_of(holder.parent), container)]
            if container is not None
            else []
        )
        full = prefix + [n.text for n in names]
        return ".".join(full) == want
    if isinstance(holder, Field):
        return _property_filter(last, want, holder)
    return False


def _property_filter(prop: str, want: str, node: Field) -> bool:
    truth = {"1", "t", "T", "TRUE", "true", "True"}
    if prop == "level":
        level, cur = 0, field_of_map(node.parent)
        while cur is not None and not board_kind(cur.parent):
            level += 1
            cur = field_of_map(cur.parent)
        if cur is not None:
            level += 1
        return want.isdigit() and level == int(want)
    if prop == "leaf":
        leaf = node.map is None or not any(not g.name.is_kw(RESERVED) for g in node.map.fields)
        return leaf == (want in truth)
    if prop == "connected":
        return any(k.edges for k in node.keys) == (want in truth)
    if prop == "label":
        shown = node.primary.text() if node.primary is not None else node.name.text
        return shown == want
    return False
