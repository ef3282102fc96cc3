"""Structural edits of shapes: add, remove, rename, move into a container, and set a
shape's label, shape, style, class or icon. Pure text -> text functions on ``edit_source``.

A removed shape takes its descendants and every connection touching them with it (the other
links of a chain stay); a rename rewrites every reference, ``near`` values included; a move
rewrites the shape's declarations and its connections under the new parent.
"""

from __future__ import annotations

from services.dsl.d2 import ast as A
from services.dsl.d2.edit_source import (
    INDENT,
    abs_path,
    append_root,
    apply_edits,
    block_for,
    edge_paths,
    fail,
    insert_in_block,
    inside,
    join_id,
    line_indent,
    link_text,
    low,
    parse_text,
    removal,
    require,
    shape_ids,
    split_id,
    starts,
    value_text,
    walk,
)
from services.dsl.d2.formatter import key_string, value_string
from services.dsl.d2.model import Diagram


def _shape_block_lines(
    name: str,
    label: str | None,
    node_class: str | None,
    icon: str | None = None,
    extra: list[str] | None = None,
) -> list[str]:
    inner = []
    if label is not None:
        inner.append(f"label: {value_string(label)}")
    if node_class is not None:
        inner.append(f"class: {key_string(node_class)}")
    if icon is not None:
        inner.append(f"icon: {value_string(icon)}")
    inner += extra or []
    if not inner:
        return [name]
    return [f"{name}: {{", *[INDENT + ln for ln in inner], "}"]


def add_shape(
    text: str,
    id: str,
    *,
    label: str | None = None,
    node_class: str | None = None,
    icon: str | None = None,
    parent: str | None = None,
    diagram: Diagram | None = None,
) -> str:
    """Add a shape (inside `parent` when given: `id` may then be relative or absolute)."""
    parts = split_id(id)
    tree = parse_text(text)
    existing = shape_ids(text, diagram)
    if parent is not None:
        pparts = split_id(parent)
        if join_id(pparts).lower() not in existing:
            raise fail("EDIT_NOT_FOUND", f"no container {parent!r} in the diagram")
        if not starts(parts, pparts) or len(parts) == len(pparts):
            parts = pparts + parts
    else:
        pparts = parts[:-1]
        if pparts and join_id(pparts).lower() not in existing:
            raise fail("EDIT_NOT_FOUND", f"no container {join_id(pparts)!r} in the diagram")
    if join_id(parts).lower() in existing:
        raise fail("EDIT_EXISTS", f"shape {join_id(parts)!r} already exists")
    if pparts:
        blk = block_for(tree, pparts)
        if blk is not None:
            rel = join_id(parts[len(pparts) :])
            lines = _shape_block_lines(rel, label, node_class, icon)
            return insert_in_block(text, blk[0], lines)
    return append_root(text, _shape_block_lines(join_id(parts), label, node_class, icon))


def remove_shape(text: str, id: str, *, diagram: Diagram | None = None) -> str:
    """Remove a shape, its descendants and every connection touching them."""
    parts = require(text, id, diagram)
    tree = parse_text(text)
    edits: list[tuple[int, int, str]] = []
    removed: list[A.Node] = []
    for e in walk(tree, [], 0):
        k = e.key
        if any(inside(k, r) for r in removed):
            continue
        if not k.edges:
            p = abs_path(e.scope, k.key)
            if p is not None and starts(p, parts):
                edits.append(removal(text, k))
                removed.append(k)
            continue
        edges = edge_paths(e)
        hit = [
            (s is not None and starts(s, parts)) or (d is not None and starts(d, parts))
            for _, s, d in edges
        ]
        if not any(hit):
            continue
        keep = [ed for (ed, _, _), h in zip(edges, hit, strict=True) if not h]
        removed.append(k)
        if not keep or k.edge_index is not None:
            edits.append(removal(text, k))
            continue
        # a chain: keep the links that do not touch the shape, one per line
        val = value_text(text, k)
        pre = (text[k.key.start : k.key.end] + ".") if k.key is not None else ""
        lines = []
        for ed in keep:
            chain = link_text(text, ed)
            if pre:
                chain = f"{pre}({chain})"
            lines.append(chain + (f": {val}" if val else ""))
        indent = line_indent(text, k.start)
        edits.append((k.start, k.end, ("\n" + indent).join(lines)))
    return apply_edits(text, edits)


