"""Structural edits on D2 text: pure text -> text functions that touch only what they must.

Each edit parses the text, finds the AST nodes that declare or reference a shape (ids are
absolute and dotted, matched case-insensitively like D2 does, with ``_`` resolved), and
splices the source at those nodes' ranges. Untouched lines, comments and order stay as
written. Problems raise ``D2Error`` with an ``EDIT_*`` code.

Every edit takes an optional ``diagram=``: the compiled model of ``text`` when the caller has it
already, which saves compiling the text again. Only its shape ids are read (to check the ids
an edit names), so a diagram of any text with the same shapes serves as well.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from services.dsl.d2 import ast as A
from services.dsl.d2.core import compile_text
from services.dsl.d2.core import parse_text as _parse_uncached
from services.dsl.d2.errors import D2Error, D2Issue
from services.dsl.d2.formatter import key_string, value_string
from services.dsl.d2.keywords import RESERVED
from services.dsl.d2.model import Diagram

_INDENT = "  "


def _fail(code: str, message: str) -> D2Error:
    return D2Error([D2Issue(1, 1, message, code)])


def split_id(shape_id: str) -> list[str]:
    """'a."b.c".d' -> ['a', 'b.c', 'd'] (quotes protect dots)."""
    parts: list[str] = []
    cur: list[str] = []
    quoted = False
    for ch in shape_id:
        if ch == '"':
            quoted = not quoted
            continue
        if ch == "." and not quoted:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    if any(p == "" for p in parts):
        raise _fail("EDIT_INVALID_ID", f"invalid shape id {shape_id!r}")
    return parts


def join_id(parts: list[str]) -> str:
    return ".".join(key_string(p) for p in parts)


def _low(parts: list[str]) -> list[str]:
    return [p.lower() for p in parts]


@dataclass
class _Entry:
    key: A.Key
    scope: list[str]  # absolute path of the enclosing map
    depth: int  # indentation level of the line holding the key
    holder: A.Map  # the map the key sits in


def _walk(m: A.Map, scope: list[str], depth: int) -> Iterator[_Entry]:
    for n in m.nodes:
        if not isinstance(n, A.Key):
            continue
        yield _Entry(n, scope, depth, m)
        if isinstance(n.value, A.Map) and not n.edges and n.key is not None:
            inner = _abs(scope, n.key)
            if inner is not None and not _is_reserved_path(n.key):
                yield from _walk(n.value, inner, depth + 1)


def _is_reserved_path(kp: A.KeyPath) -> bool:
    return any(isinstance(p, A.UnquotedString) and p.text().lower() in RESERVED for p in kp.path)


def _abs(scope: list[str], kp: A.KeyPath | None) -> list[str] | None:
    if kp is None:
        return None
    cur = list(scope)
    parts = kp.path
    i = 0
    while i < len(parts) and isinstance(parts[i], A.UnquotedString) and parts[i].text() == "_":
        if not cur:
            return None
        cur.pop()
        i += 1
    return cur + [p.text() for p in parts[i:]]


def _starts(path: list[str], prefix: list[str]) -> bool:
    return len(path) >= len(prefix) and _low(path[: len(prefix)]) == _low(prefix)


# An edit reads the same text several times (check ids, find nodes, then a composed edit
# like insert_between runs disconnect + add_shape on it): parse and compile each text once.
# Both are pure and the edits only read the tree, so sharing the results is safe.
@lru_cache(maxsize=32)
def parse_text(text: str) -> A.Map:
    return _parse_uncached(text)


@lru_cache(maxsize=32)
def _shape_id_set(text: str) -> frozenset[str]:
    # the compiler only reads the tree, so the cached parse serves it too
    return frozenset(s.id.lower() for s in compile_text(text, tree=parse_text(text)).shapes)


def _shape_ids(text: str, diagram: Diagram | None = None) -> frozenset[str]:
    if diagram is not None:
        return frozenset(s.id.lower() for s in diagram.shapes)
    return _shape_id_set(text)


def _require(text: str, shape_id: str, diagram: Diagram | None = None) -> list[str]:
    parts = split_id(shape_id)
    if join_id(parts).lower() not in _shape_ids(text, diagram):
        raise _fail("EDIT_NOT_FOUND", f"no shape {shape_id!r} in the diagram")
    return parts


# ---- splicing --------------------------------------------------------------------------------


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    out = text
    for start, end, repl in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        out = out[:start] + repl + out[end:]
    return out


def _removal(text: str, node: A.Node) -> tuple[int, int, str]:
    """Remove a node: its whole line(s) when alone there, else just its span and a ';'."""
    ls = text.rfind("\n", 0, node.start) + 1
    le = text.find("\n", node.end)
    le = len(text) if le < 0 else le
    before, after = text[ls : node.start], text[node.end : le]
    if not before.strip() and after.strip() in ("", ";"):
        return ls, min(le + 1, len(text)), ""
    end = node.end
    rest = text[end:le]
    stripped = rest.lstrip(" \t")
    if stripped.startswith(";"):
        end += len(rest) - len(stripped) + 1
    return node.start, end, ""


def _line_indent(text: str, pos: int) -> str:
    ls = text.rfind("\n", 0, pos) + 1
    line = text[ls:pos]
    return line[: len(line) - len(line.lstrip(" \t"))]


def _append_root(text: str, lines: list[str]) -> str:
    body = "\n".join(lines)
    if not text:
        return body + "\n"
    sep = "" if text.endswith("\n") else "\n"
    return text + sep + body + "\n"


def _insert_in_block(text: str, block: A.Map, lines: list[str]) -> str:
    """Insert lines just before the closing brace of `block`, indented one level deeper."""
    close = block.end - 1
    indent = _line_indent(text, block.start)
    inner = indent + _INDENT
    if text[block.start : block.end].count("\n") == 0:
        # one-line block "{a; b}": expand the inserted entries inside it with "; "
        sep = "; " if text[block.start + 1 : close].strip() else ""
        return text[:close] + sep + "; ".join(ln.strip() for ln in lines) + text[close:]
    ls = text.rfind("\n", 0, close) + 1
    payload = "".join(inner + ln + "\n" for ln in "\n".join(lines).split("\n"))
    return text[:ls] + payload + text[ls:]


def _block_for(tree: A.Map, parts: list[str]) -> tuple[A.Map, _Entry] | None:
    """The last `{...}` block that declares exactly the shape `parts`."""
    found = None
    for e in _walk(tree, [], 0):
        k = e.key
        if k.edges or not isinstance(k.value, A.Map) or k.key is None:
            continue
        p = _abs(e.scope, k.key)
        if p is not None and _low(p) == _low(parts):
            found = (k.value, e)
    return found


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
    return [f"{name}: {{", *[_INDENT + ln for ln in inner], "}"]


# ---- edits -----------------------------------------------------------------------------------


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
    existing = _shape_ids(text, diagram)
    if parent is not None:
        pparts = split_id(parent)
        if join_id(pparts).lower() not in existing:
            raise _fail("EDIT_NOT_FOUND", f"no container {parent!r} in the diagram")
        if not _starts(parts, pparts) or len(parts) == len(pparts):
            parts = pparts + parts
    else:
        pparts = parts[:-1]
        if pparts and join_id(pparts).lower() not in existing:
            raise _fail("EDIT_NOT_FOUND", f"no container {join_id(pparts)!r} in the diagram")
    if join_id(parts).lower() in existing:
        raise _fail("EDIT_EXISTS", f"shape {join_id(parts)!r} already exists")
    if pparts:
        blk = _block_for(tree, pparts)
        if blk is not None:
            rel = join_id(parts[len(pparts) :])
            lines = _shape_block_lines(rel, label, node_class, icon)
            return _insert_in_block(text, blk[0], lines)
    return _append_root(text, _shape_block_lines(join_id(parts), label, node_class, icon))


def _edge_paths(e: _Entry) -> list[tuple[A.Edge, list[str] | None, list[str] | None]]:
    base = e.scope if e.key.key is None else _abs(e.scope, e.key.key)
    out: list[tuple[A.Edge, list[str] | None, list[str] | None]] = []
    for ed in e.key.edges:
        if base is None:
            out.append((ed, None, None))
        else:
            out.append((ed, _abs(base, ed.src), _abs(base, ed.dst)))
    return out


def _value_text(text: str, k: A.Key) -> str:
    """The source of a key's value part (after the colon), or ''."""
    parts = [n for n in (k.primary, k.value) if n is not None]
    if not parts:
        return ""
    return text[parts[0].start : parts[-1].end]


