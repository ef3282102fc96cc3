"""IR -> compiled diagram (``model.Diagram``), with the official compiler's value checks.

Reads the field tree built by ``ir.py``: ordinary fields become shapes, reserved keywords
become attributes (label, shape, icon, near, style.* ...), ``class`` applies a declared class,
``${var}`` substitutes, sql_table/class children become columns (not shapes), and boards
(layers/scenarios/steps) compile recursively. Inside sequence diagrams, names resolve to the
diagram's actors and every object gets the role the official layout reads (actor, group,
span, note; ``Shape.seq_role``; ``sequence.py``), with the layout's own refusals. Every
problem is collected with its position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlparse

from services.dsl.d2 import ast as A
from services.dsl.d2 import tree as T
from services.dsl.d2.keywords import (
    ARROWHEADS,
    BOARD_KEYWORDS,
    LANGUAGE_ALIASES,
    NEAR_CONSTANTS,
    RESERVED,
    SHAPES,
    SIMPLE_RESERVED,
    STYLE_KEYWORDS,
)
from services.dsl.d2.model import Connection, Diagram, Shape
from services.dsl.d2.sequence import in_sequence, seq_redirect, sequence_roles
from services.dsl.d2.values import markdown_html_problem, style_error, to_arrowhead

Err = tuple[int, int, str]
_INT = re.compile(r"^[+-]?\d+$")


@dataclass
class GraphObj:
    shape: Shape
    node: A.Node | None
    children: dict[str, GraphObj] = field(default_factory=dict)
    order: list[GraphObj] = field(default_factory=list)
    parent: GraphObj | None = None
    shape_set: bool = False
    label_key: A.Node | None = None
    width: str | None = None
    height: str | None = None
    three_d: A.Node | None = None
    double_border: A.Node | None = None
    near_node: A.Node | None = None
    has_pos: A.Node | None = None
    seg: str = ""  # the id segment as the official graph spells it (quoted when needed)
    # (key, map it was written in, default scope object) per reference
    refs: list[tuple[A.Key, T.IRMap | None, GraphObj]] = field(default_factory=list)

    @property
    def is_grid(self) -> bool:
        return "grid-rows" in self.shape.attrs or "grid-columns" in self.shape.attrs


@dataclass
class _Attrs:
    """Attributes an edge or arrowhead collects (a subset of a shape's)."""

    label: str | None = None
    shape: str | None = None
    style: dict[str, str] = field(default_factory=dict)
    classes: list[str] = field(default_factory=list)
    filled: str | None = None


class GraphCompiler:
    def __init__(self, errors: list[Err]) -> None:
        self.errors = errors
        self._expanding: set[int] = set()  # var fields being substituted (no self-reference)

    def err(self, node: A.Node | None, msg: str) -> None:
        if node is None:
            self.errors.append((0, 0, msg))
        else:
            self.errors.append((node.start, node.end, msg))

    # ---- scalars and substitutions -------------------------------------------------------

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

    # ---- boards ----------------------------------------------------------------------------

    def compile_board(self, m: T.IRMap, prefix: str = "") -> Diagram:
        d = Diagram()
        root = GraphObj(Shape(id="", name="", label=""), None)
        self._objs: list[GraphObj] = []
        self._edges: list[tuple[Connection, A.Node | None]] = []
        self._edge_objs: list[tuple[GraphObj, GraphObj, list[T.IRMap | None], GraphObj]] = []
        self._map_obj: dict[int, GraphObj] = {}
        self._board = m
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
        self._validate(root, m, d)
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
                self.err(_key_node(shape_f), "reserved field shape does not accept composite")
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
            self.err(_ref_node(f), f"{name.text} must be style.{name.text}")
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
                                _ref_node(g),
                                f"{g.name.text} is an invalid class field, must be reserved "
                                "keyword",
                            )
                        if g.name.is_kw({"class"}):
                            self.err(_ref_node(g), '"class" cannot appear within "classes"')
            return
        if name.text == "vars" and not name.quoted:
            return
        if name.text in ("source-arrowhead", "target-arrowhead") and not name.quoted:
            self.err(_ref_node(f), f'"{name.text}" can only be used on connections')
            return
        if name.is_kw(SIMPLE_RESERVED):
            self.compile_reserved(obj, f, m, d)
            return
        if name.text == "style" and not name.quoted:
            if f.map is None or not f.map.fields:
                self.err(
                    _ref_node(f),
                    '"style" expected to be set to a map of key-values, or contain an '
                    'additional keyword like "style.opacity: 0.4"',
                )
                return
            self.compile_style(obj.shape.style, f.map, obj)
            return
        if obj.parent is not None:
            if obj.parent.shape.shape == "sql_table":
                self.err(_ref_node(f), "sql_table columns cannot have children")
                return
            if obj.parent.shape.shape == "class":
                self.err(_ref_node(f), "class fields cannot have children")
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
        sid = _id_seg(f.name)
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

    def compile_label(self, obj: GraphObj, f: T.Field, m: T.IRMap) -> None:
        scalar = f.primary
        if isinstance(scalar, A.BlockString):
            if not scalar.value.strip():
                self.err(_pk_node(f), "block string cannot be empty")
            obj.shape.language = LANGUAGE_ALIASES.get(scalar.tag, scalar.tag)
        obj.shape.label = self.text(scalar, m)
        obj.label_key = _pk_node(f)
        if isinstance(scalar, A.BlockString) and obj.shape.language == "markdown":
            problem = markdown_html_problem(obj.shape.label)
            if problem:
                self.err(scalar, f"malformed Markdown: {problem}")

    def compile_reserved(self, obj: GraphObj, f: T.Field, m: T.IRMap, d: Diagram) -> None:
        s = obj.shape
        kw = f.name.low
        if f.primary is None:
            if f.composite is not None:
                if kw == "class":
                    if isinstance(f.composite, T.IRArray):
                        for v in f.composite.values:
                            if isinstance(v, A.Node) and A.is_scalar(v):
                                s.classes.append(self.text(v, m))
                elif kw == "constraint":
                    pass
                elif kw in ("label", "icon", "tooltip"):
                    self.compile_position(f, m)
                else:
                    self.err(_pk_node(f), f"reserved field {f.name.text} does not accept composite")
            else:
                self.err(_ref_node(f), f'reserved field "{f.name.text}" must have a value')
            return
        scalar = f.primary
        val = self.text(scalar, m)
        if kw == "label":
            self.compile_label(obj, f, m)
            self.compile_position(f, m)
        elif kw == "shape":
            low = val.lower()
            if low not in SHAPES and low not in ARROWHEADS:
                self.err(scalar, f'unknown shape "{val}"')
                return
            s.shape = low
            obj.shape_set = True
            if low == "code":
                s.language = "text"
        elif kw == "icon":
            s.icon = val
            self.compile_position(f, m)
            if f.map is not None:
                st = f.map.get("style")
                if st is not None and (st.map is None or not st.map.fields):
                    self.err(
                        _ref_node(f),
                        '"style" expected to be set to a map of key-values, or contain an '
                        'additional keyword like "style.opacity: 0.4"',
                    )
        elif kw == "near":
            from services.dsl.d2.parser import parse

            tree, errs = parse(val)
            if errs or not tree.nodes:
                self.err(scalar, f'bad near key "{val}"')
                return
            s.near = val
            obj.near_node = scalar
        elif kw == "tooltip":
            s.tooltip = val
            self.compile_position(f, m)
        elif kw in ("width", "height"):
            if not _INT.match(val):
                self.err(scalar, f'non-integer {kw} "{val}"')
                return
            s.attrs[kw] = val
            if kw == "width":
                obj.width = val
            else:
                obj.height = val
        elif kw in ("top", "left"):
            if not _INT.match(val):
                self.err(scalar, f'non-integer {kw} "{val}"')
                return
            if int(val) < 0:
                self.err(scalar, f'{kw} must be a non-negative integer: "{val}"')
                return
            s.attrs[kw] = val
            obj.has_pos = _pk_node(f)
        elif kw == "link":
            s.link = val
        elif kw == "direction":
            low = val.lower()
            if low not in ("up", "down", "right", "left"):
                self.err(scalar, f'direction must be one of up, down, right, left, got "{val}"')
                return
            if obj.parent is None:
                d.direction = low
            s.attrs["direction"] = low
        elif kw == "constraint":
            if not isinstance(
                scalar,
                A.UnquotedString | A.DoubleQuotedString | A.SingleQuotedString | A.BlockString,
            ):
                self.err(_pk_node(f), "constraint value must be a string")
        elif kw in ("grid-rows", "grid-columns"):
            if not _INT.match(val):
                self.err(scalar, f'non-integer {kw} "{val}"')
                return
            if int(val) <= 0:
                self.err(scalar, f'{kw} must be a positive integer: "{val}"')
                return
            s.attrs[kw] = val
        elif kw in ("grid-gap", "vertical-gap", "horizontal-gap"):
            if not _INT.match(val):
                self.err(scalar, f'non-integer {kw} "{val}"')
                return
            if int(val) < 0:
                self.err(scalar, f'{kw} must be a non-negative integer: "{val}"')
                return
            s.attrs[kw] = val
        elif kw == "class":
            s.classes.append(val)
        if s.link is not None and s.label:
            u = urlparse(s.label)
            if u.scheme and u.netloc and kw in ("label", "link"):
                self.err(scalar, "Label cannot be set to URL when link is also set (for security)")
        if s.link is not None and s.tooltip:
            u = urlparse(s.tooltip)
            if u.scheme and u.netloc and kw in ("tooltip", "link"):
                self.err(
                    scalar, "Tooltip cannot be set to URL when link is also set (for security)"
                )

    def compile_position(self, f: T.Field, m: T.IRMap) -> None:
        if f.map is None:
            return
        for g in f.map.fields:
            if g.name.is_kw({"near"}) and g.primary is None:
                self.err(_pk_node(g), 'invalid "near" field')
            elif g.name.is_kw({"near"}) and g.primary is not None:
                v = self.text(g.primary, f.map)
                from services.dsl.d2.keywords import NEAR_CONSTANTS as NC

                positions = _label_positions()
                if (f.name.low == "tooltip" and v not in NC) or (
                    f.name.low != "tooltip" and v not in positions
                ):
                    self.err(g.primary, f'invalid "near" field "{v}"')
            elif not _allowed_in_position_map(f, g):
                pk = _primary_ref(g)
                if pk is not None:
                    self.err(pk, f"unexpected field {g.name.text}")
        if f.map.edges:
            self.err(_pk_node(f), "unexpected edges in map")

    def compile_style(self, style: dict[str, str], m: T.IRMap, obj: GraphObj | None) -> None:
        for f in m.fields:
            if not f.name.is_kw(STYLE_KEYWORDS):
                self.err(_ref_node(f), f'invalid style keyword: "{f.name.text}"')
                continue
            if f.primary is None:
                continue
            val = self.text(f.primary, m)
            msg = style_error(f.name.low, val)
            if msg:
                self.err(f.primary, msg)
                continue
            style[f.name.low] = val
            if obj is not None:
                if f.name.low == "3d":
                    obj.three_d = _pk_node(f)
                if f.name.low == "double-border":
                    obj.double_border = _pk_node(f)

    # ---- edges ------------------------------------------------------------------------------

    def compile_edge(self, obj: GraphObj, e: T.IREdge, m: T.IRMap) -> None:
        src = self._resolve_endpoint(obj, e.src)
        dst = self._resolve_endpoint(obj, e.dst)
        if src is None or dst is None:
            self.err(e.node, "connection endpoint does not exist")
            return
        base = obj.shape.id
        eid = f"({_ids(e.src)} {_arrow_op(e)} {_ids(e.dst)})[{e.index}]"
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
                        e.primary or _pk_node(link),
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
                self.err(_ref_node(f), "edge map keys must be reserved keywords")
                continue
            kw = f.name.low
            if kw in STYLE_KEYWORDS:
                self.err(_ref_node(f), f"{f.name.text} must be style.{f.name.text}")
                continue
            if kw in SIMPLE_RESERVED:
                if kw == "label":
                    if f.primary is not None:
                        c.label = self.text(f.primary, m)
                    elif f.composite is None:
                        self.err(_ref_node(f), f'reserved field "{f.name.text}" must have a value')
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
                                    _ref_node(g),
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
                                        _pk_node(g),
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
                                _ref_node(g),
                                "source-arrowhead/target-arrowhead map keys must be reserved "
                                "keywords",
                            )

    def _edge_reserved(self, f: T.Field, m: T.IRMap) -> None:
        dummy = GraphObj(Shape(id="", name="", label=""), None)
        self.compile_reserved(dummy, f, m, Diagram())

    # ---- validation (after the tree is built) -------------------------------------------------

    def _validate(self, root: GraphObj, m: T.IRMap, d: Diagram) -> None:
        if not self.errors:
            self._validate_keys(root, m)
        for o in self._objs:
            s = o.shape
            if s.shape == "text" and not s.language and not s.label.strip():
                self.err(o.label_key or o.node, "shape text must have a non-empty label")
            if s.shape == "sql_table" and "\n" in s.label:
                self.err(o.label_key or o.node, "shape sql_table cannot have newlines in label")
        by_id = {o.shape.id.lower(): o for o in self._objs}
        for o in self._objs:
            if o.shape.near is None:
                continue
            near = o.shape.near
            target = by_id.get(near.lower())
            if target is not None:
                a: GraphObj | None = o
                while a is not None:
                    if a is target:
                        self.err(o.near_node, "near keys cannot be set to an ancestor")
                        break
                    a = a.parent
                else:
                    b: GraphObj | None = target
                    while b is not None:
                        if b is o:
                            self.err(o.near_node, "near keys cannot be set to an descendant")
                            break
                        b = b.parent
                    else:
                        msg = _near_target_error(target)
                        if msg:
                            self.err(o.near_node, msg)
            elif near in NEAR_CONSTANTS:
                if o.parent is not root:
                    self.err(o.near_node, "constant near keys can only be set on root level shapes")
            else:
                self.err(
                    o.near_node,
                    f'near key "{near}" must be the absolute path to a shape or one of the '
                    "following constants: " + ", ".join(_NEAR_ORDER),
                )
        for o in self._objs:
            if o.has_pos is not None and o.parent is not None and o.parent is not root:
                p = o.parent.shape
                if p.shape == "hierarchy":
                    self.err(o.has_pos, 'position keywords cannot be used with shape "hierarchy"')
                if "grid-rows" in p.attrs or "grid-columns" in p.attrs:
                    self.err(o.has_pos, "position keywords cannot be used with grids")
        objs = {o.shape.id: o for o in self._objs}
        for c, node in self._edges:
            so, do = objs.get(c.src), objs.get(c.dst)
            if so is None or do is None:
                continue
            for a, b, what in ((so, do, "src"), (do, so, "dst")):
                del what
                if a.is_grid and _descends(b, a):
                    self.err(node, f'edge from grid diagram "{a.shape.id}" cannot enter itself')
                    break
                if a.parent is not None and a.parent.is_grid and _descends(b, a):
                    self.err(node, f'edge from grid cell "{a.shape.id}" cannot enter itself')
                    break
                if a.shape.shape == "sequence_diagram" and _descends(b, a):
                    self.err(node, f'edge from sequence diagram "{a.shape.id}" cannot enter itself')
                    break
                if a.shape.near in NEAR_CONSTANTS and _descends(b, a):
                    self.err(node, f'edge from constant near "{a.shape.id}" cannot enter itself')
                    break

    def _validate_keys(self, obj: GraphObj, m: T.IRMap) -> None:
        for f in m.fields:
            if f.name.is_kw(BOARD_KEYWORDS):
                continue
            if f.name.is_kw(RESERVED):
                s = obj.shape
                kw = f.name.low
                if (
                    s.shape in ("circle", "square")
                    and obj.width is not None
                    and (obj.height is not None and kw in ("width", "height"))
                    and obj.width != obj.height
                ):
                    self.err(_pk_node(f), f"width and height must be equal for {s.shape} shapes")
                if kw == "style":
                    if obj.three_d is not None and s.shape not in (
                        "square",
                        "rectangle",
                        "hexagon",
                    ):
                        self.err(
                            obj.three_d,
                            'key "3d" can only be applied to squares, rectangles, and hexagons',
                        )
                    if obj.double_border is not None and s.shape not in (
                        "square",
                        "rectangle",
                        "circle",
                        "oval",
                    ):
                        self.err(
                            obj.double_border,
                            'key "double-border" can only be applied to squares, rectangles, '
                            "circles, ovals",
                        )
                elif kw == "shape":
                    if s.shape == "image" and s.icon is None:
                        self.err(_pk_node(f), 'image shape must include an "icon" field')
                    if s.shape not in SHAPES and s.shape in ARROWHEADS:
                        self.err(
                            _pk_node(f), f'invalid shape, can only set "{s.shape}" for arrowheads'
                        )
                elif kw == "constraint" and s.shape != "sql_table":
                    self.err(
                        _pk_node(f),
                        '"constraint" keyword can only be used in "sql_table" shapes',
                    )
                continue
            if obj.shape.shape == "image" and not in_sequence(obj):
                self.err(_ref_node(f), "image shapes cannot have children.")
                continue
            ch = obj.children.get(f.name.low)
            if ch is not None and f.map is not None:
                self._validate_keys(ch, f.map)


