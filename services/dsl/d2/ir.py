"""D2 intermediate representation: the AST folded into a tree of fields and edges.

This is the stage where keys merge (``a.b: x`` and ``a: {b.style.fill: red}`` meet), ``_``
parent references and edge references ``(a -> b)[0]`` resolve, ``null`` deletes, globs apply
(to existing fields, and lazily to fields created after them, narrowed by ``&``/``!&``
filters), ``suspend``/``unsuspend`` mark what to leave out, imports are folded in, and
layers/scenarios/steps become nested boards (``vars`` maps and spreads are resolved after this
stage by ``substitutions.py``). Keys match case-insensitively, as in the official compiler;
reserved keywords only when unquoted. Errors are collected as ``(start, end, message)`` and
never raised. The tree it builds (fields, edges, maps) is defined in ``tree.py``.
"""

from __future__ import annotations

import copy
import fnmatch
import posixpath

from services.dsl.d2 import ast as A
from services.dsl.d2.keywords import (
    BOARD_KEYWORDS,
    COMPOSITE_RESERVED,
    RESERVED,
    RESERVED_HOLDERS,
    SIMPLE_RESERVED,
)
from services.dsl.d2.tree import (
    EdgeId,
    Field,
    GlobCtx,
    IRArray,
    IREdge,
    IRErr,
    IRMap,
    Name,
    board_kind,
    board_of,
    board_path,
    copy_edge,
    copy_field,
    drop_edges_declared_with,
    field_of_map,
    is_var_map,
    name_of,
    parent_map,
    parent_shape,
    rel_ida,
)

_MAX_GLOB_WORK = 200_000


def _board_prefix(names: list[Name]) -> list[str]:
    """``layers.x`` of ``layers.x.a``: the board a path walks into ([] for this board)."""
    for j, n in enumerate(names):
        if n.is_kw(BOARD_KEYWORDS):
            return [m.low for m in names[: j + 2]]
    return []


def _has_triple_glob(key: A.Key) -> bool:
    paths = [key.key, key.edge_key] + [p for e in key.edges for p in (e.src, e.dst)]
    return any(kp is not None and any("***" in part.text() for part in kp.path) for kp in paths)


def _declares_boards(key: A.Key) -> bool:
    kp = key.key
    if kp is None or not kp.path or not isinstance(kp.path[0], A.UnquotedString):
        return False
    return kp.path[0].text().lower() in BOARD_KEYWORDS


def _is_board_holder(m: IRMap) -> bool:
    """The map of ``layers``/``scenarios``/``steps`` (its fields are boards)."""
    f = field_of_map(m)
    return f is not None and f.name.is_kw(BOARD_KEYWORDS)


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


def _escape_glob(s: str) -> str:
    return "".join(f"[{c}]" if c in "[]?*" else c for c in s)


def _has_glob(kp: A.KeyPath | None) -> bool:
    return kp is not None and any(isinstance(p, A.UnquotedString) and p.pattern for p in kp.path)


def key_has_glob(k: A.Key) -> bool:
    if _has_glob(k.key) or _has_glob(k.edge_key):
        return True
    if k.edge_index is not None and k.edge_index.glob:
        return True
    return any(_has_glob(e.src) or _has_glob(e.dst) for e in k.edges)


