"""Which picture: the direction by the diagram's shape, and an edit fitted into the old picture
or laid out afresh.

- A diagram whose D2 names no `direction` (the architect's, unless the user asked for one) is
  laid out both ways, left to right and top to bottom, and the picture kept is the one within
  1:3 to 3:1 (a page, a screen) with the fewest crossings, then the one nearest a landscape
  screen's shape. A given direction is always honoured.
- An edit (`previous` given) is fitted into the old picture (incremental.py) and kept only if
  it scores as well as a fresh layout of the same diagram on the quality metrics: no more
  faults, label collisions or shared segments, no more than 10% more crossings, and a
  readable shape. Otherwise the fresh layout wins (translated onto the old picture): stability
  is never bought with a fault.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace

from .incremental import align_to, incremental
from .labels import place_labels
from .model import Layout, SizedGraph
from .quality import Quality, aspect, aspect_ok, measure

Engine = Callable[[SizedGraph], Layout]

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


def fresh(graph: SizedGraph, engine: Engine) -> Layout:
    """`graph` laid out afresh, edge labels placed; the direction chosen if not given."""
    if graph.direction_given:
        out = place_labels(graph, engine(graph))
        out.direction = graph.direction
        return out
    best: tuple[float, Layout] | None = None
    for direction in DIRECTIONS:
        turned = replace(graph, direction=direction)
        out = place_labels(turned, engine(turned))
        out.direction = direction
        cost = _cost(measure(turned, out), out)
        if best is None or cost < best[0]:
            best = (cost, out)
    assert best is not None
    return best[1]


def as_good(graph: SizedGraph, edited: Layout, afresh: Layout) -> bool:
    """Does the fitted edit score as well as the fresh layout?"""
    qe, qf = measure(graph, edited), measure(graph, afresh)
    return (
        qe.faults <= qf.faults
        and qe.unreadable <= qf.unreadable
        and qe.crossings <= qf.crossings * CROSSING_SLACK
        and (aspect_ok(edited) or not aspect_ok(afresh))
    )


def edit(graph: SizedGraph, previous: Layout, engine: Engine) -> Layout:
    """The layout of an edited diagram whose previous picture is `previous`."""
    # the edit keeps the old picture's direction unless the diagram gives one
    keep = previous.direction if previous.direction in ("right", "down", "left", "up") else ""
    same = graph if graph.direction_given or not keep else replace(graph, direction=keep)
    fitted = incremental(same, previous)
    if fitted is not None:
        fitted = place_labels(same, fitted)
        fitted.direction = same.direction
        if len(graph.nodes) > FRESH_CHECK_MAX_NODES:
            q = measure(same, fitted)
            if q.faults == 0 and q.unreadable == 0 and aspect_ok(fitted):
                return fitted
        else:
            afresh = fresh(graph, engine)
            if as_good(graph, fitted, afresh):
                return fitted
            return _aligned(afresh, previous)
    return _aligned(fresh(graph, engine), previous)


def _aligned(layout: Layout, previous: Layout) -> Layout:
    out = align_to(layout, previous)
    out.direction = layout.direction
    return out