_NEAR_ORDER = [
    "top-left",
    "top-center",
    "top-right",
    "center-left",
    "center-right",
    "bottom-left",
    "bottom-center",
    "bottom-right",
]


def _label_positions() -> set[str]:
    base = [
        f"{a}-{b}"
        for a, b in (
            ("top", "left"),
            ("top", "center"),
            ("top", "right"),
            ("center", "left"),
            ("center", "center"),
            ("center", "right"),
            ("bottom", "left"),
            ("bottom", "center"),
            ("bottom", "right"),
        )
    ]
    sides = {
        "top": ("left", "center", "right"),
        "bottom": ("left", "center", "right"),
        "left": ("top", "center", "bottom"),
        "right": ("top", "center", "bottom"),
    }
    out = set(base)
    for kind in ("outside", "border"):
        for side, parts in sides.items():
            for p in parts:
                out.add(f"{kind}-{side}-{p}")
    return out


def _descends(a: GraphObj, b: GraphObj) -> bool:
    cur = a.parent
    while cur is not None:
        if cur is b:
            return True
        cur = cur.parent
    return False


def _near_target_error(t: GraphObj) -> str | None:
    """Why an object may not be the target of another's ``near`` (official rules)."""
    if t.parent is not None and in_sequence(t.parent):
        return "near keys cannot be set to an object within sequence diagrams"
    if t.shape.near in NEAR_CONSTANTS:
        return "near keys cannot be set to an object with a constant near key"
    cur: GraphObj | None = t
    while cur is not None:
        if cur.is_grid:
            return "near keys cannot be set to descendants of special objects, like grid cells"
        cur = cur.parent
    return None


