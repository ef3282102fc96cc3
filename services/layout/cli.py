"""`archdesign layout`: lay out a D2 file or a plain sized graph from the command line.

    archdesign layout FILE.d2 [--json] [--svg OUT.svg] [--reactflow OUT.json] [--engine E]
                      [--previous LAYOUT.json]
    archdesign layout --graph GRAPH.json [--engine E] [--previous LAYOUT.json]

GRAPH.json is ``{"nodes": [{"id", "w", "h", "parent"}], "edges": [{"id", "src", "dst"}]}``.
``--json`` (implied by --graph) prints ``{"direction", "nodes": [{"id", "x", "y", "w", "h",
"parent"}], "edges": [{"id", "src", "dst", "points": [[x, y], ...]}]}``: absolute, top-left,
containers included, each edge's whole route from border to border. ``--previous`` takes
such an output of an earlier version: a small edit then moves the other nodes as little as
possible.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from services.dsl.d2 import compile_d2, to_graph
from services.dsl.d2.errors import D2Error

from .core import layout_sized
from .model import Box, Layout, SizedEdge, SizedGraph, SizedNode
from .reactflow import to_reactflow
from .sizing import sized_graph
from .svg import render_svg


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="archdesign layout", description=__doc__.splitlines()[0])
    p.add_argument("file", nargs="?", help="a D2 source file")
    p.add_argument("--graph", help="a plain sized graph (JSON) instead of D2")
    p.add_argument("--json", action="store_true", help="print the layout as JSON")
    p.add_argument("--svg", help="write the SVG here")
    p.add_argument("--reactflow", help="write the React Flow JSON here")
    p.add_argument("--engine", choices=["elk", "native"], help="override LAYOUT_ENGINE")
    p.add_argument("--previous", help="the --json output for the previous version (stability)")
    return p


def layout_from_json(data: dict[str, Any]) -> Layout:
    """The `--json` output format read back as a Layout (to pass as `previous`)."""
    nodes = {
        str(n["id"]): Box(
            float(n["x"]), float(n["y"]), float(n["w"]), float(n["h"]), n.get("parent")
        )
        for n in data.get("nodes", [])
    }
    edges = {
        str(e["id"]): [(float(p[0]), float(p[1])) for p in e.get("points", [])]
        for e in data.get("edges", [])
    }
    direction = data.get("direction")
    return Layout(
        nodes=nodes,
        edges=edges,
        engine="previous",
        direction=direction if direction in ("right", "down", "left", "up") else "",
    )


def plain_graph(data: dict[str, Any]) -> SizedGraph:
    nodes = [
        SizedNode(str(n["id"]), float(n.get("w", 100)), float(n.get("h", 48)), n.get("parent"))
        for n in data.get("nodes", [])
    ]
    edges = [SizedEdge(str(e["id"]), str(e["src"]), str(e["dst"])) for e in data.get("edges", [])]
    return SizedGraph(nodes, edges, str(data.get("direction", "right")))


def layout_json(graph: SizedGraph, layout: Layout) -> dict[str, Any]:
    def r(v: float) -> float:
        return round(v, 2)

    return {
        "direction": layout.direction or graph.direction,
        "nodes": [
            {"id": n.id, "x": r(b.x), "y": r(b.y), "w": r(b.w), "h": r(b.h), "parent": n.parent}
            for n in graph.nodes
            if (b := layout.nodes.get(n.id)) is not None
        ],
        "edges": [
            {
                "id": e.id,
                "src": e.src,
                "dst": e.dst,
                "points": [[r(x), r(y)] for x, y in layout.edges.get(e.id, [])],
            }
            for e in graph.edges
        ],
    }


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    if bool(args.file) == bool(args.graph):
        print("archdesign layout: give either FILE.d2 or --graph GRAPH.json", file=sys.stderr)
        return 2
    try:
        previous = None
        if args.previous:
            previous = layout_from_json(json.loads(Path(args.previous).read_text(encoding="utf-8")))
        if args.graph:
            sg = plain_graph(json.loads(Path(args.graph).read_text(encoding="utf-8")))
            layout = layout_sized(sg, engine=args.engine, previous=previous)
            print(json.dumps(layout_json(sg, layout)))
            return 0
        try:
            graph = to_graph(compile_d2(Path(args.file).read_text(encoding="utf-8")))
        except D2Error as err:
            print(f"{args.file}:{err}", file=sys.stderr)
            return 1
    except (OSError, ValueError, KeyError, TypeError) as err:
        print(f"archdesign layout: {err}", file=sys.stderr)
        return 1
    sg = sized_graph(graph)
    layout = layout_sized(sg, engine=args.engine, previous=previous)
    if args.svg:
        Path(args.svg).write_text(render_svg(graph, layout), encoding="utf-8")
    if args.reactflow:
        Path(args.reactflow).write_text(json.dumps(to_reactflow(graph, layout)), encoding="utf-8")
    if args.json or not (args.svg or args.reactflow):
        print(json.dumps(layout_json(sg, layout)))
    return 0