def rename_shape(text: str, old: str, new: str, *, diagram: Diagram | None = None) -> str:
    """Rename a shape's id (its last segment), updating every reference to it."""
    oparts = require(text, old, diagram)
    nparts = split_id(new)
    if len(nparts) > 1 and low(nparts[:-1]) != low(oparts[:-1]):
        raise fail("EDIT_INVALID", "rename keeps the parent; use move_shape to re-parent")
    newname = nparts[-1]
    target = [*oparts[:-1], newname]
    if low(target) != low(oparts) and join_id(target).lower() in shape_ids(text, diagram):
        raise fail("EDIT_EXISTS", f"shape {join_id(target)!r} already exists")
    tree = parse_text(text)
    edits: list[tuple[int, int, str]] = []
    depth = len(oparts)

    def fix(scope: list[str] | None, kp: A.KeyPath | None) -> None:
        if scope is None or kp is None:
            return
        cur = list(scope)
        for seg in kp.path:
            if isinstance(seg, A.UnquotedString) and seg.text() == "_" and cur:
                cur.pop()
                continue
            cur.append(seg.text())
            if len(cur) == depth and low(cur) == low(oparts):
                edits.append((seg.start, seg.end, key_string(newname)))

    for e in walk(tree, [], 0):
        k = e.key
        if not k.edges:
            fix(e.scope, k.key)
            if (
                k.key is not None
                and k.key.path
                and k.key.path[-1].text().lower() == "near"
                and A.is_scalar(k.value)
            ):
                v = k.value
                assert v is not None
                if low(split_id(v.text())) == low(oparts):
                    edits.append((v.start, v.end, value_string(join_id(target))))
            continue
        fix(e.scope, k.key)
        base = e.scope if k.key is None else abs_path(e.scope, k.key)
        for ed in k.edges:
            fix(base, ed.src)
            fix(base, ed.dst)
    return apply_edits(text, edits)


def _set_attr(
    text: str,
    id: str,
    attr: list[str],
    value: str,
    *,
    quote: bool = True,
    diagram: Diagram | None = None,
) -> str:
    parts = require(text, id, diagram)
    tree = parse_text(text)
    target = [*parts, *attr]
    vtext = value_string(value) if quote else value
    last: A.Key | None = None
    for e in walk(tree, [], 0):
        k = e.key
        if k.edges:
            continue
        p = abs_path(e.scope, k.key)
        if p is not None and low(p) == low(target) and k.value is not None:
            last = k
    if last is not None and last.value is not None and not isinstance(last.value, A.Map):
        return apply_edits(text, [(last.value.start, last.value.end, vtext)])
    line = f"{'.'.join(attr)}: {vtext}"
    blk = block_for(tree, parts)
    if blk is not None:
        return insert_in_block(text, blk[0], [line])
    return append_root(text, [f"{join_id(parts)}.{line}"])


def set_label(text: str, id: str, label: str, *, diagram: Diagram | None = None) -> str:
    """Set a shape's label (rewriting `id: old label` in place when written that way)."""
    parts = require(text, id, diagram)
    tree = parse_text(text)
    for e in walk(tree, [], 0):
        k = e.key
        if k.edges:
            continue
        p = abs_path(e.scope, k.key)
        if p is not None and low(p) == low(parts):
            scalar = k.primary if k.primary is not None else k.value
            if scalar is not None and A.is_scalar(scalar) and not isinstance(scalar, A.Null):
                return apply_edits(text, [(scalar.start, scalar.end, value_string(label))])
    return _set_attr(text, id, ["label"], label, diagram=diagram)