def id_segment(text: str) -> str:
    """``text`` as one id segment of the official graph (quoted when it needs to be)."""
    return _id_seg(T.Name(text, False))


_MD_SUB = re.compile(r"(```[\s\S]*?```|`[^`\n]*`)|\$\{([^}\s]+)\}")


def _arrow_op(e: T.IREdge) -> str:
    return ("<" if e.src_arrow else "-") + "-" + (">" if e.dst_arrow else "-")


_KEY_SPECIALS = frozenset("#;\n\\{}[]'\"|:.-<>*&()@")


def _id_seg(n: T.Name) -> str:
    """One id segment spelled as the official formatter spells a key (quoted when needed)."""
    t = n.text
    if not t:
        return '""'
    special = False
    for i, ch in enumerate(t):
        if ch == "-" and i + 1 < len(t) and t[i + 1] != "-":
            continue  # a lone dash inside a name needs no quotes
        if ch in _KEY_SPECIALS:
            special = True
            break
    if special and '"' in t and "\n" not in t:
        return "'" + t.replace("'", "''") + "'"
    if special or t[0].isspace() or t[-1].isspace():
        return '"' + t.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if t.lower() == "null":
        return "'null'"
    return t


def _ids(names: list[T.Name]) -> str:
    return ".".join(_id_seg(n) for n in names)


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