class Compiler:
    def __init__(self, fs: dict[str, str] | None = None) -> None:
        self.errors: list[IRErr] = []
        self.fs = fs
        self.glob_keys: list[tuple[A.Key, IRMap]] = []
        self.applying_glob = 0
        self.import_depth = 0
        self.in_glob = 0
        self.scope: IRMap | None = None  # the map the key being compiled was written in
        # globs in force per map being compiled (inner maps inherit the outer ones), the glob
        # keys being compiled now (guards against a glob re-triggering itself), and a count
        # of fields/edges created so far (a change re-applies the globs, lazily)
        self.glob_stack: list[list[GlobCtx]] = []
        self.glob_refs: list[tuple[A.Key, IRMap]] = []
        self.cur_glob: GlobCtx | None = None
        self.created = 0
        self.root_globs: list[GlobCtx] = []  # the file's root globs (read by an importer)
        self.base_dir = ""  # directory of the file being compiled, inside the bundle

    def err(self, node: A.Node | None, msg: str) -> None:
        if node is None:
            self.errors.append((0, 0, msg))
        else:
            self.errors.append((node.start, node.end, msg))

    # ---- maps ----------------------------------------------------------------------------

    def compile_map(self, dst: IRMap, ast_map: A.Map) -> None:
        self.glob_stack.append(self._inherited_globs(dst))
        try:
            self._compile_map(dst, ast_map)
        finally:
            globs = self.glob_stack.pop()
            dst.globs = globs
            if not self.glob_stack:
                self.root_globs = globs

    def _inherited_globs(self, dst: IRMap) -> list[GlobCtx]:
        if not self.glob_stack:
            return []
        prev = self.glob_stack[-1]
        kind = board_kind(dst)
        if kind == "layer":  # a new layer starts clean (imports excepted: not supported)
            return []
        if kind == "scenario":  # applications inside a scenario stay in it
            return [g.copy_to(dst, keep_applied=True) for g in prev]
        if kind == "step":  # applications carry over from step to step
            return [g.copy_to(dst, keep_applied=False) for g in prev]
        return list(prev)

    def _compile_map(self, dst: IRMap, ast_map: A.Map) -> None:
        if self.cur_glob is not None and not self._filters_pass(dst, ast_map):
            return
        for n in ast_map.nodes:
            if isinstance(n, A.Key):
                self.compile_key(n, dst)
            elif isinstance(n, A.Substitution):
                # spread placeholder: resolved with the other substitutions at the end
                f = Field(Name("", True, n), dst, primary=A.UnquotedString(n.start, n.end, [n]))
                f.last_node = n
                dst.fields.append(f)
            elif isinstance(n, A.Import):
                imp = self.load_import(n)
                if imp is None:
                    continue
                if imp.imported_scalar:
                    self.err(n, "cannot spread import non map into map")
                    continue
                holder = dst.parent
                if imp.imported_primary is not None and isinstance(holder, Field):
                    holder.primary = imp.imported_primary
                for f in imp.fields:
                    self.overlay_field(dst, f)
                for e in imp.edges:
                    e2 = copy.copy(e)
                    e2.parent = dst
                    dst.edges.append(e2)
                # the file's `***` globs apply to the map it is spread into as well
                for g in imp.imported_globs:
                    if _has_triple_glob(g.key):
                        self.compile_key(g.key, dst)

    def compile_key(self, key: A.Key, dst: IRMap) -> None:
        if key.ampersand or key.not_ampersand:
            if not self.in_glob:
                self.err(key, "glob filters cannot be used outside globs")
            elif isinstance(key.value, A.Map | A.Array):
                self.err(key, "glob filters cannot be composites")
            return  # filters only narrow globs; they never create anything
        globbed = key_has_glob(key)
        ctx: GlobCtx | None = None
        if globbed:
            if any(k is key and m is dst for k, m in self.glob_refs):
                return  # this glob is being applied already
            self.glob_refs.append((key, dst))
            ctx = self._glob_ctx(key, dst)
            self.glob_keys.append((key, dst))
            self.in_glob += 1
        before = self.created
        outer_scope, self.scope = self.scope, dst
        outer_glob, self.cur_glob = self.cur_glob, ctx
        try:
            if not key.edges:
                if key.key is not None:
                    self.compile_field(dst, key.key, key)
            else:
                self.compile_edges(key, dst)
            if (
                self.created != before
                and self.glob_stack
                and self.glob_stack[-1]
                and not _declares_boards(key)
                and not _is_board_holder(dst)
            ):
                # something new exists: globs written earlier apply to it too
                self.applying_glob += 1
                try:
                    for g in list(self.glob_stack[-1]):
                        self.compile_key(g.key, g.scope)
                finally:
                    self.applying_glob -= 1
        finally:
            self.scope = outer_scope
            self.cur_glob = outer_glob
            if globbed:
                self.in_glob -= 1
                self.glob_refs.pop()

    def _filters_pass(self, dst: IRMap, ast_map: A.Map) -> bool:
        """Whether what a glob matched passes the glob's ``&``/``!&`` filters."""
        from services.dsl.d2.filters import filters_pass

        return filters_pass(self, dst, ast_map)

    def _glob_ctx(self, key: A.Key, dst: IRMap) -> GlobCtx | None:
        if not self.glob_stack:
            return None
        for g in self.glob_stack[-1]:
            if g.key is key and g.scope is dst:
                return g
        g = GlobCtx(key, dst)
        self.glob_stack[-1].append(g)
        return g

    # ---- fields ----------------------------------------------------------------------------

    def ensure_field(
        self, m: IRMap, kp: A.KeyPath, key: A.Key | None, create: bool = True
    ) -> list[Field]:
        i = 0
        path = kp.path
        while i < len(path) and isinstance(path[i], A.UnquotedString) and path[i].text() == "_":
            pm = parent_map(m)
            if pm is None:
                self.err(path[i], "invalid underscore: no parent")
                return []
            m = pm
            if i + 1 == len(path):
                self.err(path[i], "field key must contain more than underscores")
                return []
            i += 1
        out: list[Field] = []
        self._ensure(m, path, i, key, create, out)
        ctx = self.cur_glob
        if ctx is not None and key is ctx.key and _has_glob(kp):
            check = not key.edges or kp is key.key or kp is key.edge_key
            fresh = []
            for f in out:
                p = f"{board_path(f)}#{id(f)}"
                if check and p in ctx.applied:
                    continue
                ctx.applied.add(p)
                fresh.append(f)
            out = fresh
        return out

    def _ensure(
        self,
        m: IRMap,
        path: list[A.StringNode],
        i: int,
        key: A.Key | None,
        create: bool,
        out: list[Field],
    ) -> None:
        part = path[i]
        last = i == len(path) - 1
        if isinstance(part, A.UnquotedString) and part.pattern:
            ctx = self.cur_glob
            skip_applied = ctx is not None and key is ctx.key and not key.edges
            for gf in self._glob_fields(m, part.pattern):
                if last:
                    out.append(gf)
                else:
                    if isinstance(gf.composite, IRArray):
                        continue
                    # a glob does not walk through what it already produced (a.child of
                    # `**.child` is not searched for more children)
                    if skip_applied and ctx and f"{board_path(gf)}#{id(gf)}" in ctx.applied:
                        continue
                    self._ensure(gf.ensure_map(), path, i + 1, key, create, out)
            return
        name = name_of(part)
        head = name.text
        if name.is_kw(RESERVED):
            head = head.lower()
            if head not in COMPOSITE_RESERVED and not last:
                self.err(part, f'"{head}" must be the last part of the key')
                return
        if head == "_" and not name.quoted:
            self.err(part, 'parent "_" can only be used in the beginning of paths, e.g. "_.x"')
            return
        if name.is_kw({"classes"}) and not board_kind(m):
            self.err(part, f"{head} must be declared at a board root scope")
            return
        if name.is_kw(BOARD_KEYWORDS) and not board_kind(m):
            self.err(part, f"{head} must be declared at a board root scope")
            return
        f = m.get(name.text, name.quoted)
        if f is None:
            if not create:
                return
            if (
                self.applying_glob
                and not name.is_kw(RESERVED)
                and parent_shape(m) in ("class", "sql_table")
            ):
                return
            f = Field(name, m)
            m.fields.append(f)
            self.created += 1
        if key is not None:
            f.keys.append(key)
            f.refs.append((key, self.scope))
        f.last_node = part
        if last:
            out.append(f)
            return
        if isinstance(f.composite, IRArray):
            self.err(part, "cannot index into array")
            return
        self._ensure(f.ensure_map(), path, i + 1, key, create, out)

    def _glob_fields(self, m: IRMap, pattern: list[str]) -> list[Field]:
        if pattern == ["*", "", "*"] or pattern == ["*", "*"]:  # "**": every descendant
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

    def compile_field(self, dst: IRMap, kp: A.KeyPath, key: A.Key) -> None:
        for f in self.ensure_field(dst, kp, key):
            self._compile_field(f, key)

    def _compile_field(self, f: Field, key: A.Key) -> None:
        value = key.value
        is_null = isinstance(key.primary, A.Null) or isinstance(value, A.Null)
        if not key.edges and is_null and not is_var_map(f.parent):
            if isinstance(value, A.Map) and self.cur_glob is not None:
                # `**: null {&class: hidden}` deletes only the fields passing the filters
                probe = f.map if f.map is not None else IRMap(parent=f)
                if not self._filters_pass(probe, value):
                    return
            self.delete_field(f)
            return
        susp = key.primary if isinstance(key.primary, A.Suspension) else value
        if isinstance(susp, A.Suspension):
            if isinstance(value, A.Map) and self.cur_glob is not None:
                # `**: unsuspend {&class: ok}`: only the fields passing the filters
                probe = f.map if f.map is not None else IRMap(parent=f)
                if not self._filters_pass(probe, value):
                    return
            if not self.applying_glob:
                f.suspended = susp.value
            return
        # a glob re-applied later never overrides a value written for the field itself
        keep = bool(self.applying_glob) and f.primary is not None and not f.primary_lazy
        if key.primary is not None and not keep:
            f.primary = key.primary
            f.primary_key = key
            f.primary_lazy = bool(self.applying_glob)
        if isinstance(value, A.Array):
            f.composite = self.compile_array(value)
        elif isinstance(value, A.Map):
            fresh = f.map is None
            m = f.ensure_map()
            if fresh:
                kind = board_kind(m)
                if kind == "scenario":
                    self.overlay_base(m, board_of(f.parent))
                elif kind == "step":
                    steps = f.parent.fields
                    idx = steps.index(f)
                    prev = steps[idx - 1].map if idx > 0 else None
                    self.overlay_base(m, prev if prev is not None else board_of(f.parent))
            self.compile_map(m, value)
        elif isinstance(value, A.Import):
            imp = self.load_import(value)
            if imp is not None:
                if imp.imported_primary is not None:
                    f.primary = imp.imported_primary
                    f.primary_key = key
                if not imp.imported_scalar:
                    m = f.ensure_map()
                    for g in imp.fields:
                        self.overlay_field(m, g)
                    m.edges.extend(imp.edges)
        elif keep:
            return
        elif isinstance(value, A.Substitution):
            f.primary = A.UnquotedString(value.start, value.end, [value])
            f.primary_key = key
            f.primary_lazy = bool(self.applying_glob)
        elif value is not None:
            f.primary = value
            f.primary_key = key
            f.primary_lazy = bool(self.applying_glob)

    def overlay_base(self, m: IRMap, base: IRMap | None) -> None:
        if base is None:
            return
        for f in base.fields:
            if f.name.is_kw(BOARD_KEYWORDS):
                continue
            self.overlay_field(m, f)
        for e in base.edges:
            e2 = copy_edge(e, m)
            m.edges.append(e2)

    def overlay_field(self, m: IRMap, f: Field) -> None:
        existing = m.get(f.name.text, f.name.quoted) if f.name.text else None
        if existing is None:
            m.fields.append(copy_field(f, m))
            return
        if f.primary is not None:
            existing.primary = f.primary
            existing.primary_key = f.primary_key
        if isinstance(f.composite, IRMap):
            em = existing.ensure_map()
            for g in f.composite.fields:
                self.overlay_field(em, g)
            for e in f.composite.edges:
                em.edges.append(copy_edge(e, em))
        elif f.composite is not None:
            existing.composite = f.composite

    def delete_field(self, f: Field) -> None:
        m = f.parent
        drop_edges_declared_with(f, m)
        if f in m.fields:
            m.fields.remove(f)
        holder = field_of_map(m)
        if (
            holder is not None
            and holder.name.is_kw(RESERVED_HOLDERS)
            and holder.map is not None
            and not holder.map.fields
            and holder in holder.parent.fields
        ):
            holder.parent.fields.remove(holder)

    def compile_array(self, a: A.Array) -> IRArray:
        out = IRArray()
        for n in a.nodes:
            if isinstance(n, A.Comment | A.BlockComment):
                continue
            if isinstance(n, A.Map):
                m = IRMap()
                self.compile_map(m, n)
                out.values.append(m)
            elif isinstance(n, A.Array):
                out.values.append(self.compile_array(n))
            elif isinstance(n, A.Import):
                self.load_import(n)
            else:
                out.values.append(n)
        return out

    # ---- edges -----------------------------------------------------------------------------

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
            if kp is None or _has_glob(kp):
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
            if isinstance(key.value, A.Map) and not self._filters_pass(e.ensure_map(), key.value):
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
        globbed = _has_glob(ast_edge.src) or _has_glob(ast_edge.dst)
        out: list[IREdge] = []
        for s in srcs:
            for d in dsts:
                if s is d and globbed:
                    continue
                if _is_multi_glob(ast_edge.src) and s.map is not None and s.map.fields:
                    continue
                if _is_multi_glob(ast_edge.dst) and d.map is not None and d.map.fields:
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
            for e in _all_edges(rm):
                rs, rd = _edge_abs(e, rm)
                if (
                    e.src_arrow == sa
                    and e.dst_arrow == da
                    and _glob_path(rs, src)
                    and _glob_path(rd, dst)
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

    # ---- imports ---------------------------------------------------------------------------

    def load_import(self, imp: A.Import) -> IRMap | None:
        target = imp.target()
        if self.fs is None:
            self.err(imp, f"failed to import {target!r}: imports are not available here")
            return None
        # paths inside an imported file are relative to that file's directory
        rel = posixpath.normpath(posixpath.join(self.base_dir, target)) if self.base_dir else target
        path = _norm_import(rel)
        text = self.fs.get(path)
        inner: list[str] = []
        if text is None:
            segs = rel.lstrip("./").split("/")
            for cut in range(len(segs) - 1, 0, -1):
                cand = _norm_import("/".join(segs[:cut]))
                if cand in self.fs:
                    text, inner = self.fs[cand], segs[cut:]
                    break
        if text is None:
            self.err(imp, f"failed to import {target!r}: file not found")
            return None
        if self.import_depth > 20:
            self.err(imp, "import cycle")
            return None
        from services.dsl.d2.parser import parse

        tree, perrs = parse(text)
        if perrs:
            self.err(imp, f"failed to import {target!r}: {perrs[0][2]}")
            return None
        sub = Compiler(self.fs)
        sub.import_depth = self.import_depth + 1
        sub.base_dir = posixpath.dirname(path)
        m = IRMap()
        sub.compile_map(m, tree)
        if inner:  # a part of the file: its vars are not imported with it, resolve them here
            from services.dsl.d2.substitutions import resolve_substitutions

            resolve_substitutions(sub, m)
        if sub.errors:
            self.err(imp, f"failed to import {target!r}: {sub.errors[0][2]}")
        root_globs = sub.root_globs
        for seg in inner:
            f = m.get(seg)
            if f is None:
                self.err(imp, f"failed to import {target!r}: {seg} not found")
                return None
            if f.map is None:
                holder = IRMap()
                holder.fields.append(copy_field(f, holder))
                return holder if seg is not inner[-1] else _scalar_import(f)
            m = f.map
            if seg is inner[-1]:
                m.imported_primary = f.primary
        m.imported_globs = root_globs
        return m


def _scalar_import(f: Field) -> IRMap:
    """A plain value imported into a field: an empty map carrying the value."""
    return IRMap(imported_primary=f.primary, imported_scalar=True)


def _norm_import(target: str) -> str:
    t = target
    while t.startswith("./"):
        t = t[2:]
    if not t.endswith(".d2"):
        t += ".d2"
    return t


def _path_node(kp: A.KeyPath, n: Name) -> A.Node:
    return n.node if n.node is not None else kp


def _count_underscores(p: list[Name]) -> int:
    for i, n in enumerate(p):
        if n.text != "_" or n.quoted:
            return i
    return 0


def _is_multi_glob(kp: A.KeyPath | None) -> bool:
    return kp is not None and any(
        isinstance(p, A.UnquotedString) and p.pattern and "**" in p.text() for p in kp.path
    )


def _names_eq(a: list[Name], b: list[Name]) -> bool:
    return len(a) == len(b) and all(x.low == y.low for x, y in zip(a, b, strict=True))


def _edge_matches(e: IREdge, src: list[Name], sa: bool, dst: list[Name], da: bool) -> bool:
    return (
        e.src_arrow == sa and e.dst_arrow == da and _names_eq(e.src, src) and _names_eq(e.dst, dst)
    )


def _glob_path(names: list[Name], pattern: list[Name]) -> bool:
    """``names`` matches ``pattern``; an unquoted ``**`` segment stands for one or more."""
    if not pattern:
        return not names
    p = pattern[0]
    if not p.quoted and p.text in ("**", "***"):
        return any(_glob_path(names[k:], pattern[1:]) for k in range(1, len(names) + 1))
    if not names:
        return False
    n = names[0]
    if "*" in p.text and not p.quoted:
        if not fnmatch.fnmatchcase(n.low, _escape_glob(p.low).replace("[*]", "*")):
            return False
    elif n.low != p.low:
        return False
    return _glob_path(names[1:], pattern[1:])


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