def remove_shape(text: str, id: str, *, diagram: Diagram | None = None) -> str:
    """Remove a shape, its descendants and every connection touching them."""
    parts = _require(text, id, diagram)
    tree = parse_text(text)
    edits: list[tuple[int, int, str]] = []
    removed: list[A.Node] = []
    for e in _walk(tree, [], 0):
        k = e.key
        if any(_inside(k, r) for r in removed):
            continue
        if not k.edges:
            p = _abs(e.scope, k.key)
            if p is not None and _starts(p, parts):
                edits.append(_removal(text, k))
                removed.append(k)
            continue
        edges = _edge_paths(e)
        hit = [
            (s is not None and _starts(s, parts)) or (d is not None and _starts(d, parts))
            for _, s, d in edges
        ]
        if not any(hit):
            continue
        keep = [ed for (ed, _, _), h in zip(edges, hit, strict=True) if not h]
        removed.append(k)
        if not keep or k.edge_index is not None:
            edits.append(_removal(text, k))
            continue
        # a chain: keep the links that do not touch the shape, one per line
        val = _value_text(text, k)
        pre = (text[k.key.start : k.key.end] + ".") if k.key is not None else ""
        lines = []
        for ed in keep:
            op = text[ed.src.end : ed.dst.start].strip() if ed.src and ed.dst else "->"
            src = text[ed.src.start : ed.src.end] if ed.src else ""
            dst = text[ed.dst.start : ed.dst.end] if ed.dst else ""
            chain = f"{src} {op} {dst}"
            if pre:
                chain = f"{pre}({chain})"
            lines.append(chain + (f": {val}" if val else ""))
        indent = _line_indent(text, k.start)
        edits.append((k.start, k.end, ("\n" + indent).join(lines)))
    return _apply(text, edits)