def _ref_node(f: T.Field) -> A.Node | None:
    return f.last_node if f.last_node is not None else (f.keys[-1] if f.keys else None)


def _allowed_in_position_map(f: T.Field, g: T.Field) -> bool:
    """Fields a ``label``/``icon``/``tooltip`` map may hold besides ``near``."""
    if g.name.is_kw({"style"}) and f.name.low == "icon":
        return True
    if g.name.low in ("label", "icon", "tooltip") and not g.name.quoted:
        return True
    return f.name.low == "label" and g.name.is_kw(SIMPLE_RESERVED | {"style"})


def _primary_ref(f: T.Field) -> A.Key | None:
    """The last key that names ``f`` as its final element (the official LastPrimaryKey)."""
    for k in reversed(f.keys):
        if k.edges or k.key is None or not k.key.path:
            continue
        last = k.key.path[-1]
        if isinstance(last, A.StringNode) and last.text().lower() == f.name.low:
            return k
    return None


def _pk_node(f: T.Field) -> A.Node | None:
    return f.primary_key if f.primary_key is not None else _ref_node(f)


def _pk_node_edge(e: T.IREdge) -> A.Node | None:
    return e.primary_key if e.primary_key is not None else e.node


def _key_node(f: T.Field) -> A.Node | None:
    return _pk_node(f)
