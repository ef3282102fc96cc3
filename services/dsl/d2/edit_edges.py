"""Structural edits of connections: connect, disconnect, and insert a new shape on a
connection. Pure text -> text functions on ``edit_source``; shapes are added through
``edit_shapes``.

A connection is matched in either direction it is written (``a -> b``, ``b <- a``, ``a -- b``);
disconnecting one link of a chain keeps the chain's other links.
"""

from __future__ import annotations

from collections.abc import Iterator

from services.dsl.d2 import ast as A
from services.dsl.d2.edit_shapes import add_shape
from services.dsl.d2.edit_source import (
    Entry,
    append_root,
    apply_edits,
    edge_paths,
    fail,
    join_id,
    line_indent,
    link_text,
    low,
    parse_text,
    removal,
    require,
    split_id,
    value_text,
    walk,
)
from services.dsl.d2.formatter import value_string
from services.dsl.d2.model import Diagram


def connect(
    text: str,
    src: str,
    dst: str,
    label: str | None = None,
    *,
    diagram: Diagram | None = None,
    style: dict[str, str] | None = None,
) -> str:
    """Add a connection src -> dst between existing shapes (`style`: its ``style.*`` keys).

    The result has the shapes of `text` (only a connection is added), so a `diagram` that
    served for `text` serves for the result too.
    """
    s, d = require(text, src, diagram), require(text, dst, diagram)
    line = f"{join_id(s)} -> {join_id(d)}"
    if label:
        line += f": {value_string(label)}"
    if style:
        line += " {" + "; ".join(f"style.{k}: {value_string(v)}" for k, v in style.items()) + "}"
    return append_root(text, [line])


def _edge_hits(tree: A.Map, s: list[str], d: list[str]) -> Iterator[tuple[Entry, A.Edge]]:
    """Every written link from ``s`` to ``d`` (in any direction that means it)."""
    for e in walk(tree, [], 0):
        if not e.key.edges:
            continue
        for ed, sp, dp in edge_paths(e):
            if sp is None or dp is None:
                continue
            forward = low(sp) == low(s) and low(dp) == low(d) and ed.dst_arrow == ">"
            backward = low(sp) == low(d) and low(dp) == low(s) and ed.src_arrow == "<"
            undirected = (
                not ed.src_arrow
                and not ed.dst_arrow
                and {tuple(low(sp)), tuple(low(dp))} == {tuple(low(s)), tuple(low(d))}
            )
            if forward or backward or undirected:
                yield e, ed


def disconnect(text: str, src: str, dst: str, *, diagram: Diagram | None = None) -> str:
    """Remove every connection from src to dst (and their `(src -> dst)[i]` references).

    (``diagram`` is accepted like every edit's; this one only needs the parse.)
    """
    s, d = split_id(src), split_id(dst)
    tree = parse_text(text)
    keys: list[A.Key] = []
    for e, _ed in _edge_hits(tree, s, d):
        if e.key not in keys:
            keys.append(e.key)
    if not keys:
        raise fail("EDIT_NOT_FOUND", f"no connection {src} -> {dst}")
    edits = []
    for k in keys:
        if len(k.edges) > 1:
            # keep the other links of a chain
            base_edges = [ed for ed in k.edges if not _matches_pair(ed, s, d, tree)]
            if base_edges:
                val = value_text(text, k)
                lines = []
                for ed in base_edges:
                    lines.append(link_text(text, ed) + (f": {val}" if val else ""))
                indent = line_indent(text, k.start)
                edits.append((k.start, k.end, ("\n" + indent).join(lines)))
                continue
        edits.append(removal(text, k))
    return apply_edits(text, edits)


def _matches_pair(ed: A.Edge, s: list[str], d: list[str], tree: A.Map) -> bool:
    return any(hit is ed for _e, hit in _edge_hits(tree, s, d))


def insert_between(
    text: str,
    new_id: str,
    a: str,
    b: str,
    *,
    label: str | None = None,
    node_class: str | None = None,
    icon: str | None = None,
    diagram: Diagram | None = None,
) -> str:
    """Put a new shape on the connection a -> b: a -> new (keeps the label) -> b."""
    ap, bp = require(text, a, diagram), require(text, b, diagram)
    tree = parse_text(text)
    hits = list(_edge_hits(tree, ap, bp))
    if not hits:
        raise fail("EDIT_NOT_FOUND", f"no connection {a} -> {b}")
    first_key = hits[0][0].key
    val = value_text(text, first_key) if not isinstance(first_key.value, A.Map) else ""
    nparts = split_id(new_id)
    out = disconnect(text, a, b)
    out = add_shape(out, join_id(nparts), label=label, node_class=node_class, icon=icon)
    new_abs = join_id(nparts)
    line1 = f"{join_id(ap)} -> {new_abs}" + (f": {val}" if val else "")
    line2 = f"{new_abs} -> {join_id(bp)}"
    return append_root(out, [line1, line2])
