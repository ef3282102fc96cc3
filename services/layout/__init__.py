"""Layout service: layered layout with containers, React Flow JSON and SVG export.

Public facade (the pipeline calls these):

- ``layout_graph(graph, pinned=..., previous=...) -> Layout``: absolute boxes and edge
  routes; with ``previous`` (the last version's layout) a small edit moves little;
- ``to_reactflow(graph, layout) -> dict``: React Flow 12 JSON ``{nodes, edges}``;
- ``render_svg(graph, layout) -> str``: a safe, self-contained SVG;
- ``render(graph, pinned=..., previous=...) -> LayoutResult``: all of it, as the pipeline
  stores it;
- ``layout_from_reactflow(diagram_state) -> Layout``: a stored React Flow graph back to a
  ``Layout``, to pass as ``previous``.
"""

from __future__ import annotations

from shared.contracts import DiagramGraph, LayoutResult

from .core import layout_graph, layout_sized
from .model import Box, LabelBox, Layout
from .reactflow import layout_from_reactflow, to_reactflow
from .sizing import sized_graph
from .svg import render_svg


def render(
    graph: DiagramGraph,
    *,
    pinned: dict[str, tuple[float, float]] | None = None,
    previous: Layout | None = None,
) -> LayoutResult:
    """Lay out `graph` and return the React Flow JSON and the SVG together.

    `previous` (optional): the previous version's layout, so a small edit moves little."""
    layout = layout_graph(graph, pinned=pinned, previous=previous)
    return LayoutResult(diagram_state=to_reactflow(graph, layout), svg=render_svg(graph, layout))


__all__ = [
    "Box",
    "LabelBox",
    "Layout",
    "layout_from_reactflow",
    "layout_graph",
    "layout_sized",
    "render",
    "render_svg",
    "sized_graph",
    "to_reactflow",
]
