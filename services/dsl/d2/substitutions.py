"""Composite ``vars``: ``x: ${v}`` with a map or array value, and spreads ``...${v}``.

Runs on the IR once every key is compiled (as the official compiler resolves substitutions
after building the tree). Scalar substitutions inside strings stay with the graph stage
(``compiler.GraphCompiler.text``); this pass only moves maps and arrays:

* ``x: ${v}`` where ``v`` holds a map: ``x`` gets ``v``'s label (if any) and a copy of its
  fields and edges; an array value becomes ``x``'s array.
* ``...${v}`` in a map: ``v``'s fields and edges are merged into that map; a scalar ``v``
  is an error ("cannot spread non-composite"), an unknown one "could not resolve variable".

Vars are looked up from the map being resolved outwards, ``vars`` maps first, so a var can
use an earlier one.
"""

from __future__ import annotations

from services.dsl.d2 import ast as A
from services.dsl.d2 import tree as T
from services.dsl.d2.ir_state import IRState


def lookup_var(where: T.IRMap | None, path: list[str]) -> T.Field | None:
    """The var field named by ``path`` visible from ``where`` (innermost ``vars`` first)."""
    m = where
    while m is not None:
        vars_f = m.get("vars")
        if vars_f is not None and vars_f.map is not None:
            f = _get_path(vars_f.map, path)
            if f is not None:
                return f
        m = T.parent_map(m)
    return None


def _get_path(m: T.IRMap, path: list[str]) -> T.Field | None:
    cur: T.IRMap | None = m
    f: T.Field | None = None
    for p in path:
        if cur is None:
            return None
        f = cur.get(p, False) or cur.get(p, True)
        if f is None:
            return None
        cur = f.map
    return f


def _whole_sub(scalar: A.Node | None) -> A.Substitution | None:
    """The substitution when a value is exactly ``${v}`` (nothing around it)."""
    if isinstance(scalar, A.UnquotedString) and len(scalar.parts) == 1:
        p = scalar.parts[0]
        if isinstance(p, A.Substitution):
            return p
    return None


def _path(sub: A.Substitution) -> list[str]:
    return [p.text() for p in sub.path]


def is_spread(f: T.Field) -> bool:
    return not f.name.text and _whole_sub(f.primary) is not None


class Resolver:
    """Resolves the map and array vars of one IR tree, from the root down (as deep as the
    parser lets maps nest)."""

    def __init__(self, comp: IRState) -> None:
        self.comp = comp

    def resolve(self, m: T.IRMap) -> None:
        vars_f = m.get("vars")
        fields = list(m.fields)
        if vars_f is not None and vars_f in fields:  # vars first: others may use them
            fields.remove(vars_f)
            fields.insert(0, vars_f)
        for f in fields:
            if is_spread(f):
                self._spread(m, f)
                continue
            sub = _whole_sub(f.primary)
            if sub is not None:
                var = lookup_var(m, _path(sub))
                if var is not None and var is not f and var.composite is not None:
                    f.primary = var.primary
                    if isinstance(var.composite, T.IRArray):
                        f.composite = var.composite
                    elif var.map is not None:
                        dst = f.ensure_map()
                        for g in var.map.fields:
                            self.comp.overlay_field(dst, g)
                        for e in var.map.edges:
                            dst.edges.append(T.copy_edge(e, dst))
            if f.map is not None:
                self.resolve(f.map)
        for e in m.edges:
            sub = _whole_sub(e.primary)
            if sub is not None:
                var = lookup_var(m, _path(sub))
                if var is not None and var.map is not None:
                    e.primary = var.primary
                    dst = e.ensure_map()
                    for g in var.map.fields:
                        self.comp.overlay_field(dst, g)
            if e.map is not None:
                self.resolve(e.map)

    def _spread(self, m: T.IRMap, f: T.Field) -> None:
        sub = _whole_sub(f.primary)
        assert sub is not None
        if f in m.fields:
            m.fields.remove(f)
        var = lookup_var(m, _path(sub))
        if var is None or (isinstance(var.primary, A.Null) and var.composite is None):
            self.comp.err(sub, f'could not resolve variable "{".".join(_path(sub))}"')
            return
        if var.map is None:
            self.comp.err(sub, "cannot spread non-composite")
            return
        for g in var.map.fields:
            self.comp.overlay_field(m, g)
        for e in var.map.edges:
            m.edges.append(T.copy_edge(e, m))
        if m.globs:  # globs in force in this map reach what the spread brought
            comp = self.comp
            comp.glob_stack.append(m.globs)
            comp.applying_glob += 1
            try:
                for gctx in list(m.globs):
                    comp.compile_key(gctx.key, gctx.scope)
            finally:
                comp.applying_glob -= 1
                comp.glob_stack.pop()


def resolve_substitutions(comp: IRState, root: T.IRMap) -> None:
    Resolver(comp).resolve(root)
