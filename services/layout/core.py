"""The layout facade: DiagramGraph -> sized graph -> engine -> Layout (+ pins honoured).

The engine is ELK layered in a warm Node process (see docs/layout.md for why); when Node or
elkjs is missing, or the setting says so, the pure-Python layered engine runs instead.
"""

from __future__ import annotations

import logging

from shared.contracts import DiagramGraph
from shared.settings import layout_settings

from . import elk, native
from .incremental import align_to, incremental
from .model import Layout, SizedGraph
from .nodeproc import EngineError
from .pins import apply_pins
from .quality import mean_displacement
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

    With `previous` (the layout of the diagram before this edit), a small edit is fitted
    into the old picture (incremental.py: unchanged nodes stay put); a larger one is laid
    out afresh and translated to line up with the old picture.
    """
    chosen = engine or layout_settings().engine
    if chosen == "elk" and not elk.available():
        log.warning("layout: node/elkjs not available, using the native engine")
        chosen = "native"
    kept = incremental(graph, previous) if previous is not None and previous.nodes else None
    if kept is not None and previous is not None and chosen == "native":
        # The native engine is cheap and already steady (it re-places block by block), so
        # both are computed and the one that moves the old picture less is kept.
        fresh = align_to(native.layout_native(graph), previous)
        if mean_displacement(previous, fresh) < mean_displacement(previous, kept):
            kept = fresh
    if kept is not None:
        result = kept
    else:
        result = _run_engine(graph, chosen)
        if previous is not None and previous.nodes:
            result = align_to(result, previous)
    if pinned:
        result = apply_pins(graph, result, pinned)
    result.direction = graph.direction
    return result


def _run_engine(graph: SizedGraph, chosen: str) -> Layout:
    if chosen == "elk":
        try:
            result = elk.layout_elk(graph)
        except EngineError as err:
            # A crashed or stuck engine must not fail the job: the native engine still
            # gives a valid (if less polished) layout. The next call restarts Node.
            log.warning("layout: ELK failed (%s); using the native engine", err)
            result = native.layout_native(graph)
    else:
        result = native.layout_native(graph)
    return result


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
