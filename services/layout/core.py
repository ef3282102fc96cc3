"""The layout facade: DiagramGraph -> sized graph -> engine -> Layout (+ pins honoured).

The engine is ELK layered in a warm Node process (see docs/layout.md for why); when Node or
elkjs is missing, or the setting says so, the pure-Python layered engine runs instead.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from shared.contracts import DiagramGraph
from shared.settings import layout_settings

<<<<<<< HEAD
from . import choose, elk, native
from .labels import place_labels
from .model import Layout, SizedEdge, SizedGraph, SizedNode
from .nodeproc import EngineError
from .pins import apply_pins
from .sizing import CONTAINER_PAD_SIDE, CONTAINER_PAD_TOP, edge_label_size, node_size, text_width
=======
from . import elk, native
from .incremental import align_to, incremental
from .model import Layout, SizedGraph
from .nodeproc import EngineError
from .pins import apply_pins
from .quality import mean_displacement
from .sizing import sized_graph
>>>>>>> main

log = logging.getLogger(__name__)


<<<<<<< HEAD
def node_class(classes: list[str]) -> str | None:
    """The style-pack class of a node (its first known class), if any."""
    return next((c for c in classes if c in NODE_CLASSES), None)


def sized_graph(graph: DiagramGraph) -> SizedGraph:
    """Sizes from labels and shapes; drops edges whose ends are unknown."""
    parents = {n.parent for n in graph.nodes if n.parent}
    known = {n.id for n in graph.nodes}
    nodes: list[SizedNode] = []
    for n in graph.nodes:
        container = n.is_container or n.id in parents
        label = n.label if n.label is not None else n.id
        if n.id in parents:
            w = text_width(label) + 2 * CONTAINER_PAD_SIDE + 24
            h = CONTAINER_PAD_TOP + CONTAINER_PAD_SIDE
        else:
            glyph = bool(n.icon or node_class(n.classes))
            w, h = node_size(label, n.shape, has_glyph=glyph)
        parent = n.parent if n.parent in known else None
        nodes.append(SizedNode(n.id, w, h, parent, container))
    edges = []
    for e in graph.edges:
        if e.src in known and e.dst in known:
            lw, lh = edge_label_size(e.label)
            edges.append(SizedEdge(e.id, e.src, e.dst, lw, lh))
    return SizedGraph(nodes, edges, graph.direction, graph.direction_given)


=======
>>>>>>> main
def layout_sized(
    graph: SizedGraph,
    *,
    engine: str | None = None,
    pinned: dict[str, tuple[float, float]] | None = None,
    previous: Layout | None = None,
) -> Layout:
    """Lay out a sized graph with the chosen engine (default from settings).

    Without a direction in the diagram, the direction is chosen by the picture's shape. With
    `previous` (the layout of the diagram before this edit), the edit is fitted into the old
    picture (incremental.py: unchanged nodes stay put) when that scores as well as a fresh
    layout; else the fresh layout is translated to line up with the old picture (choose.py).
    """
    chosen = engine or layout_settings().engine
    if chosen == "elk" and not elk.available():
        log.warning("layout: node/elkjs not available, using the native engine")
        chosen = "native"

    def run(g: SizedGraph, hints: choose.Hints) -> Layout:
        return _run_engine(g, chosen, hints)

    if previous is not None and previous.nodes:
        result = choose.edit(graph, previous, run, pinned=bool(pinned))
    else:
        result = choose.fresh(graph, run)
    if pinned:
        direction = result.direction
        turned = graph if graph.direction_given else replace(graph, direction=direction)
        result = place_labels(turned, apply_pins(turned, result, pinned))
        result.direction = direction
    return result


def _run_engine(graph: SizedGraph, chosen: str, hints: choose.Hints) -> Layout:
    if chosen == "elk":
        try:
            return elk.layout_elk(graph, follow_order=hints.follow_order, wrap=hints.wrap)
        except EngineError as err:
            # A crashed or stuck engine must not fail the job: the native engine still
            # gives a valid (if less polished) layout. The next call restarts Node.
            log.warning("layout: ELK failed (%s); using the native engine", err)
    return native.layout_native(graph)


def layout_graph(
    graph: DiagramGraph,
    *,
    pinned: dict[str, tuple[float, float]] | None = None,
    previous: Layout | None = None,
) -> Layout:
    """Absolute boxes for every node (containers included) and a route for every edge.

    `previous`: the layout of the previous version of this diagram, if any; unchanged nodes
    then keep their place as far as possible (see `layout_sized`)."""
    return layout_sized(sized_graph(graph), pinned=pinned, previous=previous)
