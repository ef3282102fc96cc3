"""The IR compiler's edges: ``a -> b``, chains, edge references ``(a -> b)[0]`` and their
globs ``(* -> *)[*]``, ``_`` in edge ends, deletion by ``null``.

An edge lives in the map of the nearest container its two ends share (``x.a -> x.b`` is the
edge ``a -> b`` inside ``x``), numbered per (ends, arrows) in that map, as the official
compiler does. The layer between the shared state (``ir_state.py``) and the maps, keys and
fields (``ir.py``); it reaches fields through ``ensure_field`` declared in the base.
"""

from __future__ import annotations

from services.dsl.d2 import ast as A
from services.dsl.d2.globs import glob_path, has_glob, is_multi_glob
from services.dsl.d2.ir_state import IRState
from services.dsl.d2.keywords import BOARD_KEYWORDS, RESERVED_HOLDERS, SIMPLE_RESERVED
from services.dsl.d2.tree import (
    EdgeId,
    Field,
    IRArray,
    IREdge,
    IRMap,
    Name,
    board_kind,
    board_of,
    field_of_map,
    name_of,
    parent_map,
    rel_ida,
)


class EdgeCompiler(IRState):
    def compile_edges(self, key: A.Key, dst: IRMap) -> None:
        scopes = [dst]
        if key.key is not None:
            scopes = []
            for f in self.ensure_field(dst, key.key, key):
                if isinstance(f.composite, IRArray):
                    self.err(key.key, "cannot index into array")
                    return
                scopes.append(f.ensure_map())
        for scope in scopes:
            self._compile_edges(key, scope)

    def _compile_edges(self, key: A.Key, scope: IRMap) -> None:
        is_null = isinstance(key.primary, A.Null) or isinstance(key.value, A.Null)
        ei = key.edge_index
        for ast_edge in key.edges:
            if ast_edge.src is None or ast_edge.dst is None:
                continue
            eid: EdgeId = (
                [name_of(p) for p in ast_edge.src.path],
                ast_edge.src_arrow == "<",
                [name_of(p) for p in ast_edge.dst.path],
                ast_edge.dst_arrow == ">",
            )
            if is_null and not (ei is not None and ei.glob):
                self.delete_edge(scope, eid, ei.index if ei else None)
                continue
            edges: list[IREdge]
            if ei is not None:
                edges = self.get_edges(scope, eid, ei.index, ast_edge)
                if not edges:
                    if not ei.glob:
                        self.err(ast_edge, "indexed edge does not exist")
                    continue
                if is_null:
                    for e in edges:
                        if e in e.parent.edges:
                            e.parent.edges.remove(e)
                    continue
                for e in edges:
                    e.keys.append(key)
                    e.scopes.append(self.scope)
                    self._touch_endpoints(scope, ast_edge, key)
            else:
                edges = self.create_edge(scope, eid, ast_edge, key)
            for e in edges:
                self._apply_edge_value(e, key)

    def _touch_endpoints(self, scope: IRMap, ast_edge: A.Edge, key: A.Key) -> None:
        for kp in (ast_edge.src, ast_edge.dst):
            if kp is None or has_glob(kp):
                continue
            for f in self.ensure_field(scope, kp, key, create=False):
                f.keys.append(key)
                f.refs.append((key, self.scope))

    def _apply_edge_value(self, e: IREdge, key: A.Key) -> None:
        if key.edge_key is not None:
            self.compile_field(e.ensure_map(), key.edge_key, key)
            return
        susp = key.primary if isinstance(key.primary, A.Suspension) else key.value
        if isinstance(susp, A.Suspension):
            if self.applying_glob:
                return
            if isinstance(key.value, A.Map) and not self.filters_pass(e.ensure_map(), key.value):
                return
            e.suspended = susp.value
            if not susp.value:  # an unsuspended edge brings back its ends and their parents
                for names in (e.src, e.dst):
                    f = e.parent.get_path(names)
                    while f is not None:
                        f.suspended = False
                        f = field_of_map(f.parent)
            return
        keep = bool(self.applying_glob) and e.primary is not None and not e.primary_lazy
        if key.primary is not None and not isinstance(key.primary, A.Suspension) and not keep:
            e.primary = key.primary
            e.primary_key = key
            e.primary_lazy = bool(self.applying_glob)
        v = key.value
        if isinstance(v, A.Array):
            self.err(v, "edges cannot be assigned arrays")
        elif isinstance(v, A.Map):
            self.compile_map(e.ensure_map(), v)
        elif keep:
            return
        elif isinstance(v, A.Substitution):
            e.primary = A.UnquotedString(v.start, v.end, [v])
            e.primary_key = key
            e.primary_lazy = bool(self.applying_glob)
        elif v is not None and not isinstance(v, A.Suspension | A.Import):
            e.primary = v
            e.primary_key = key
            e.primary_lazy = bool(self.applying_glob)

    def resolve(self, eid: EdgeId, m: IRMap) -> tuple[EdgeId, IRMap, list[Name]] | None:
        src, sa, dst, da = list(eid[0]), eid[1], list(eid[2]), eid[3]
        under = max(_count_underscores(src), _count_underscores(dst))
        for _ in range(under):
            mf = field_of_map(m)
            if src and src[0].text == "_" and not src[0].quoted:
                src = src[1:]
            elif mf is not None:
                src = [mf.name, *src]
            if dst and dst[0].text == "_" and not dst[0].quoted:
                dst = dst[1:]
            elif mf is not None:
                dst = [mf.name, *dst]
            pm = parent_map(m)
            if pm is None:
                return None
            m = pm
        common: list[Name] = []
        while len(src) > 1 and len(dst) > 1:
            if src[0].low != dst[0].low or "*" in src[0].text:
                break
            common.append(src[0])
            src, dst = src[1:], dst[1:]
        return (src, sa, dst, da), m, common

    def create_edge(self, m: IRMap, eid: EdgeId, ast_edge: A.Edge, key: A.Key) -> list[IREdge]:
        if isinstance(m.parent, IREdge):
            self.err(ast_edge, "cannot create edge inside edge")
            return []
        if _board_prefix(eid[0]) != _board_prefix(eid[2]):
            self.err(ast_edge, "cannot create edges between boards")
            return []
        res = self.resolve(eid, m)
        if res is None:
            self.err(ast_edge, "invalid underscore")
            return []
        reid, rm, common = res
        if common:
            target = rm
            for n in common:
                f = target.get(n.text, n.quoted)
                if f is None:
                    f = Field(n, target)
                    target.fields.append(f)
                if isinstance(f.composite, IRArray):
                    self.err(ast_edge.src, "cannot index into array")
                    return []
                target = f.ensure_map()
            return self.create_edge_in(target, reid, ast_edge, key, m)
        return self.create_edge_in(rm, reid, ast_edge, key, m)

    def create_edge_in(
        self, m: IRMap, eid: EdgeId, ast_edge: A.Edge, key: A.Key, scope: IRMap
    ) -> list[IREdge]:
        assert ast_edge.src is not None and ast_edge.dst is not None
        for kp, names in ((ast_edge.src, eid[0]), (ast_edge.dst, eid[2])):
            for n in names:
                if n.is_kw(SIMPLE_RESERVED) or n.is_kw(RESERVED_HOLDERS):
                    self.err(_path_node(kp, n), "reserved keywords are prohibited in edges")
                    return []
            bk = [j for j, n in enumerate(names) if n.is_kw(BOARD_KEYWORDS)]
            if bk and bk[0] == len(names) - 1:
                self.err(
                    _path_node(kp, names[bk[0]]),
                    "edge with board keyword alone doesn't make sense",
                )
                return []

        srcs = self.ensure_field(scope, ast_edge.src, key)
        dsts = self.ensure_field(scope, ast_edge.dst, key)
        globbed = has_glob(ast_edge.src) or has_glob(ast_edge.dst)
        out: list[IREdge] = []
        for s in srcs:
            for d in dsts:
                if s is d and globbed:
                    continue
                if is_multi_glob(ast_edge.src) and s.map is not None and s.map.fields:
                    continue
                if is_multi_glob(ast_edge.dst) and d.map is not None and d.map.fields:
                    continue
                if (
                    s.map is not None
                    and board_kind(s.map)
                    and s.map.parent is not None
                    and field_of_map(s.parent) is not None
                ):
                    self.err(ast_edge.src, "cannot create edges between boards")
                    return out
                if board_of(s.parent) is not board_of(d.parent):
                    self.err(ast_edge, "cannot create edges between boards")
                    return out
                e = self._create_edge2(m, s, d, eid, ast_edge, key, globbed)
                if e is not None:
                    out.append(e)
        return out

    def _create_edge2(
        self,
        m: IRMap,
        s: Field,
        d: Field,
        eid: EdgeId,
        ast_edge: A.Edge,
        key: A.Key,
        globbed: bool,
    ) -> IREdge | None:
        src, dst = rel_ida(m, s), rel_ida(m, d)
        target = m
        while len(src) > 1 and len(dst) > 1 and src[0].low == dst[0].low:
            f = target.get(src[0].text, src[0].quoted)
            if f is None:
                break
            target = f.ensure_map()
            src, dst = src[1:], dst[1:]
        matching = [e for e in target.edges if _edge_matches(e, src, eid[1], dst, eid[3])]
        if globbed and self.applying_glob and matching:
            return None
        e = IREdge(target, src, dst, eid[1], eid[3], index=len(matching), node=ast_edge)
        e.keys.append(key)
        e.scopes.append(self.scope)
        target.edges.append(e)
        self.created += 1
        return e

    def get_edges(self, m: IRMap, eid: EdgeId, index: int | None, ast_edge: A.Edge) -> list[IREdge]:
        res = self.resolve(eid, m)
        if res is None:
            return []
        reid, rm, common = res
        if common:
            f = rm.get_path(common)
            if f is None or f.map is None:
                return []
            rm = f.map
        src, sa, dst, da = reid
        if any("*" in n.text and not n.quoted for n in src + dst):
            out = []
            candidates = _all_edges(rm)
            self.budget.spend(1 + len(candidates), ast_edge)
            for e in candidates:
                rs, rd = _edge_abs(e, rm)
                if (
                    e.src_arrow == sa
                    and e.dst_arrow == da
                    and glob_path(rs, src)
                    and glob_path(rd, dst)
                ):
                    out.append(e)
            return [e for e in out if index is None or e.index == index]
        return [
            e
            for e in rm.edges
            if _edge_matches(e, src, sa, dst, da) and (index is None or e.index == index)
        ]

    def delete_edge(self, m: IRMap, eid: EdgeId, index: int | None) -> None:
        res = self.resolve(eid, m)
        if res is None:
            return
        reid, rm, common = res
        if common:
            f = rm.get_path(common)
            if f is None or f.map is None:
                return
            rm = f.map
        for e in rm.edges:
            if _edge_matches(e, reid[0], reid[1], reid[2], reid[3]) and (
                index is None or e.index == index
            ):
                rm.edges.remove(e)
                return