def _inside(n: A.Node, outer: A.Node) -> bool:
    return outer.start <= n.start and n.end <= outer.end and n is not outer


def rename_shape(text: str, old: str, new: str, *, diagram: Diagram | None = None) -> str:
    """Rename a shape's id (its last segment), updating every reference to it."""
    oparts = _require(text, old, diagram)
    nparts = split_id(new)
    if len(nparts) > 1 and _low(nparts[:-1]) != _low(oparts[:-1]):
        raise _fail("EDIT_INVALID", "rename keeps the parent; use move_shape to re-parent")
    newname = nparts[-1]
    target = [*oparts[:-1], newname]
    if _low(target) != _low(oparts) and join_id(target).lower() in _shape_ids(text, diagram):
        raise _fail("EDIT_EXISTS", f"shape {join_id(target)!r} already exists")
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
            if len(cur) == depth and _low(cur) == _low(oparts):
                edits.append((seg.start, seg.end, key_string(newname)))

    for e in _walk(tree, [], 0):
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
                if _low(split_id(v.text())) == _low(oparts):
                    edits.append((v.start, v.end, value_string(join_id(target))))
            continue
        fix(e.scope, k.key)
        base = e.scope if k.key is None else _abs(e.scope, k.key)
        for ed in k.edges:
            fix(base, ed.src)
            fix(base, ed.dst)
    return _apply(text, edits)


