"""Reference engines for the layout benchmark, each returning a Layout judged by quality.py.

- ``elk_reference``: elkjs layered exactly as the issue names it — INCLUDE_CHILDREN,
  orthogonal routing, ELK's default spacing — through the same warm Node server as ours.
- ``dot``: Graphviz ``dot`` (clusters for containers, fixed node sizes), its spline edges
  sampled into polylines from the ``-Tjson`` output; a subprocess per layout (that is how dot
  runs), so its CPU time is the child's.
"""

from __future__ import annotations

import json
import re
import subprocess
from typing import Any

from services.layout import elk
from services.layout.model import Box, Layout, Point, SizedGraph
from services.layout.nodeproc import EngineError
from shared.settings import layout_settings

REFERENCE_OPTIONS = {
    "elk.algorithm": "layered",
    "elk.hierarchyHandling": "INCLUDE_CHILDREN",
    "elk.edgeRouting": "ORTHOGONAL",
    "elk.direction": "RIGHT",
    "elk.json.shapeCoords": "ROOT",
    "elk.json.edgeCoords": "ROOT",
}


def elk_reference(graph: SizedGraph) -> Layout:
    elk_graph, node_back, edge_back = elk.to_elk_json(graph)
    elk_graph["layoutOptions"] = dict(REFERENCE_OPTIONS)

    def strip(n: dict[str, Any]) -> None:  # ELK's default padding on containers too
        n.pop("layoutOptions", None)
        for c in n.get("children", []):
            strip(c)

    for c in elk_graph["children"]:
        strip(c)
    reply = elk.engine().request({"graph": elk_graph}, timeout=layout_settings().timeout_seconds)
    if not reply.get("ok"):
        raise EngineError(str(reply.get("error")))
    parents = {n.id: n.parent for n in graph.nodes}
    nodes = {
        node_back[k]: Box(float(x), float(y), float(w), float(h), parents[node_back[k]])
        for k, (x, y, w, h) in reply["nodes"].items()
    }
    edges = {
        edge_back[k]: [(float(p[0]), float(p[1])) for p in v["points"]]
        for k, v in reply["edges"].items()
    }
    return Layout(nodes, edges, engine="elk-reference")


def _q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(graph: SizedGraph) -> tuple[str, dict[str, str]]:
    containers = graph.containers()
    children: dict[str | None, list[str]] = {}
    for n in graph.nodes:
        children.setdefault(n.parent, []).append(n.id)
    size = {n.id: (n.w, n.h) for n in graph.nodes}
    cluster_of: dict[str, str] = {}
    lines = [
        "digraph G {",
        f"rankdir={'LR' if graph.direction in ('right', 'left') else 'TB'};",
        'node [shape=box, fixedsize=true, label=""];',
    ]

    def emit(parent: str | None, indent: str) -> None:
        for cid in children.get(parent, []):
            if cid in containers:
                name = f"cluster_{len(cluster_of)}"
                cluster_of[name] = cid
                lines.append(f'{indent}subgraph {name} {{ label="container";')
                emit(cid, indent + "  ")
                lines.append(f"{indent}}}")
            else:
                w, h = size[cid]
                lines.append(f"{indent}{_q(cid)} [width={w / 72:.4f}, height={h / 72:.4f}];")

    emit(None, "")
    for i, e in enumerate(graph.edges):
        if e.src in containers or e.dst in containers:
            continue  # dot cannot connect clusters directly; the sample graphs have none
        lines.append(f"{_q(e.src)} -> {_q(e.dst)} [id=e{i}];")
    lines.append("}")
    return "\n".join(lines), cluster_of


def _bezier(ctrl: list[Point], steps: int = 8) -> list[Point]:
    out = [ctrl[0]]
    for k in range(0, len(ctrl) - 3, 3):
        p0, p1, p2, p3 = ctrl[k : k + 4]
        for s in range(1, steps + 1):
            t = s / steps
            a, b, c, d = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t**3
            out.append(
                (
                    a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0],
                    a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1],
                )
            )
    return out


def dot(graph: SizedGraph) -> Layout:
    text, cluster_of = to_dot(graph)
    out = subprocess.run(
        ["dot", "-Tjson"], input=text.encode(), capture_output=True, check=True, timeout=600
    )
    data = json.loads(out.stdout)
    height = float(data["bb"].split(",")[3])
    parents = {n.id: n.parent for n in graph.nodes}
    nodes: dict[str, Box] = {}
    for obj in data.get("objects", []):
        name = obj.get("name", "")
        if name in cluster_of:
            x0, y0, x1, y1 = (float(v) for v in obj["bb"].split(","))
            cid = cluster_of[name]
            nodes[cid] = Box(x0, height - y1, x1 - x0, y1 - y0, parents[cid])
        elif "pos" in obj and name in parents:
            cx, cy = (float(v) for v in obj["pos"].split(","))
            w, h = float(obj["width"]) * 72, float(obj["height"]) * 72
            nodes[name] = Box(cx - w / 2, height - cy - h / 2, w, h, parents[name])
    ids = {f"e{i}": e.id for i, e in enumerate(graph.edges)}
    edges: dict[str, list[Point]] = {}
    for e in data.get("edges", []):
        pos = e.get("pos", "")
        end: Point | None = None
        start: Point | None = None
        ctrl: list[Point] = []
        for tok in pos.split():
            m = re.match(r"^([se]),(.*)$", tok)
            if m:
                x, y = (float(v) for v in m.group(2).split(","))
                if m.group(1) == "e":
                    end = (x, height - y)
                else:
                    start = (x, height - y)
                continue
            x, y = (float(v) for v in tok.split(","))
            ctrl.append((x, height - y))
        pts = _bezier(ctrl) if len(ctrl) >= 4 else ctrl
        if start:
            pts = [start, *pts]
        if end:
            pts = [*pts, end]  # the arrow tip, on the target's border
        edges[ids[e["id"]]] = pts
    return Layout(nodes, edges, engine="dot")
