"""D2 intermediate representation: the AST folded into a tree of fields and edges.

This is the stage where keys merge (``a.b: x`` and ``a: {b.style.fill: red}`` meet), ``_``
parent references and edge references ``(a -> b)[0]`` resolve, ``null`` deletes, globs apply
(to existing fields, and lazily to fields created after them, narrowed by ``&``/``!&``
filters), ``suspend``/``unsuspend`` mark what to leave out, imports are folded in, and
layers/scenarios/steps become nested boards (``vars`` maps and spreads are resolved after this
stage by ``substitutions.py``). Keys match case-insensitively, as in the official compiler;
reserved keywords only when unquoted. Errors are collected as ``(start, end, message)`` and
never raised; the one exception is the glob work budget, which stops the compile
(``ir_state.GlobWorkExceeded``). The tree it builds (fields, edges, maps) is defined in
``tree.py``.

The compiler is written in layers: ``ir_state.py`` (state, shared steps) <- ``ir_edges.py``
(edges) <- this module's ``Compiler`` (maps, keys, fields, globs, imports); glob matching is
in ``globs.py``, glob filters in ``filters.py``, import lookup in ``ir_imports.py``.
"""

from __future__ import annotations

import copy
import posixpath

from services.dsl.d2 import ast as A
from services.dsl.d2.globs import glob_fields, has_glob, has_triple_glob, key_has_glob
from services.dsl.d2.ir_edges import EdgeCompiler
from services.dsl.d2.ir_imports import MAX_IMPORT_DEPTH, find_import, import_part
from services.dsl.d2.keywords import (
    BOARD_KEYWORDS,
    COMPOSITE_RESERVED,
    RESERVED,
    RESERVED_HOLDERS,
)
from services.dsl.d2.parser import parse
from services.dsl.d2.substitutions import resolve_substitutions
from services.dsl.d2.tree import (
    Field,
    GlobCtx,
    IRArray,
    IRMap,
    Name,
    board_kind,
    board_of,
    board_path,
    drop_edges_declared_with,
    field_of_map,
    is_var_map,
    name_of,
    parent_map,
    parent_shape,
)


def _declares_boards(key: A.Key) -> bool:
    kp = key.key
    if kp is None or not kp.path or not isinstance(kp.path[0], A.UnquotedString):
        return False
    return kp.path[0].text().lower() in BOARD_KEYWORDS


def _is_board_holder(m: IRMap) -> bool:
    """The map of ``layers``/``scenarios``/``steps`` (its fields are boards)."""
    f = field_of_map(m)
    return f is not None and f.name.is_kw(BOARD_KEYWORDS)


class Compiler(EdgeCompiler):
    """Folds a D2 AST into the IR tree (``compile_map`` on an empty root ``IRMap``)."""

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
        if self.cur_glob is not None and not self.filters_pass(dst, ast_map):
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
                    if has_triple_glob(g.key):
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
            self.budget.spend(1, key)
            self.glob_refs.append((key, dst))
            ctx = self._glob_ctx(key, dst)
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
        if ctx is not None and key is ctx.key and has_glob(kp):
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
            matched = glob_fields(m, part.pattern)
            self.budget.spend(1 + len(matched), part)
            for gf in matched:
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
                if not self.filters_pass(probe, value):
                    return
            self.delete_field(f)
            return
        susp = key.primary if isinstance(key.primary, A.Suspension) else value
        if isinstance(susp, A.Suspension):
            if isinstance(value, A.Map) and self.cur_glob is not None:
                # `**: unsuspend {&class: ok}`: only the fields passing the filters
                probe = f.map if f.map is not None else IRMap(parent=f)
                if not self.filters_pass(probe, value):
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

    # ---- imports ---------------------------------------------------------------------------

    def load_import(self, imp: A.Import) -> IRMap | None:
        """The map an import brings (compiled in a compiler of its own), or None."""
        target = imp.target()
        if self.fs is None:
            self.err(imp, f"failed to import {target!r}: imports are not available here")
            return None
        # paths inside an imported file are relative to that file's directory
        found = find_import(self.fs, self.base_dir, target)
        if found is None:
            self.err(imp, f"failed to import {target!r}: file not found")
            return None
        text, path, inner = found
        if self.import_depth > MAX_IMPORT_DEPTH:
            self.err(imp, "import cycle")
            return None
        tree, perrs = parse(text)
        if perrs:
            self.err(imp, f"failed to import {target!r}: {perrs[0][2]}")
            return None
        sub = Compiler(self.fs)
        sub.import_depth = self.import_depth + 1
        sub.base_dir = posixpath.dirname(path)
        sub.budget = self.budget
        m = IRMap()
        sub.compile_map(m, tree)
        if inner:  # a part of the file: its vars are not imported with it, resolve them here
            resolve_substitutions(sub, m)
        if sub.errors:
            self.err(imp, f"failed to import {target!r}: {sub.errors[0][2]}")
        part = import_part(m, inner, sub.root_globs)
        if isinstance(part, str):
            self.err(imp, f"failed to import {target!r}: {part} not found")
            return None
        return part
