"""Layout service: layered layout with containers, React Flow JSON and SVG export.

Public facade (the pipeline calls these):

- ``layout_graph(graph, pinned=...) -> Layout``: absolute boxes and edge routes;
- ``to_reactflow(graph, layout) -> dict``: React Flow 12 JSON ``{nodes, edges}``;
- ``render_svg(graph, layout) -> str``: a safe, self-contained SVG;
- ``render(graph, pinned=...) -> LayoutResult``: all of it, as the pipeline stores it.
"""

from __future__ import annotations

from shared.contracts import DiagramGraph, LayoutResult

from .core import layout_graph, layout_sized, sized_graph
from .model import Box, LabelBox, Layout
from .reactflow import to_reactflow
from .svg import render_svg


def render(
    graph: DiagramGraph, *, pinned: dict[str, tuple[float, float]] | None = None
) -> LayoutResult:
    """Lay out `graph` and return the React Flow JSON and the SVG together."""
    layout = layout_graph(graph, pinned=pinned)
    return LayoutResult(diagram_state=to_reactflow(graph, layout), svg=render_svg(graph, layout))


__all__ = [
    "Box",
    "LabelBox",
    "Layout",
    "layout_graph",
    "layout_sized",
    "render",
    "render_svg",
    "sized_graph",
    "to_reactflow",
]
