"""IR -> compiled diagram (``model.Diagram``), with the official compiler's value checks.

Reads the field tree built by ``ir.py``: ordinary fields become shapes, reserved keywords
become attributes (``reserved.py``: label, shape, icon, near, style.* ...), ``class`` applies a
declared class, ``${var}`` substitutes (``scalars.py``), sql_table/class children become
columns (not shapes), and boards (layers/scenarios/steps) compile recursively. Once a board's
objects and edges exist, ``graph_checks.py`` checks them as a whole. Inside sequence diagrams,
names resolve to the diagram's actors and every object gets the role the official layout
reads (actor, group, span, note; ``Shape.seq_role``; ``sequence.py``), with the layout's own
refusals. Every problem is collected with its position.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlparse

from services.dsl.d2 import ast as A
from services.dsl.d2 import tree as T
from services.dsl.d2.graph_checks import graph_problems
from services.dsl.d2.graph_obj import GraphObj, id_seg, ids, pk_node, ref_node
from services.dsl.d2.keywords import (
    ARROWHEADS,
    BOARD_KEYWORDS,
    RESERVED,
    SHAPES,
    SIMPLE_RESERVED,
    STYLE_KEYWORDS,
)
from services.dsl.d2.model import Connection, Diagram, Shape
from services.dsl.d2.reserved import AttributeCompiler
from services.dsl.d2.sequence import in_sequence, seq_redirect, sequence_roles
from services.dsl.d2.values import to_arrowhead


@dataclass
class _Attrs:
    """What an arrowhead's map sets: its label, shape and ``style.filled``."""

    label: str | None = None
    shape: str | None = None
    filled: str | None = None


