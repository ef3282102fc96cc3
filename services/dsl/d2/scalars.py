"""Scalars as the graph stage reads them: a value's text with ``${var}`` substituted.

Scalar substitutions are resolved when the graph is built, from the map a value was written
in outwards (the innermost ``vars`` first), as the official compiler does; a var set to
``null`` is gone, and a var that uses its own name means the outer one. Markdown blocks
substitute in prose but not in code. (Vars holding maps and arrays are moved earlier, on the
IR: ``substitutions.py``.) The base of the graph compiler (``reserved.py``, ``compiler.py``):
it also holds the error list every layer reports to.
"""

from __future__ import annotations

import re

from services.dsl.d2 import ast as A
from services.dsl.d2 import tree as T

Err = tuple[int, int, str]
_MD_SUB = re.compile(r"(```[\s\S]*?```|`[^`\n]*`)|\$\{([^}\s]+)\}")


class ScalarReader:
    def __init__(self, errors: list[Err]) -> None:
        self.errors = errors
        self._expanding: set[int] = set()  # var fields being substituted (no self-reference)

    def err(self, node: A.Node | None, msg: str) -> None:
        if node is None:
            self.errors.append((0, 0, msg))
        else:
            self.errors.append((node.start, node.end, msg))

    def text(self, scalar: A.Node | None, where: T.IRMap) -> str:
        if scalar is None:
            return ""
        if isinstance(scalar, A.UnquotedString | A.DoubleQuotedString):
            out: list[str] = []
            for p in scalar.parts:
                if isinstance(p, str):
                    out.append(p)
                else:
                    out.append(self.substitute(p, where))
            return "".join(out)
        if isinstance(scalar, A.BlockString) and scalar.tag in ("md", "markdown"):
            return self._markdown_vars(scalar.text(), where)
        if isinstance(scalar, A.SingleQuotedString | A.BlockString | A.Number | A.Boolean):
            return scalar.text()
        if isinstance(scalar, A.Null):
            return "null"
        if isinstance(scalar, A.Suspension):
            return scalar.text()
        return ""

    def _markdown_vars(self, text: str, where: T.IRMap) -> str:
        """``${v}`` in markdown prose is substituted; inside code spans and blocks it is not."""

        def one(mt: re.Match[str]) -> str:
            if mt.group(1) is not None:  # code: kept as written
                return mt.group(0)
            path = mt.group(2).split(".")
            m: T.IRMap | None = where
            while m is not None:
                vars_f = m.get("vars")
                if vars_f is not None and vars_f.map is not None:
                    f = _lookup(vars_f.map, path)
                    if f is not None and f.primary is not None:
                        return self.text(f.primary, vars_f.map)
                m = T.parent_map(m)
            return mt.group(0)

        return _MD_SUB.sub(one, text)

    def substitute(self, sub: A.Substitution, where: T.IRMap) -> str:
        path = [p.text() for p in sub.path]
        m: T.IRMap | None = where
        while m is not None:
            vars_f = m.get("vars")
            if vars_f is not None and vars_f.map is not None:
                f = _lookup(vars_f.map, path)
                if f is not None and isinstance(f.primary, A.Null):
                    break  # a var set to null is gone, even if an outer scope has it
                # a var that uses its own name (x: ${x}-b) means the outer one
                if f is not None and f.primary is not None and id(f) not in self._expanding:
                    self._expanding.add(id(f))
                    try:
                        return self.text(f.primary, vars_f.map)
                    finally:
                        self._expanding.discard(id(f))
            m = T.parent_map(m)
        self.err(sub, f'could not resolve variable "{".".join(path)}"')
        return ""


def _lookup(m: T.IRMap, path: list[str]) -> T.Field | None:
    cur: T.IRMap | None = m
    f: T.Field | None = None
    for p in path:
        if cur is None:
            return None
        f = None
        for g in cur.fields:
            if g.name.text == p:
                f = g
                break
        if f is None:
            return None
        cur = f.map
    return f
