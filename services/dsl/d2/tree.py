"""The D2 intermediate representation's tree: fields, edges, maps and arrays, and the queries
over it that later stages share (which board a map belongs to, a field's path, deep copies).

``ir.py`` builds this tree from the AST; ``substitutions.py``, ``filters.py``, ``config.py``
and ``compiler.py`` read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from services.dsl.d2 import ast as A
from services.dsl.d2.keywords import BOARD_KEYWORDS, RESERVED

IRErr = tuple[int, int, str]


@dataclass(eq=False)
class Name:
    text: str
    quoted: bool
    node: A.Node | None = None

    @property
    def low(self) -> str:
        return self.text.lower()

    def is_kw(self, words: frozenset[str] | set[str]) -> bool:
        return not self.quoted and self.text.lower() in words


def name_of(s: A.StringNode) -> Name:
    return Name(s.text(), not isinstance(s, A.UnquotedString), s)


@dataclass(eq=False)
class Field:
    name: Name
    parent: IRMap
    primary: A.Scalar | None = None
    primary_key: A.Key | None = None
    composite: IRMap | IRArray | None = None
    keys: list[A.Key] = field(default_factory=list)  # every key that referenced this field
    last_node: A.Node | None = None
    # (key, map the key was written in) per reference; the graph stage reads sequence
    # diagram roles (group, span, note) from where things were written
    refs: list[tuple[A.Key, IRMap | None]] = field(default_factory=list)
    primary_lazy: bool = False  # the primary came from a glob re-applied to a later field
    suspended: bool = False  # `suspend`ed: left out of the diagram unless unsuspended

    @property
    def map(self) -> IRMap | None:
        return self.composite if isinstance(self.composite, IRMap) else None

    def ensure_map(self) -> IRMap:
        if not isinstance(self.composite, IRMap):
            self.composite = IRMap(parent=self)
        return self.composite


@dataclass(eq=False)
class IREdge:
    parent: IRMap
    src: list[Name]
    dst: list[Name]
    src_arrow: bool
    dst_arrow: bool
    index: int = 0
    primary: A.Scalar | None = None
    primary_key: A.Key | None = None
    map: IRMap | None = None
    keys: list[A.Key] = field(default_factory=list)
    node: A.Node | None = None
    scopes: list[IRMap | None] = field(default_factory=list)  # where each key was written
    primary_lazy: bool = False
    suspended: bool = False

    def ensure_map(self) -> IRMap:
        if self.map is None:
            self.map = IRMap(parent=self)
        return self.map


@dataclass(eq=False)
class IRArray:
    values: list[A.Node | IRMap | IRArray] = field(default_factory=list)


@dataclass(eq=False)
class IRMap:
    parent: Field | IREdge | None = None
    fields: list[Field] = field(default_factory=list)
    edges: list[IREdge] = field(default_factory=list)
    # set on what an import returns: the imported field's own value (``y: meow {...}``),
    # whether it was a plain value (no map), and the file's root globs
    imported_primary: A.Scalar | None = None
    imported_scalar: bool = False
    imported_globs: list[GlobCtx] = field(default_factory=list)
    globs: list[GlobCtx] = field(default_factory=list)  # in force when the map was compiled

    def get(self, text: str, quoted: bool = False) -> Field | None:
        low = text.lower()
        for f in self.fields:
            if f.name.low != low:
                continue
            if low in RESERVED and f.name.quoted != quoted:
                continue
            return f
        return None

    def get_path(self, names: list[Name]) -> Field | None:
        m: IRMap | None = self
        f: Field | None = None
        for i, n in enumerate(names):
            if m is None:
                return None
            if i == 0:
                while names and n.text == "_" and not n.quoted:
                    return None
            f = m.get(n.text, n.quoted)
            if f is None:
                return None
            m = f.map
        return f


EdgeId = tuple[list[Name], bool, list[Name], bool]


def parent_map(node: Field | IREdge | IRMap) -> IRMap | None:
    if isinstance(node, IRMap):
        p = node.parent
        return p.parent if p is not None else None
    return node.parent


def board_kind(m: IRMap) -> str:
    """'layer' for the root and layers.x, 'scenario', 'step', or '' for an ordinary map."""
    p = m.parent
    if p is None:
        return "layer"
    if not isinstance(p, Field):
        return ""
    holder = p.parent.parent
    if isinstance(holder, Field) and holder.name.is_kw(BOARD_KEYWORDS):
        return {"layers": "layer", "scenarios": "scenario", "steps": "step"}[holder.name.low]
    return ""


def board_of(m: IRMap) -> IRMap:
    cur: IRMap | None = m
    while cur is not None:
        if board_kind(cur):
            return cur
        cur = parent_map(cur)
    return m


def field_of_map(m: IRMap) -> Field | None:
    return m.parent if isinstance(m.parent, Field) else None


def is_var_map(m: IRMap | None) -> bool:
    while m is not None:
        f = field_of_map(m)
        if f is None:
            return False
        if f.name.is_kw({"vars"}):
            return True
        m = f.parent
    return False


def rel_ida(m: IRMap, f: Field) -> list[Name]:
    out: list[Name] = []
    cur: Field | None = f
    while cur is not None and cur.parent is not m:
        out.append(cur.name)
        cur = field_of_map(cur.parent)
    if cur is not None:
        out.append(cur.name)
    out.reverse()
    return out


def drop_edges_declared_with(f: Field, m: IRMap) -> None:
    """Remove, from `m` up to its board's root, the edges written in the same keys as `f`
    (``a -> b`` declares a, b and the edge: dropping a drops the edge)."""
    keys = {id(k) for k in f.keys}
    cur: IRMap | None = m
    while cur is not None:
        cur.edges = [e for e in cur.edges if not any(id(k) in keys for k in e.keys)]
        if board_kind(cur):
            break
        cur = parent_map(cur)


def remove_suspended(m: IRMap) -> None:
    """Drop suspended fields (and the edges declared with them) and suspended edges."""
    for f in m.fields:
        if f.map is not None:
            remove_suspended(f.map)
    for f in list(m.fields):
        if f.suspended and not f.name.is_kw(RESERVED):
            drop_edges_declared_with(f, m)
            m.fields.remove(f)
    for e in m.edges:
        if e.map is not None:
            remove_suspended(e.map)
    m.edges = [e for e in m.edges if not e.suspended]


def board_path(f: Field) -> str:
    """The field's path from its board's root, lower-cased (identifies it within a board)."""
    parts: list[str] = []
    cur: Field | None = f
    while cur is not None:
        parts.append(cur.name.low)
        if board_kind(cur.parent):
            break
        cur = field_of_map(cur.parent)
    return ".".join(reversed(parts))


def parent_shape(m: IRMap) -> str:
    f = field_of_map(m)
    if f is None or f.map is None:
        return ""
    s = f.map.get("shape")
    if s is not None and s.primary is not None:
        return s.primary.text().lower()
    return ""


@dataclass(eq=False)
class GlobCtx:
    """A glob key and where it was written; re-applied to fields created after it."""

    key: A.Key
    scope: IRMap
    applied: set[str] = field(default_factory=set)  # board-relative paths already matched

    def copy_to(self, scope: IRMap, keep_applied: bool) -> GlobCtx:
        return GlobCtx(self.key, scope, set(self.applied) if keep_applied else set())


def copy_field(f: Field, parent: IRMap) -> Field:
    """A deep copy of ``f`` (and its map) placed in ``parent``."""
    g = Field(f.name, parent, f.primary, f.primary_key, None, list(f.keys), f.last_node)
    g.refs = list(f.refs)
    if isinstance(f.composite, IRMap):
        m = IRMap(parent=g)
        m.fields = [copy_field(x, m) for x in f.composite.fields]
        m.edges = [copy_edge(e, m) for e in f.composite.edges]
        g.composite = m
    else:
        g.composite = f.composite
    return g


def copy_edge(e: IREdge, parent: IRMap) -> IREdge:
    """A deep copy of ``e`` (and its map) placed in ``parent``."""
    e2 = IREdge(
        parent,
        e.src,
        e.dst,
        e.src_arrow,
        e.dst_arrow,
        e.index,
        e.primary,
        e.primary_key,
        None,
        list(e.keys),
        e.node,
        list(e.scopes),
    )
    if e.map is not None:
        m = IRMap(parent=e2)
        m.fields = [copy_field(x, m) for x in e.map.fields]
        m.edges = [copy_edge(x, m) for x in e.map.edges]
        e2.map = m
    return e2


Node = Field | IREdge | IRMap
