"""The graph stage's checks once a board's objects and edges exist, as the official compiler
makes them: keywords that do not fit the shape (``3d`` on a circle, ``constraint`` outside a
``sql_table``, an image without an icon), empty text shapes, ``near`` targets (no ancestor,
descendant, grid cell or sequence-diagram object), positions inside grids, and edges that
enter their own grid, sequence diagram or constant-``near`` object.

Run by ``compiler.GraphCompiler.compile_board``; returns each problem with the AST node it
points at, in the order the official compiler reports them.
"""

from __future__ import annotations

from services.dsl.d2 import ast as A
from services.dsl.d2 import tree as T
from services.dsl.d2.graph_obj import GraphObj, descends, pk_node, ref_node
from services.dsl.d2.keywords import (
    ARROWHEADS,
    BOARD_KEYWORDS,
    NEAR_CONSTANTS,
    RESERVED,
    SHAPES,
)
from services.dsl.d2.model import Connection
from services.dsl.d2.sequence import in_sequence

Problem = tuple[A.Node | None, str]


def graph_problems(
    root: GraphObj,
    board: T.IRMap,
    objs: list[GraphObj],
    edges: list[tuple[Connection, A.Node | None]],
    *,
    check_keys: bool,
) -> list[Problem]:
    """Every problem of a compiled board. ``check_keys``: also check each key against its
    object's shape (the official compiler does so only when nothing else failed)."""
    checks = _Checks()
    checks.graph(root, board, objs, edges, check_keys)
    return checks.problems


class _Checks:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def err(self, node: A.Node | None, msg: str) -> None:
        self.problems.append((node, msg))

    def graph(
        self,
        root: GraphObj,
        board: T.IRMap,
        objs: list[GraphObj],
        edges: list[tuple[Connection, A.Node | None]],
        check_keys: bool,
    ) -> None:
        if check_keys:
            self.keys(root, board)
        for o in objs:
            s = o.shape
            if s.shape == "text" and not s.language and not s.label.strip():
                self.err(o.label_key or o.node, "shape text must have a non-empty label")
            if s.shape == "sql_table" and "\n" in s.label:
                self.err(o.label_key or o.node, "shape sql_table cannot have newlines in label")
        by_id = {o.shape.id.lower(): o for o in objs}
        for o in objs:
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
        for o in objs:
            if o.has_pos is not None and o.parent is not None and o.parent is not root:
                p = o.parent.shape
                if p.shape == "hierarchy":
                    self.err(o.has_pos, 'position keywords cannot be used with shape "hierarchy"')
                if "grid-rows" in p.attrs or "grid-columns" in p.attrs:
                    self.err(o.has_pos, "position keywords cannot be used with grids")
        by_path = {o.shape.id: o for o in objs}
        for c, node in edges:
            so, do = by_path.get(c.src), by_path.get(c.dst)
            if so is None or do is None:
                continue
            for a, b in ((so, do), (do, so)):
                if a.is_grid and descends(b, a):
                    self.err(node, f'edge from grid diagram "{a.shape.id}" cannot enter itself')
                    break
                if a.parent is not None and a.parent.is_grid and descends(b, a):
                    self.err(node, f'edge from grid cell "{a.shape.id}" cannot enter itself')
                    break
                if a.shape.shape == "sequence_diagram" and descends(b, a):
                    self.err(node, f'edge from sequence diagram "{a.shape.id}" cannot enter itself')
                    break
                if a.shape.near in NEAR_CONSTANTS and descends(b, a):
                    self.err(node, f'edge from constant near "{a.shape.id}" cannot enter itself')
                    break

    def keys(self, obj: GraphObj, m: T.IRMap) -> None:
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
                    self.err(pk_node(f), f"width and height must be equal for {s.shape} shapes")
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
                        self.err(pk_node(f), 'image shape must include an "icon" field')
                    if s.shape not in SHAPES and s.shape in ARROWHEADS:
                        self.err(
                            pk_node(f), f'invalid shape, can only set "{s.shape}" for arrowheads'
                        )
                elif kw == "constraint" and s.shape != "sql_table":
                    self.err(
                        pk_node(f),
                        '"constraint" keyword can only be used in "sql_table" shapes',
                    )
                continue
            if obj.shape.shape == "image" and not in_sequence(obj):
                self.err(ref_node(f), "image shapes cannot have children.")
                continue
            ch = obj.children.get(f.name.low)
            if ch is not None and f.map is not None:
                self.keys(ch, f.map)


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
