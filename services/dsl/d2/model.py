"""The compiled D2 model: shapes as a tree, connections, boards — plain data, no behaviour."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Shape:
    id: str  # absolute and dotted: "vpc.api"
    name: str  # last path segment as written
    label: str
    shape: str = "rectangle"
    parent: str | None = None
    classes: list[str] = field(default_factory=list)
    icon: str | None = None
    tooltip: str | None = None
    link: str | None = None
    near: str | None = None
    language: str = ""
    style: dict[str, str] = field(default_factory=dict)
    attrs: dict[str, str] = field(default_factory=dict)  # width, height, grid-*, ...
    children: list[str] = field(default_factory=list)
    declared: bool = True  # False when only an edge created it
    # inside a sequence_diagram: "actor", "group", "span" or "note" (as the official layout
    # reads them); "" elsewhere
    seq_role: str = ""
    offset: int = -1  # where it was first written (character offset)
    line: int = 0  # the same, 1-based
    column: int = 0


@dataclass
class Connection:
    id: str  # "(a -> b)[0]" or "vpc.(a -> b)[0]"
    src: str
    dst: str
    src_arrow: str = "none"
    dst_arrow: str = "triangle"
    label: str = ""
    classes: list[str] = field(default_factory=list)
    style: dict[str, str] = field(default_factory=dict)
    offset: int = -1
    line: int = 0
    column: int = 0


@dataclass
class Diagram:
    shapes: list[Shape] = field(default_factory=list)
    connections: list[Connection] = field(default_factory=list)
    direction: str = ""
    vars: dict[str, str] = field(default_factory=dict)
    config: dict[str, str] = field(default_factory=dict)  # vars.d2-config scalars (theme-id...)
    classes: list[str] = field(default_factory=list)  # names declared in `classes: {...}`
    boards: dict[str, Diagram] = field(default_factory=dict)  # "layers.x" -> board

    def shape(self, shape_id: str) -> Shape | None:
        for s in self.shapes:
            if s.id == shape_id:
                return s
        return None
