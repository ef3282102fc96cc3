"""Plain data of a computed layout: absolute boxes for nodes and point lists for edges.

Coordinates are absolute, x to the right, y down; a box's (x, y) is its top-left corner.
Containers are boxes like any other node, with their children inside them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Point = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    parent: str | None = None

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def center(self) -> Point:
        return (self.x + self.w / 2, self.y + self.h / 2)

    def moved(self, dx: float, dy: float) -> Box:
        return Box(self.x + dx, self.y + dy, self.w, self.h, self.parent)


@dataclass(frozen=True, slots=True)
class LabelBox:
    """Where an edge label sits (top-left corner and size), absolute."""

    x: float
    y: float
    w: float
    h: float


@dataclass
class Layout:
    nodes: dict[str, Box]
    edges: dict[str, list[Point]]
    edge_labels: dict[str, LabelBox] = field(default_factory=dict)
    engine: str = ""
    width: float = 0.0
    height: float = 0.0
    #: ids of pinned nodes that could not be honoured (their spot was taken or outside the parent)
    unpinned: list[str] = field(default_factory=list)
    #: the graph's direction this layout was made for ("" = unknown, e.g. read back from JSON)
    direction: str = ""

    def bounds(self) -> tuple[float, float, float, float]:
        """(min_x, min_y, max_x, max_y) over every node and edge point."""
        xs: list[float] = []
        ys: list[float] = []
        for b in self.nodes.values():
            xs += [b.x, b.right]
            ys += [b.y, b.bottom]
        for pts in self.edges.values():
            xs += [p[0] for p in pts]
            ys += [p[1] for p in pts]
        for lb in self.edge_labels.values():
            xs += [lb.x, lb.x + lb.w]
            ys += [lb.y, lb.y + lb.h]
        if not xs:
            return (0.0, 0.0, 0.0, 0.0)
        return (min(xs), min(ys), max(xs), max(ys))


@dataclass(frozen=True, slots=True)
class SizedNode:
    """A node as the engines see it: a size and a parent. Containers get their size from
    their children; `w`/`h` of a container are its minimum (room for its label)."""

    id: str
    w: float
    h: float
    parent: str | None = None
    is_container: bool = False


@dataclass(frozen=True, slots=True)
class SizedEdge:
    id: str
    src: str
    dst: str
    label_w: float = 0.0
    label_h: float = 0.0


@dataclass
class SizedGraph:
    nodes: list[SizedNode]
    edges: list[SizedEdge]
    direction: str = "right"
    #: False: the diagram did not say; layout chooses the direction by the picture's shape
    direction_given: bool = True

    def containers(self) -> set[str]:
        """Ids that hold at least one child (an empty container is laid out as a leaf)."""
        return {n.parent for n in self.nodes if n.parent is not None}
