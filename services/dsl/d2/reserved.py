"""Reserved keywords of shapes: label, shape, icon, tooltip, near, link, width/height,
top/left, direction, grid-*, class, constraint, and ``style.*``, with the official value checks.

The layer of the graph compiler between the scalars (``scalars.py``) and the boards, objects
and edges (``compiler.py``). Each keyword sets an attribute of the object's ``Shape`` (or
records the AST node the checks in ``graph_checks.py`` need); every wrong value is reported
with the official message at the value's position. Edges reuse it for the keywords they share.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

from services.dsl.d2 import ast as A
from services.dsl.d2 import tree as T
from services.dsl.d2.graph_obj import GraphObj, pk_node, ref_node
from services.dsl.d2.keywords import (
    ARROWHEADS,
    LANGUAGE_ALIASES,
    NEAR_CONSTANTS,
    SHAPES,
    SIMPLE_RESERVED,
    STYLE_KEYWORDS,
)
from services.dsl.d2.model import Diagram
from services.dsl.d2.parser import parse
from services.dsl.d2.scalars import ScalarReader
from services.dsl.d2.values import markdown_html_problem, style_error

_INT = re.compile(r"^[+-]?\d+$")


def _label_positions() -> frozenset[str]:
    """Where a label or icon may be placed (``label.near``): inside, outside or on the border."""
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
    return frozenset(out)


LABEL_POSITIONS = _label_positions()


class AttributeCompiler(ScalarReader):
    def compile_label(self, obj: GraphObj, f: T.Field, m: T.IRMap) -> None:
        scalar = f.primary
        if isinstance(scalar, A.BlockString):
            if not scalar.value.strip():
                self.err(pk_node(f), "block string cannot be empty")
            obj.shape.language = LANGUAGE_ALIASES.get(scalar.tag, scalar.tag)
        obj.shape.label = self.text(scalar, m)
        obj.label_key = pk_node(f)
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
                    self.err(pk_node(f), f"reserved field {f.name.text} does not accept composite")
            else:
                self.err(ref_node(f), f'reserved field "{f.name.text}" must have a value')
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
                        ref_node(f),
                        '"style" expected to be set to a map of key-values, or contain an '
                        'additional keyword like "style.opacity: 0.4"',
                    )
        elif kw == "near":
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
            obj.has_pos = pk_node(f)
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
                self.err(pk_node(f), "constraint value must be a string")
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
                self.err(pk_node(g), 'invalid "near" field')
            elif g.name.is_kw({"near"}) and g.primary is not None:
                v = self.text(g.primary, f.map)
                if (f.name.low == "tooltip" and v not in NEAR_CONSTANTS) or (
                    f.name.low != "tooltip" and v not in LABEL_POSITIONS
                ):
                    self.err(g.primary, f'invalid "near" field "{v}"')
            elif not _allowed_in_position_map(f, g):
                pk = _primary_ref(g)
                if pk is not None:
                    self.err(pk, f"unexpected field {g.name.text}")
        if f.map.edges:
            self.err(pk_node(f), "unexpected edges in map")

    def compile_style(self, style: dict[str, str], m: T.IRMap, obj: GraphObj | None) -> None:
        for f in m.fields:
            if not f.name.is_kw(STYLE_KEYWORDS):
                self.err(ref_node(f), f'invalid style keyword: "{f.name.text}"')
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
                    obj.three_d = pk_node(f)
                if f.name.low == "double-border":
                    obj.double_border = pk_node(f)


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