class GraphCompiler(AttributeCompiler):
    """Compiles one board of the IR (``compile_board``) and, recursively, its boards."""

    # ---- boards ----------------------------------------------------------------------------

    def compile_board(self, m: T.IRMap, prefix: str = "") -> Diagram:
        d = Diagram()
        root = GraphObj(Shape(id="", name="", label=""), None)
        self._objs: list[GraphObj] = []
        self._edges: list[tuple[Connection, A.Node | None]] = []
        self._edge_objs: list[tuple[GraphObj, GraphObj, list[T.IRMap | None], GraphObj]] = []
        self._map_obj: dict[int, GraphObj] = {}
        self.compile_obj_map(root, m, d)
        for o in self._objs:
            if not o.shape_set:
                lang = o.shape.language
                if o.parent is not None and in_sequence(o.parent):
                    o.shape.shape = "rectangle"  # sequence diagrams: code/markdown too
                elif lang in ("latex", "markdown"):
                    o.shape.shape = "text"
                elif lang:
                    o.shape.shape = "code"
                else:
                    o.shape.shape = "rectangle"
        for node, msg in graph_problems(
            root, m, self._objs, self._edges, check_keys=not self.errors
        ):
            self.err(node, msg)
        if any(o.shape.shape == "sequence_diagram" for o in [root, *self._objs]):
            for node, msg in sequence_roles(root, self._objs, self._edge_objs, self._map_obj):
                self.err(node, msg)
        d.shapes = [o.shape for o in self._objs]
        d.connections = [c for c, _ in self._edges]
        cls = m.get("classes")
        if cls is not None and cls.map is not None:
            d.classes = [f.name.text for f in cls.map.fields]
        vars_f = m.get("vars")
        if vars_f is not None and vars_f.map is not None:
            for f in vars_f.map.fields:
                if f.primary is not None:
                    d.vars[f.name.text] = self.text(f.primary, vars_f.map)
                elif f.name.is_kw({"d2-config"}) and f.map is not None:
                    for g in f.map.fields:
                        if g.primary is not None:
                            d.config[g.name.low] = self.text(g.primary, f.map)
        seen_boards: set[str] = set()
        for f in m.fields:
            if f.name.is_kw(BOARD_KEYWORDS) and f.map is not None:
                for b in f.map.fields:
                    if b.name.low in seen_boards:
                        self.err(
                            b.last_node, f"board name {b.name.text} already used by another board"
                        )
                    seen_boards.add(b.name.low)
                    if b.map is None:
                        continue
                    name = f"{prefix}{f.name.low}.{b.name.text}"
                    sub = GraphCompiler(self.errors)
                    board = sub.compile_board(b.map, name + ".")
                    d.boards[name] = board
                    for k, v in board.boards.items():
                        d.boards[k] = v
        return d

    # ---- objects ---------------------------------------------------------------------------

    def compile_obj_map(
        self, obj: GraphObj, m: T.IRMap, d: Diagram, in_class: bool = False
    ) -> None:
        if not in_class:
            self._map_obj[id(m)] = obj
        cls = m.get("class")
        if cls is not None:
            for name in self._class_names(cls, m, report_invalid=True):
                cm = self.class_map(m, name)
                if cm is not None:
                    self.compile_obj_map(obj, cm, d, in_class=True)
                elif "," in name and all(
                    self.class_map(m, n.strip()) is not None for n in name.split(",")
                ):
                    self.err(
                        cls.last_node,
                        f'class "{name}" not found. Did you mean to use ";" to separate array '
                        "items?",
                    )
        shape_f = m.get("shape")
        if shape_f is not None:
            if shape_f.composite is not None:
                self.err(pk_node(shape_f), "reserved field shape does not accept composite")
            else:
                self.compile_field(obj, shape_f, m, d)
        for f in m.fields:
            if f is shape_f or f.name.is_kw(BOARD_KEYWORDS):
                continue
            if not f.name.text and isinstance(f.primary, A.UnquotedString):
                continue  # spread substitution placeholder (vars already merged)
            self.compile_field(obj, f, m, d)
        if not in_class:
            if obj.shape.shape in ("class", "sql_table") and obj.shape_set:
                self._columns_of(obj)
            for e in m.edges:
                self.compile_edge(obj, e, m)

    def _class_names(self, cls: T.Field, m: T.IRMap, *, report_invalid: bool) -> list[str]:
        """The class names a `class:` field gives: one value, or an array of them."""
        if cls.primary is not None:
            return [self.text(cls.primary, m)]
        names: list[str] = []
        if isinstance(cls.composite, T.IRArray):
            for v in cls.composite.values:
                if isinstance(v, A.Node) and A.is_scalar(v):
                    names.append(self.text(v, m))
                elif report_invalid:
                    self.err(cls.last_node, "invalid value in array")
        return names

    def class_map(self, m: T.IRMap, name: str) -> T.IRMap | None:
        cur: T.IRMap | None = m
        while cur is not None:
            if T.board_kind(cur):
                cf = cur.get("classes")
                if cf is not None and cf.map is not None:
                    c = cf.map.get(name, True) or cf.map.get(name, False)
                    if c is not None and c.map is not None:
                        return c.map
            cur = T.parent_map(cur)
        return None

    def _columns_of(self, obj: GraphObj) -> None:
        drop = set()
        stack = list(obj.order)
        while stack:
            c = stack.pop()
            drop.add(id(c))
            stack.extend(c.order)
        self._objs = [o for o in self._objs if id(o) not in drop]
        obj.children.clear()
        obj.order.clear()
        obj.shape.children = []

    def compile_field(self, obj: GraphObj, f: T.Field, m: T.IRMap, d: Diagram) -> None:
        name = f.name
        if name.is_kw(STYLE_KEYWORDS):
            self.err(ref_node(f), f"{name.text} must be style.{name.text}")
            return
        if name.text == "classes" and not name.quoted:
            if f.map is not None:
                if f.map.edges:
                    self.err(f.map.edges[0].node, "classes cannot contain an edge")
                for cf in f.map.fields:
                    if cf.map is None:
                        continue
                    for g in cf.map.fields:
                        if g.name.low not in RESERVED:
                            self.err(
                                ref_node(g),
                                f"{g.name.text} is an invalid class field, must be reserved "
                                "keyword",
                            )
                        if g.name.is_kw({"class"}):
                            self.err(ref_node(g), '"class" cannot appear within "classes"')
            return
        if name.text == "vars" and not name.quoted:
            return
        if name.text in ("source-arrowhead", "target-arrowhead") and not name.quoted:
            self.err(ref_node(f), f'"{name.text}" can only be used on connections')
            return
        if name.is_kw(SIMPLE_RESERVED):
            self.compile_reserved(obj, f, m, d)
            return
        if name.text == "style" and not name.quoted:
            if f.map is None or not f.map.fields:
                self.err(
                    ref_node(f),
                    '"style" expected to be set to a map of key-values, or contain an '
                    'additional keyword like "style.opacity: 0.4"',
                )
                return
            self.compile_style(obj.shape.style, f.map, obj)
            return
        if obj.parent is not None:
            if obj.parent.shape.shape == "sql_table":
                self.err(ref_node(f), "sql_table columns cannot have children")
                return
            if obj.parent.shape.shape == "class":
                self.err(ref_node(f), "class fields cannot have children")
                return
        child = self.ensure_child(obj, f)
        if f.primary is not None:
            self.compile_label(child, f, m)
        if f.map is not None:
            self.compile_obj_map(child, f.map, d)

    def ensure_child(self, obj: GraphObj, f: T.Field) -> GraphObj:
        scope = obj
        obj = seq_redirect(obj, f.name)
        key = f.name.low
        ch = obj.children.get(key)
        if ch is None:
            ch = self._new_child(obj, f)
        ch.refs.extend((k, sm, scope) for k, sm in f.refs)
        return ch

    def _new_child(self, obj: GraphObj, f: T.Field) -> GraphObj:
        sid = id_seg(f.name)
        full = f"{obj.shape.id}.{sid}" if obj.shape.id else sid
        s = Shape(id=full, name=f.name.text, label=f.name.text, parent=obj.shape.id or None)
        s.declared = any(not k.edges for k in f.keys) or not f.keys
        s.offset = f.last_node.start if f.last_node is not None else -1
        ch = GraphObj(s, f.last_node, parent=obj, seg=sid)
        obj.children[f.name.low] = ch
        obj.order.append(ch)
        obj.shape.children.append(full)
        self._objs.append(ch)
        return ch

    # ---- edges ------------------------------------------------------------------------------

    def compile_edge(self, obj: GraphObj, e: T.IREdge, m: T.IRMap) -> None:
        src = self._resolve_endpoint(obj, e.src)
        dst = self._resolve_endpoint(obj, e.dst)
        if src is None or dst is None:
            self.err(e.node, "connection endpoint does not exist")
            return
        base = obj.shape.id
        eid = f"({ids(e.src)} {_arrow_op(e)} {ids(e.dst)})[{e.index}]"
        c = Connection(
            id=f"{base}.{eid}" if base else eid,
            src=src.shape.id,
            dst=dst.shape.id,
            src_arrow="triangle" if e.src_arrow else "none",
            dst_arrow="triangle" if e.dst_arrow else "none",
            offset=e.node.start if e.node is not None else -1,
        )
        self._edge_objs.append((src, dst, e.scopes, obj))
        if e.primary is not None:
            if isinstance(e.primary, A.BlockString) and not e.primary.value.strip():
                self.err(_pk_node_edge(e), "block string cannot be empty")
            c.label = self.text(e.primary, m)
        if e.map is not None:
            src_attrs, dst_attrs = _Attrs(), _Attrs()
            self.compile_edge_map(c, e.map, src_attrs, dst_attrs, m)
            # an arrowhead's default shape is the triangle, which `filled: false` hollows
            if e.src_arrow and (src_attrs.shape or src_attrs.filled is not None):
                c.src_arrow = to_arrowhead(src_attrs.shape or "triangle", src_attrs.filled)
            if e.dst_arrow and (dst_attrs.shape or dst_attrs.filled is not None):
                c.dst_arrow = to_arrowhead(dst_attrs.shape or "triangle", dst_attrs.filled)
            link = e.map.get("link")
            if link is not None and link.primary is not None and c.label:
                u = urlparse(c.label)
                if u.scheme and u.netloc:
                    self.err(
                        e.primary or pk_node(link),
                        "Label cannot be set to URL when link is also set (for security)",
                    )
        self._edges.append((c, e.node))

    def _resolve_endpoint(self, obj: GraphObj, names: list[T.Name]) -> GraphObj | None:
        cur = obj
        for n in names:
            if cur.shape.shape in ("sql_table", "class") and cur.shape_set:
                return cur
            cur = seq_redirect(cur, n)
            nxt = cur.children.get(n.low)
            if nxt is None:
                return None
            cur = nxt
        return cur

    def compile_edge_map(
        self, c: Connection, m: T.IRMap, sa: _Attrs, da: _Attrs, scope: T.IRMap
    ) -> None:
        cls = m.get("class")
        if cls is not None:
            # an edge's non-scalar class values are not reported (as the official compiler)
            for name in self._class_names(cls, m, report_invalid=False):
                cm = self.class_map(scope, name)
                if cm is not None:
                    self.compile_edge_map(c, cm, sa, da, scope)
        for f in m.fields:
            if f.name.low not in RESERVED or f.name.quoted:
                self.err(ref_node(f), "edge map keys must be reserved keywords")
                continue
            kw = f.name.low
            if kw in STYLE_KEYWORDS:
                self.err(ref_node(f), f"{f.name.text} must be style.{f.name.text}")
                continue
            if kw in SIMPLE_RESERVED:
                if kw == "label":
                    if f.primary is not None:
                        c.label = self.text(f.primary, m)
                    elif f.composite is None:
                        self.err(ref_node(f), f'reserved field "{f.name.text}" must have a value')
                    self.compile_position(f, m)
                elif kw == "class":
                    if f.primary is not None:
                        c.classes.append(self.text(f.primary, m))
                else:
                    self._edge_reserved(f, m)
            elif kw == "style":
                if f.map is not None:
                    self.compile_style(c.style, f.map, None)
            elif kw in ("source-arrowhead", "target-arrowhead"):
                attrs = sa if kw == "source-arrowhead" else da
                if f.primary is not None:
                    attrs.label = self.text(f.primary, m)
                if f.map is not None:
                    for g in f.map.fields:
                        if g.name.is_kw(SIMPLE_RESERVED):
                            if g.primary is None:
                                self.err(
                                    ref_node(g),
                                    f'reserved field "{g.name.text}" must have a value',
                                )
                                continue
                            val = self.text(g.primary, f.map)
                            if g.name.low == "shape":
                                low = val.lower()
                                if low not in SHAPES and low not in ARROWHEADS:
                                    self.err(g.primary, f'unknown shape "{val}"')
                                    continue
                                if low not in ARROWHEADS:
                                    self.err(
                                        pk_node(g),
                                        f'invalid shape, can only set "{low}" for arrowheads',
                                    )
                                attrs.shape = low
                            elif g.name.low == "label":
                                attrs.label = val
                        elif g.name.is_kw({"style"}):
                            if g.map is not None:
                                st: dict[str, str] = {}
                                self.compile_style(st, g.map, None)
                                if "filled" in st:
                                    attrs.filled = st["filled"]
                        else:
                            self.err(
                                ref_node(g),
                                "source-arrowhead/target-arrowhead map keys must be reserved "
                                "keywords",
                            )

    def _edge_reserved(self, f: T.Field, m: T.IRMap) -> None:
        dummy = GraphObj(Shape(id="", name="", label=""), None)
        self.compile_reserved(dummy, f, m, Diagram())


def _arrow_op(e: T.IREdge) -> str:
    return ("<" if e.src_arrow else "-") + "-" + (">" if e.dst_arrow else "-")


def _pk_node_edge(e: T.IREdge) -> A.Node | None:
    return e.primary_key if e.primary_key is not None else e.node