def set_shape(text: str, id: str, shape: str, *, diagram: Diagram | None = None) -> str:
    return _set_attr(text, id, ["shape"], shape, diagram=diagram)


def set_style(text: str, id: str, key: str, value: str, *, diagram: Diagram | None = None) -> str:
    return _set_attr(text, id, ["style", key], value, diagram=diagram)


def set_class(text: str, id: str, node_class: str, *, diagram: Diagram | None = None) -> str:
    return _set_attr(text, id, ["class"], node_class, diagram=diagram)


def set_tooltip(text: str, id: str, tooltip: str, *, diagram: Diagram | None = None) -> str:
    return _set_attr(text, id, ["tooltip"], tooltip, diagram=diagram)


def set_icon(text: str, id: str, url: str, *, diagram: Diagram | None = None) -> str:
    return _set_attr(text, id, ["icon"], url, diagram=diagram)


def move_shape(
    text: str, id: str, new_parent: str | None, *, diagram: Diagram | None = None
) -> str:
    """Move a shape (with its children) into `new_parent`, or to the root when None."""
    parts = require(text, id, diagram)
    pparts = split_id(new_parent) if new_parent else []
    if pparts:
        require(text, new_parent or "", diagram)
        if starts(pparts, parts):
            raise fail("EDIT_INVALID", "cannot move a shape into itself")
    dest = pparts + parts[-1:]
    if low(dest) == low(parts):
        return text
    if join_id(dest).lower() in shape_ids(text, diagram):
        raise fail("EDIT_EXISTS", f"shape {join_id(dest)!r} already exists")
    tree = parse_text(text)
    edits: list[tuple[int, int, str]] = []
    moved_decls: list[str] = []
    moved_edges: list[str] = []
    handled: list[A.Key] = []

    def remap(p: list[str]) -> list[str]:
        return dest + p[len(parts) :] if starts(p, parts) else p

    for e in walk(tree, [], 0):
        k = e.key
        if any(inside(k, h) for h in handled):
            continue
        if not k.edges:
            p = abs_path(e.scope, k.key)
            if p is not None and starts(p, parts):
                rest = p[len(parts) :]
                name = parts[-1:] + rest
                val = _reindent(value_text(text, k), line_indent(text, k.start))
                moved_decls.append(join_id(name) + (f": {val}" if val else ""))
                edits.append(removal(text, k))
                handled.append(k)
            continue
        paths = edge_paths(e)
        if not any(
            (sp is not None and starts(sp, parts)) or (dp is not None and starts(dp, parts))
            for _, sp, dp in paths
        ):
            continue
        handled.append(k)
        val = _reindent(value_text(text, k), line_indent(text, k.start))
        for ed, sp, dp in paths:
            if sp is None or dp is None:
                continue
            op = text[ed.src.end : ed.dst.start].strip() if ed.src and ed.dst else "->"
            chain = f"{join_id(remap(sp))} {op} {join_id(remap(dp))}"
            if k.edge_index is not None:
                idx = "[*]" if k.edge_index.glob else f"[{k.edge_index.index}]"
                chain = f"({chain}){idx}"
                if k.edge_key is not None:
                    chain += "." + text[k.edge_key.start : k.edge_key.end]
            moved_edges.append(chain + (f": {val}" if val else ""))
        edits.append(removal(text, k))
    out = apply_edits(text, edits)
    if pparts:
        blk = block_for(parse_text(out), pparts)
        if blk is not None:
            out = insert_in_block(out, blk[0], moved_decls)
        else:
            out = append_root(out, [join_id(pparts) + "." + d for d in moved_decls])
    else:
        out = append_root(out, moved_decls)
    if moved_edges:
        out = append_root(out, moved_edges)
    return out


def _reindent(value: str, indent: str) -> str:
    """Strip the original indentation of a multi-line value so it can be re-nested."""
    if "\n" not in value:
        return value
    lines = value.split("\n")
    out = [lines[0]]
    for ln in lines[1:]:
        out.append(ln[len(indent) :] if ln.startswith(indent) else ln.lstrip())
    return "\n".join(out)