def _board_prefix(names: list[Name]) -> list[str]:
    """``layers.x`` of ``layers.x.a``: the board a path walks into ([] for this board)."""
    for j, n in enumerate(names):
        if n.is_kw(BOARD_KEYWORDS):
            return [m.low for m in names[: j + 2]]
    return []


def _path_node(kp: A.KeyPath, n: Name) -> A.Node:
    return n.node if n.node is not None else kp


def _count_underscores(p: list[Name]) -> int:
    for i, n in enumerate(p):
        if n.text != "_" or n.quoted:
            return i
    return 0


def _names_eq(a: list[Name], b: list[Name]) -> bool:
    return len(a) == len(b) and all(x.low == y.low for x, y in zip(a, b, strict=True))


def _edge_matches(e: IREdge, src: list[Name], sa: bool, dst: list[Name], da: bool) -> bool:
    return (
        e.src_arrow == sa and e.dst_arrow == da and _names_eq(e.src, src) and _names_eq(e.dst, dst)
    )


def _all_edges(m: IRMap) -> list[IREdge]:
    out = list(m.edges)
    for f in m.fields:
        if f.map is not None and not board_kind(f.map):
            out.extend(_all_edges(f.map))
    return out


def _edge_abs(e: IREdge, base: IRMap) -> tuple[list[Name], list[Name]]:
    prefix: list[Name] = []
    cur = e.parent
    while cur is not base:
        f = field_of_map(cur)
        if f is None:
            break
        prefix.insert(0, f.name)
        cur = f.parent
    return prefix + e.src, prefix + e.dst
