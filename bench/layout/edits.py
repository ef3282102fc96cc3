"""The picture after every edit: replayed conversations, every version scored.

    .venv/bin/python -m bench.layout.edits [--engine elk|native] [--out FILE.json]

Each conversation of `conversations.py` (a create and six or more edits, through the built-in
architect's own paths) is laid out version by version as the pipeline does it: the first
afresh, each edit from the previous version's stored React Flow JSON (`previous=`). Every
version is scored (services/layout/quality.py) and compared with a fresh layout of the same
diagram:

- faults: overlaps, nodes outside their container, detached edges, edges through boxes or
  through containers that hold neither end — bar 0;
- label collisions (edge label over a box, another label or a container's title) and shared
  segments (two edges along the same line) — bar 0;
- crossings — bar: no more than the fresh layout's + 10%; edges pointing back against the
  flow, reported with the fresh layout's;
- the unchanged nodes' mean move from the previous version (px) — kept small, reported;
- aspect ratio (width / height) — bar: within 1:3 to 3:1;
- zone order: the trust zones present (internet, DMZ, private network, data tier) follow
  each other in that order along the flow — bar: every version;
- CPU per layout (ms), with `previous` and afresh.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from services.layout import elk, layout_from_reactflow, sized_graph, to_reactflow
from services.layout.core import layout_sized
from services.layout.model import Layout, SizedGraph
from services.layout.quality import ASPECT_MAX, ASPECT_MIN, aspect, mean_displacement, measure
from shared.contracts import DiagramGraph

from .conversations import CONVERSATIONS, Version, replay

CROSSING_SLACK = 1.10  # an edited picture may cross no more than a fresh one + 10%


@dataclass
class LaidOut:
    version: Version
    graph: SizedGraph
    layout: Layout  # as the pipeline makes it (from the previous version when there is one)
    fresh: Layout  # the same diagram laid out afresh
    cpu_ms: float
    fresh_cpu_ms: float


def _cpu() -> float:
    """This process + the ELK server's own CPU per request (it reports it)."""
    return time.process_time() + elk.engine().child_cpu_seconds


def lay_out(versions: list[Version], engine: str | None = None) -> list[LaidOut]:
    """Every version laid out as the layout stage does, plus afresh for comparison."""
    out: list[LaidOut] = []
    stored: dict[str, Any] | None = None
    for v in versions:
        sg = sized_graph(v.graph)
        previous = layout_from_reactflow(stored) if stored is not None else None
        t0 = _cpu()
        layout = layout_sized(sg, engine=engine, previous=previous)
        t1 = _cpu()
        fresh = layout_sized(sg, engine=engine)
        t2 = _cpu()
        stored = to_reactflow(v.graph, layout)
        out.append(LaidOut(v, sg, layout, fresh, (t1 - t0) * 1000, (t2 - t1) * 1000))
    return out


def unchanged(before: DiagramGraph, after: DiagramGraph) -> set[str]:
    """Nodes of both versions with the same label, shape and parent."""
    old = {n.id: (n.label, n.shape, n.parent) for n in before.nodes}
    return {n.id for n in after.nodes if old.get(n.id) == (n.label, n.shape, n.parent)}


ZONE_FLOW = ("internet", "dmz", "private", "data")


def zones_in_order(graph: DiagramGraph, layout: Layout) -> bool:
    """Do the zones present start in flow order along the picture's direction?"""
    axis = 1 if layout.direction in ("down", "up") else 0
    sign = -1 if layout.direction in ("left", "up") else 1
    starts = [
        sign * layout.nodes[z].center[axis]
        for z in ZONE_FLOW
        if z in layout.nodes and any(n.parent == z for n in graph.nodes)
    ]
    return all(a <= b for a, b in pairwise(starts))


def score(laid: list[LaidOut]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for i, lo in enumerate(laid):
        q = measure(lo.graph, lo.layout)
        qf = measure(lo.graph, lo.fresh)
        move = None
        if i > 0:
            prev = laid[i - 1]
            same = unchanged(prev.version.graph, lo.version.graph)
            ignore = set(lo.layout.nodes) - same
            move = round(mean_displacement(prev.layout, lo.layout, ignore=ignore), 1)
        a = aspect(lo.layout)
        x0, y0, x1, y1 = lo.layout.bounds()
        rows.append(
            {
                "version": i + 1,
                "query": lo.version.query,
                "nodes": len(lo.graph.nodes),
                "edges": len(lo.graph.edges),
                "engine": lo.layout.engine,
                "direction": lo.layout.direction,
                "size": [round(x1 - x0), round(y1 - y0)],
                "aspect": round(a, 2),
                "aspect_ok": ASPECT_MIN <= a <= ASPECT_MAX,
                "zones_in_order": zones_in_order(lo.version.graph, lo.layout),
                "faults": q.faults,
                "label_collisions": q.label_collisions,
                "shared_segments": q.shared_segments,
                "crossings": q.crossings,
                "fresh_crossings": qf.crossings,
                "crossings_ok": q.crossings <= qf.crossings * CROSSING_SLACK,
                "against_flow": q.against_flow,
                "fresh_against_flow": qf.against_flow,
                "unchanged_mean_move_px": move,
                "cpu_ms": round(lo.cpu_ms, 1),
                "fresh_cpu_ms": round(lo.fresh_cpu_ms, 1),
                "detail": q.as_dict(),
            }
        )
    return rows


def summary(results: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    rows = [r for rs in results.values() for r in rs]
    moves = [r["unchanged_mean_move_px"] for r in rows if r["unchanged_mean_move_px"] is not None]
    aspects = [r["aspect"] for r in rows]
    return {
        "conversations": len(results),
        "versions": len(rows),
        "faults": sum(r["faults"] for r in rows),
        "label_collisions": sum(r["label_collisions"] for r in rows),
        "shared_segments": sum(r["shared_segments"] for r in rows),
        "crossings_over_bar": sum(1 for r in rows if not r["crossings_ok"]),
        "crossings": sum(r["crossings"] for r in rows),
        "fresh_crossings": sum(r["fresh_crossings"] for r in rows),
        "against_flow": sum(r["against_flow"] for r in rows),
        "fresh_against_flow": sum(r["fresh_against_flow"] for r in rows),
        "aspect_out_of_range": sum(1 for r in rows if not r["aspect_ok"]),
        "zones_out_of_order": sum(1 for r in rows if not r["zones_in_order"]),
        "aspect_min": min(aspects),
        "aspect_max": max(aspects),
        "unchanged_mean_move_px": round(statistics.mean(moves), 1),
        "unchanged_worst_move_px": max(moves),
        "edits_kept_incremental": sum(1 for r in rows if r["engine"] == "incremental"),
        "edits": len(moves),
        "cpu_ms_median": round(statistics.median(r["cpu_ms"] for r in rows), 1),
        "fresh_cpu_ms_median": round(statistics.median(r["fresh_cpu_ms"] for r in rows), 1),
    }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--engine", choices=["elk", "native"], default=None)
    p.add_argument("--only", nargs="*", default=list(CONVERSATIONS))
    p.add_argument("--out", default="bench/layout/edits.json")
    args = p.parse_args()
    results: dict[str, list[dict[str, Any]]] = {}
    for name in args.only:
        rows = score(lay_out(replay(CONVERSATIONS[name]), args.engine))
        results[name] = rows
        for r in rows:
            short = {k: v for k, v in r.items() if k not in ("query", "detail")}
            print(json.dumps({"conversation": name, **short}), flush=True)
    total = summary(results)
    print(json.dumps(total), flush=True)
    Path(args.out).write_text(json.dumps({"summary": total, "conversations": results}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
