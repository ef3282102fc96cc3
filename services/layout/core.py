"""The layout facade: DiagramGraph -> sized graph -> engine -> Layout (+ pins honoured).

The engine is ELK layered in a warm Node process (see docs/layout.md for why); when Node or
elkjs is missing, or the setting says so, the pure-Python layered engine runs instead.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from shared.contracts import DiagramGraph
from shared.settings import layout_settings

from . import choose, elk, native
from .labels import place_labels
from .model import Layout, SizedGraph
from .nodeproc import EngineError
from .pins import apply_pins
from .sizing import sized_graph

log = logging.getLogger(__name__)


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