def _set_attr(
    text: str,
    id: str,
    attr: list[str],
    value: str,
    *,
    quote: bool = True,
    diagram: Diagram | None = None,
) -> str:
    parts = _require(text, id, diagram)
    tree = parse_text(text)
    target = [*parts, *attr]
    vtext = value_string(value) if quote else value
    last: A.Key | None = None
    for e in _walk(tree, [], 0):
        k = e.key
        if k.edges:
            continue
        p = _abs(e.scope, k.key)
        if p is not None and _low(p) == _low(target) and k.value is not None:
            last = k
    if last is not None and last.value is not None and not isinstance(last.value, A.Map):
        return _apply(text, [(last.value.start, last.value.end, vtext)])
    line = f"{'.'.join(attr)}: {vtext}"
    blk = _block_for(tree, parts)
    if blk is not None:
        return _insert_in_block(text, blk[0], [line])
    return _append_root(text, [f"{join_id(parts)}.{line}"])


def set_label(text: str, id: str, label: str, *, diagram: Diagram | None = None) -> str:
    """Set a shape's label (rewriting `id: old label` in place when written that way)."""
    parts = _require(text, id, diagram)
    tree = parse_text(text)
    for e in _walk(tree, [], 0):
        k = e.key
        if k.edges:
            continue
        p = _abs(e.scope, k.key)
        if p is not None and _low(p) == _low(parts):
            scalar = k.primary if k.primary is not None else k.value
            if scalar is not None and A.is_scalar(scalar) and not isinstance(scalar, A.Null):
                return _apply(text, [(scalar.start, scalar.end, value_string(label))])
    return _set_attr(text, id, ["label"], label, diagram=diagram)


def set_shape(text: str, id: str, shape: str, *, diagram: Diagram | None = None) -> str:
    return _set_attr(text, id, ["shape"], shape, diagram=diagram)


def set_style(text: str, id: str, key: str, value: str, *, diagram: Diagram | None = None) -> str:
    return _set_attr(text, id, ["style", key], value, diagram=diagram)


def set_class(text: str, id: str, node_class: str, *, diagram: Diagram | None = None) -> str:
    return _set_attr(text, id, ["class"], node_class, diagram=diagram)


def set_icon(text: str, id: str, url: str, *, diagram: Diagram | None = None) -> str:
    return _set_attr(text, id, ["icon"], url, diagram=diagram)


def connect(
    text: str, src: str, dst: str, label: str | None = None, *, diagram: Diagram | None = None
) -> str:
    """Add a connection src -> dst between existing shapes.

    The result has the shapes of `text` (only a connection is added), so a `diagram` that
    served for `text` serves for the result too.
    """
    s, d = _require(text, src, diagram), _require(text, dst, diagram)
    line = f"{join_id(s)} -> {join_id(d)}"
    if label:
        line += f": {value_string(label)}"
    return _append_root(text, [line])


def _edge_hits(tree: A.Map, s: list[str], d: list[str]) -> Iterator[tuple[_Entry, A.Edge, bool]]:
    for e in _walk(tree, [], 0):
        if not e.key.edges:
            continue
        for ed, sp, dp in _edge_paths(e):
            if sp is None or dp is None:
                continue
            forward = _low(sp) == _low(s) and _low(dp) == _low(d) and ed.dst_arrow == ">"
            backward = _low(sp) == _low(d) and _low(dp) == _low(s) and ed.src_arrow == "<"
            undirected = (
                not ed.src_arrow
                and not ed.dst_arrow
                and {tuple(_low(sp)), tuple(_low(dp))} == {tuple(_low(s)), tuple(_low(d))}
            )
            if forward or backward or undirected:
                yield e, ed, True


