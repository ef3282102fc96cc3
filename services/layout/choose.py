"""Which picture: the direction by the diagram's shape, and an edit fitted into the old picture
or laid out afresh.

- A diagram whose D2 names no `direction` (the architect's, unless the user asked for one) is
  laid out both ways, left to right and top to bottom, and the picture kept is the one within
  1:3 to 3:1 (a page, a screen) with the fewest crossings, then the one nearest a landscape
  screen's shape. A given direction is always honoured.
- An edit (`previous` given) is fitted into the old picture (incremental.py) and kept only if
  it scores as well as a fresh layout of the same diagram on the quality metrics: no more
  faults, label collisions, shared segments or edges against the flow, no more than 10% more
  crossings, and a readable shape. Otherwise a blend is tried: a fresh layout guided by the
  old picture (its nodes handed to the engine in the old picture's order, which ELK keeps
  where it costs no crossings), kept if it scores as well and moves the old picture less.
  Otherwise the fresh layout wins. Either is translated onto the old picture: stability is
  never bought with a fault.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

from .incremental import align_to, incremental
from .labels import place_labels
from .model import Layout, SizedGraph
from .quality import Quality, aspect, aspect_ok, mean_displacement, measure


@dataclass(frozen=True)
class Hints:
    """What an engine is asked besides the graph (an engine that cannot do it ignores it)."""

    follow_order: bool = False  # keep the input's order where it costs no crossings
    wrap: bool = False  # wrap a long flat chain into rows


#: lays a graph out afresh
Engine = Callable[[SizedGraph, Hints], Layout]


#: the shape a picture is best at, width / height (a landscape screen)
TARGET_ASPECT = 1.4
#: an edit may cross this much more than a fresh layout of the same diagram
CROSSING_SLACK = 1.10
#: diagrams above this many nodes are not laid out afresh just to judge an edit (it costs the
#: full engine run an edit is meant to save): the edit is then kept when it has no fault and
#: nothing unreadable
FRESH_CHECK_MAX_NODES = 200
DIRECTIONS = ("right", "down")


def _cost(q: Quality, layout: Layout) -> float:
    shape = abs(math.log(aspect(layout) / TARGET_ASPECT))
    return (
        (0.0 if aspect_ok(layout) else 1e6) + 1e4 * (q.faults + q.unreadable) + q.crossings + shape
    )


def fresh(graph: SizedGraph, engine: Engine, *, follow_order: bool = False) -> Layout:
    """`graph` laid out afresh, edge labels placed; the direction chosen if not given."""
    if graph.direction_given:
        out = place_labels(graph, engine(graph, Hints(follow_order=follow_order)))
        out.direction = graph.direction
        return out
    tries = [(d, Hints(follow_order=follow_order)) for d in DIRECTIONS]
    best: tuple[float, Layout] | None = None
    for direction, hints in tries:
        turned = replace(graph, direction=direction)
        out = place_labels(turned, engine(turned, hints))
        out.direction = direction
        cost = _cost(measure(turned, out), out)
        if best is None or cost < best[0]:
            best = (cost, out)
        if direction == DIRECTIONS[-1] and not aspect_ok(best[1]) and not graph.containers():
            # a long chain: too wide in a row, too tall in a column; wrapped into rows
            tries.append((DIRECTIONS[0], Hints(follow_order=follow_order, wrap=True)))
        if len(tries) == len(DIRECTIONS) and direction == DIRECTIONS[-1] and best[0] >= 1e4:
            # every direction left a label unreadable or a fault: the other node order of the
            # engine's layering gives the label placer other room
            tries += [(d, Hints(follow_order=not follow_order)) for d in DIRECTIONS]
    assert best is not None
    return best[1]


def as_good(graph: SizedGraph, edited: Layout, afresh: Layout) -> bool:
    """Does the fitted edit score as well as the fresh layout?"""
    qe, qf = measure(graph, edited), measure(graph, afresh)
    return (
        qe.faults <= qf.faults
        and qe.unreadable <= qf.unreadable
        and qe.crossings <= qf.crossings * CROSSING_SLACK
        and qe.against_flow <= qf.against_flow
        and (aspect_ok(edited) or not aspect_ok(afresh))
    )


def edit(graph: SizedGraph, previous: Layout, engine: Engine, *, pinned: bool = False) -> Layout:
    """The layout of an edited diagram whose previous picture is `previous`.

    `pinned`: the user pinned nodes of this picture, i.e. arranged it by hand; the fitted edit
    (which keeps every pinned node where it was) is then kept whenever it has no fault and
    nothing unreadable, rather than judged against a fresh layout that would move the pins'
    neighbourhoods and leave pins unhonoured."""
    # the edit keeps the old picture's direction unless the diagram gives one
    keep = previous.direction if previous.direction in ("right", "down", "left", "up") else ""
    same = graph if graph.direction_given or not keep else replace(graph, direction=keep)
    fitted = incremental(same, previous)
    if fitted is not None:
        fitted = place_labels(same, fitted)
        fitted.direction = same.direction
    big = len(graph.nodes) > FRESH_CHECK_MAX_NODES
    if fitted is not None and (pinned or big):  # judged on its own
        q = measure(same, fitted)
        if q.faults + q.unreadable == 0:
            return fitted
    if big:
        return _aligned(fresh(graph, engine), previous)
    afresh = fresh(graph, engine)
    if fitted is not None and as_good(graph, fitted, afresh):
        return fitted
    return _blend_or_fresh(graph, same, previous, engine, afresh)


def _blend_or_fresh(
    graph: SizedGraph,
    same: SizedGraph,
    previous: Layout,
    engine: Engine,
    afresh: Layout,
) -> Layout:
    """The guided fresh layout if it scores as well as the plain one and moves less."""
    afresh = _aligned(afresh, previous)
    guided = _aligned(fresh(in_old_order(same, previous), engine, follow_order=True), previous)
    if as_good(graph, guided, afresh) and mean_displacement(previous, guided) <= mean_displacement(
        previous, afresh
    ):
        return guided
    return afresh


def in_old_order(graph: SizedGraph, previous: Layout) -> SizedGraph:
    """`graph` with its nodes and edges in the order the old picture shows them across the
    flow (left to right in a top-down picture), new nodes beside their neighbours; its
    direction fixed."""
    axis = 0 if graph.direction in ("down", "up") else 1
    at = {n.id: previous.nodes[n.id].center[axis] for n in graph.nodes if n.id in previous.nodes}
    for n in graph.nodes:
        if n.id not in at:
            near = [
                at[o]
                for e in graph.edges
                for o in ((e.dst,) if e.src == n.id else (e.src,) if e.dst == n.id else ())
                if o in at
            ]
            at[n.id] = sum(near) / len(near) if near else math.inf
    order = {n.id: i for i, n in enumerate(graph.nodes)}
    nodes = sorted(graph.nodes, key=lambda n: (at[n.id], order[n.id]))
    edges = sorted(graph.edges, key=lambda e: (at.get(e.src, math.inf), at.get(e.dst, math.inf)))
    return replace(graph, nodes=nodes, edges=edges, direction_given=True)


def _aligned(layout: Layout, previous: Layout) -> Layout:
    out = align_to(layout, previous)
    out.direction = layout.direction
    return out
