"""The D2 source as the structural edits see it: shape ids, the keys of the text with the
absolute path of the map each sits in, one cached parse and compile per text, and splicing.

Shared by the shape edits (``edit_shapes.py``) and the connection edits (``edit_edges.py``).
Ids are absolute and dotted (``a."b.c".d``), matched case-insensitively like D2 does, with
``_`` resolved. Splicing replaces source ranges of AST nodes, so untouched lines, comments and
order stay as written.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from services.dsl.d2 import ast as A
from services.dsl.d2.core import compile_text
from services.dsl.d2.core import parse_text as _parse_uncached
from services.dsl.d2.errors import D2Error, D2Issue
from services.dsl.d2.formatter import key_string
from services.dsl.d2.keywords import RESERVED
from services.dsl.d2.model import Diagram

INDENT = "  "


def fail(code: str, message: str) -> D2Error:
    """An edit's refusal (``EDIT_*`` codes): it concerns the request, not a place in the text."""
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
        raise fail("EDIT_INVALID_ID", f"invalid shape id {shape_id!r}")
    return parts


def join_id(parts: list[str]) -> str:
    return ".".join(key_string(p) for p in parts)


def low(parts: list[str]) -> list[str]:
    return [p.lower() for p in parts]


@dataclass
class Entry:
    """A key of the text, the absolute path of the map it sits in, and that map."""

    key: A.Key
    scope: list[str]  # absolute path of the enclosing map
    depth: int  # indentation level of the line holding the key
    holder: A.Map  # the map the key sits in


def walk(m: A.Map, scope: list[str], depth: int) -> Iterator[Entry]:
    """Every key of ``m`` and of the shape maps inside it, in text order."""
    for n in m.nodes:
        if not isinstance(n, A.Key):
            continue
        yield Entry(n, scope, depth, m)
        if isinstance(n.value, A.Map) and not n.edges and n.key is not None:
            inner = abs_path(scope, n.key)
            if inner is not None and not _is_reserved_path(n.key):
                yield from walk(n.value, inner, depth + 1)


def _is_reserved_path(kp: A.KeyPath) -> bool:
    return any(isinstance(p, A.UnquotedString) and p.text().lower() in RESERVED for p in kp.path)


def abs_path(scope: list[str], kp: A.KeyPath | None) -> list[str] | None:
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


def starts(path: list[str], prefix: list[str]) -> bool:
    return len(path) >= len(prefix) and low(path[: len(prefix)]) == low(prefix)


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


def shape_ids(text: str, diagram: Diagram | None = None) -> frozenset[str]:
    if diagram is not None:
        return frozenset(s.id.lower() for s in diagram.shapes)
    return _shape_id_set(text)


def require(text: str, shape_id: str, diagram: Diagram | None = None) -> list[str]:
    parts = split_id(shape_id)
    if join_id(parts).lower() not in shape_ids(text, diagram):
        raise fail("EDIT_NOT_FOUND", f"no shape {shape_id!r} in the diagram")
    return parts


def link_text(text: str, ed: A.Edge) -> str:
    """One link of a chain as written (``a -> b``), to keep it when its chain is rewritten."""
    op = text[ed.src.end : ed.dst.start].strip() if ed.src and ed.dst else "->"
    src = text[ed.src.start : ed.src.end] if ed.src else ""
    dst = text[ed.dst.start : ed.dst.end] if ed.dst else ""
    return f"{src} {op} {dst}"


# ---- splicing --------------------------------------------------------------------------------


def apply_edits(text: str, edits: list[tuple[int, int, str]]) -> str:
    out = text
    for start, end, repl in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        out = out[:start] + repl + out[end:]
    return out


def removal(text: str, node: A.Node) -> tuple[int, int, str]:
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


def line_indent(text: str, pos: int) -> str:
    ls = text.rfind("\n", 0, pos) + 1
    line = text[ls:pos]
    return line[: len(line) - len(line.lstrip(" \t"))]


def append_root(text: str, lines: list[str]) -> str:
    body = "\n".join(lines)
    if not text:
        return body + "\n"
    sep = "" if text.endswith("\n") else "\n"
    return text + sep + body + "\n"


def insert_in_block(text: str, block: A.Map, lines: list[str]) -> str:
    """Insert lines just before the closing brace of `block`, indented one level deeper."""
    close = block.end - 1
    indent = line_indent(text, block.start)
    inner = indent + INDENT
    if text[block.start : block.end].count("\n") == 0:
        # one-line block "{a; b}": expand the inserted entries inside it with "; "
        sep = "; " if text[block.start + 1 : close].strip() else ""
        return text[:close] + sep + "; ".join(ln.strip() for ln in lines) + text[close:]
    ls = text.rfind("\n", 0, close) + 1
    payload = "".join(inner + ln + "\n" for ln in "\n".join(lines).split("\n"))
    return text[:ls] + payload + text[ls:]


def block_for(tree: A.Map, parts: list[str]) -> tuple[A.Map, Entry] | None:
    """The last `{...}` block that declares exactly the shape `parts`."""
    found = None
    for e in walk(tree, [], 0):
        k = e.key
        if k.edges or not isinstance(k.value, A.Map) or k.key is None:
            continue
        p = abs_path(e.scope, k.key)
        if p is not None and low(p) == low(parts):
            found = (k.value, e)
    return found


def edge_paths(e: Entry) -> list[tuple[A.Edge, list[str] | None, list[str] | None]]:
    base = e.scope if e.key.key is None else abs_path(e.scope, e.key.key)
    out: list[tuple[A.Edge, list[str] | None, list[str] | None]] = []
    for ed in e.key.edges:
        if base is None:
            out.append((ed, None, None))
        else:
            out.append((ed, abs_path(base, ed.src), abs_path(base, ed.dst)))
    return out


def value_text(text: str, k: A.Key) -> str:
    """The source of a key's value part (after the colon), or ''."""
    parts = [n for n in (k.primary, k.value) if n is not None]
    if not parts:
        return ""
    return text[parts[0].start : parts[-1].end]


def inside(n: A.Node, outer: A.Node) -> bool:
    return outer.start <= n.start and n.end <= outer.end and n is not outer