def disconnect(text: str, src: str, dst: str, *, diagram: Diagram | None = None) -> str:
    """Remove every connection from src to dst (and their `(src -> dst)[i]` references).

    (``diagram`` is accepted like every edit's; this one only needs the parse.)
    """
    s, d = split_id(src), split_id(dst)
    tree = parse_text(text)
    keys: list[A.Key] = []
    for e, _ed, _ in _edge_hits(tree, s, d):
        if e.key not in keys:
            keys.append(e.key)
    if not keys:
        raise _fail("EDIT_NOT_FOUND", f"no connection {src} -> {dst}")
    edits = []
    for k in keys:
        if len(k.edges) > 1:
            # keep the other links of a chain
            base_edges = [ed for ed in k.edges if not _matches_pair(ed, s, d, text, tree)]
            if base_edges:
                val = _value_text(text, k)
                lines = []
                for ed in base_edges:
                    op = text[ed.src.end : ed.dst.start].strip() if ed.src and ed.dst else "->"
                    src_t = text[ed.src.start : ed.src.end] if ed.src else ""
                    dst_t = text[ed.dst.start : ed.dst.end] if ed.dst else ""
                    lines.append(f"{src_t} {op} {dst_t}" + (f": {val}" if val else ""))
                indent = _line_indent(text, k.start)
                edits.append((k.start, k.end, ("\n" + indent).join(lines)))
                continue
        edits.append(_removal(text, k))
    return _apply(text, edits)


def _matches_pair(ed: A.Edge, s: list[str], d: list[str], text: str, tree: A.Map) -> bool:
    return any(hit is ed for _e, hit, _ in _edge_hits(tree, s, d))


def move_shape(
    text: str, id: str, new_parent: str | None, *, diagram: Diagram | None = None
) -> str:
    """Move a shape (with its children) into `new_parent`, or to the root when None."""
    parts = _require(text, id, diagram)
    pparts = split_id(new_parent) if new_parent else []
    if pparts:
        _require(text, new_parent or "", diagram)
        if _starts(pparts, parts):
            raise _fail("EDIT_INVALID", "cannot move a shape into itself")
    dest = pparts + parts[-1:]
    if _low(dest) == _low(parts):
        return text
    if join_id(dest).lower() in _shape_ids(text, diagram):
        raise _fail("EDIT_EXISTS", f"shape {join_id(dest)!r} already exists")
    tree = parse_text(text)
    edits: list[tuple[int, int, str]] = []
    moved_decls: list[str] = []
    moved_edges: list[str] = []
    handled: list[A.Key] = []

    def remap(p: list[str]) -> list[str]:
        return dest + p[len(parts) :] if _starts(p, parts) else p

    for e in _walk(tree, [], 0):
        k = e.key
        if any(_inside(k, h) for h in handled):
            continue
        if not k.edges:
            p = _abs(e.scope, k.key)
            if p is not None and _starts(p, parts):
                rest = p[len(parts) :]
                name = parts[-1:] + rest
                val = _reindent(_value_text(text, k), _line_indent(text, k.start))
                moved_decls.append(join_id(name) + (f": {val}" if val else ""))
                edits.append(_removal(text, k))
                handled.append(k)
            continue
        paths = _edge_paths(e)
        if not any(
            (sp is not None and _starts(sp, parts)) or (dp is not None and _starts(dp, parts))
            for _, sp, dp in paths
        ):
            continue
        handled.append(k)
        val = _reindent(_value_text(text, k), _line_indent(text, k.start))
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
        edits.append(_removal(text, k))
    out = _apply(text, edits)
    if pparts:
        blk = _block_for(parse_text(out), pparts)
        if blk is not None:
            out = _insert_in_block(out, blk[0], moved_decls)
        else:
            out = _append_root(out, [join_id(pparts) + "." + d for d in moved_decls])
    else:
        out = _append_root(out, moved_decls)
    if moved_edges:
        out = _append_root(out, moved_edges)
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
    ap, bp = _require(text, a, diagram), _require(text, b, diagram)
    tree = parse_text(text)
    hits = list(_edge_hits(tree, ap, bp))
    if not hits:
        raise _fail("EDIT_NOT_FOUND", f"no connection {a} -> {b}")
    first_key = hits[0][0].key
    val = _value_text(text, first_key) if not isinstance(first_key.value, A.Map) else ""
    nparts = split_id(new_id)
    out = disconnect(text, a, b)
    out = add_shape(out, join_id(nparts), label=label, node_class=node_class, icon=icon)
    new_abs = join_id(nparts)
    line1 = f"{join_id(ap)} -> {new_abs}" + (f": {val}" if val else "")
    line2 = f"{new_abs} -> {join_id(bp)}"
    return _append_root(out, [line1, line2])
