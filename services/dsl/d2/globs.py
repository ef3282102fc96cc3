"""Glob patterns in D2 keys (``*``, ``**``, ``***``): the official matcher and the questions the
IR stage asks about a key's globs.

Shared by the IR compiler (``ir.py``, ``ir_edges.py``), which applies globs to fields and
edges, and by the glob filters (``filters.py``), whose values may be globs too. Pure functions
over the AST and the IR tree.
"""

from __future__ import annotations

import fnmatch

from services.dsl.d2 import ast as A
from services.dsl.d2.keywords import RESERVED
from services.dsl.d2.tree import Field, IRMap, Name


def match_pattern(name: str, pattern: list[str]) -> bool:
    """The official glob matcher: pieces in order, case-insensitive, and (as there) not
    anchored at the end: ``*l`` matches ``jingle`` (an ``l`` follows the start)."""
    if name in RESERVED:
        return False
    s = name.lower()
    i = 0
    while i < len(pattern):
        p = pattern[i].lower()
        if p == "*":
            if i != len(pattern) - 1:
                nxt = pattern[i + 1].lower()
                j = s.find(nxt)
                if j == -1:
                    return False
                s = s[j + len(nxt) :]
                i += 1
        else:
            if not s.startswith(p):
                return False
            s = s[len(p) :]
        i += 1
    return True


def glob_fields(m: IRMap, pattern: list[str]) -> list[Field]:
    """The fields of ``m`` a glob segment matches (``**``: every descendant, depth first)."""
    if pattern == ["*", "", "*"] or pattern == ["*", "*"]:
        out: list[Field] = []
        stack = list(reversed(m.fields))
        while stack:
            f = stack.pop()
            if f.name.is_kw(RESERVED) or not f.name.text:
                continue
            out.append(f)
            if f.map is not None:
                stack.extend(reversed(f.map.fields))
        return out
    return [
        f
        for f in m.fields
        if f.name.text and not f.name.is_kw(RESERVED) and match_pattern(f.name.text, pattern)
    ]


def has_glob(kp: A.KeyPath | None) -> bool:
    return kp is not None and any(isinstance(p, A.UnquotedString) and p.pattern for p in kp.path)


def key_has_glob(k: A.Key) -> bool:
    if has_glob(k.key) or has_glob(k.edge_key):
        return True
    if k.edge_index is not None and k.edge_index.glob:
        return True
    return any(has_glob(e.src) or has_glob(e.dst) for e in k.edges)


def has_triple_glob(key: A.Key) -> bool:
    """``***`` anywhere in the key (such a glob also applies where its file is imported)."""
    paths = [key.key, key.edge_key] + [p for e in key.edges for p in (e.src, e.dst)]
    return any(kp is not None and any("***" in part.text() for part in kp.path) for kp in paths)


def is_multi_glob(kp: A.KeyPath | None) -> bool:
    """A ``**`` segment in the path (an edge end written so connects only leaves)."""
    return kp is not None and any(
        isinstance(p, A.UnquotedString) and p.pattern and "**" in p.text() for p in kp.path
    )


def _escape_glob(s: str) -> str:
    return "".join(f"[{c}]" if c in "[]?*" else c for c in s)


def glob_path(names: list[Name], pattern: list[Name]) -> bool:
    """``names`` matches ``pattern``; an unquoted ``**`` segment stands for one or more."""
    if not pattern:
        return not names
    p = pattern[0]
    if not p.quoted and p.text in ("**", "***"):
        return any(glob_path(names[k:], pattern[1:]) for k in range(1, len(names) + 1))
    if not names:
        return False
    n = names[0]
    if "*" in p.text and not p.quoted:
        if not fnmatch.fnmatchcase(n.low, _escape_glob(p.low).replace("[*]", "*")):
            return False
    elif n.low != p.low:
        return False
    return glob_path(names[1:], pattern[1:])
