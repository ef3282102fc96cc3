"""ELK layered (elkjs) in a warm Node process: the default engine.

The graph goes to ``elk_server.js`` as ELK JSON with hierarchy handling INCLUDE_CHILDREN (one
layered run over the whole nesting, so cross-container edges are routed by the engine) and
orthogonal edge routing; coordinates come back absolute (``elk.json.*Coords = ROOT``).
Ids are replaced by short opaque ones before leaving Python, so user text never reaches the
engine.
"""

from __future__ import annotations

import atexit
import os
import shutil
import threading
from pathlib import Path
from typing import Any

from shared.settings import layout_settings
from shared.stylepack import TRUST_ZONES

from .model import Box, LabelBox, Layout, SizedGraph
from .nodeproc import EngineError, NodeProcess
from .samples import sample_sized
from .sizing import CONTAINER_PAD_SIDE, CONTAINER_PAD_TOP

_SERVER = Path(__file__).with_name("elk_server.js")
_DIRECTIONS = {"right": "RIGHT", "down": "DOWN", "left": "LEFT", "up": "UP"}

#: spacing, on the root and on every container: ELK reads a container's spacing from the
#: container itself, not from the root, even with INCLUDE_CHILDREN (measured: 20 px between
#: layers inside a zone, ELK's default, with 50 set on the root only)
SPACING: dict[str, str] = {
    "elk.spacing.nodeNode": "30",
    "elk.layered.spacing.nodeNodeBetweenLayers": "50",
    "elk.spacing.edgeNode": "16",
    "elk.spacing.edgeEdge": "10",
    "elk.layered.spacing.edgeNodeBetweenLayers": "16",
}

ROOT_OPTIONS: dict[str, str] = {
    "elk.algorithm": "layered",
    "elk.hierarchyHandling": "INCLUDE_CHILDREN",
    "elk.edgeRouting": "ORTHOGONAL",
    "elk.json.shapeCoords": "ROOT",
    "elk.json.edgeCoords": "ROOT",
    **SPACING,
    "elk.spacing.componentComponent": "40",
    # Model-order and interactive options were measured for stability and do not keep a
    # 100-leaf diagram steady under INCLUDE_CHILDREN; the previous layout is honoured by
    # incremental.py instead. See docs/layout.md, "Stability and pins".
    "elk.edgeLabels.inline": "false",
    "elk.layered.edgeLabels.sideSelection": "SMART_DOWN",
}


def _project_root() -> Path:
    return Path(__file__).resolve().parents[2]


def node_modules_dir() -> Path:
    configured = layout_settings().node_modules
    return Path(configured) if configured else _project_root() / "node_modules"


def available() -> bool:
    """Node is on PATH and elkjs is installed."""
    node = shutil.which(layout_settings().node_binary)
    return node is not None and (node_modules_dir() / "elkjs" / "lib" / "elk.bundled.js").exists()


_engine_lock = threading.Lock()
_engine: NodeProcess | None = None


def engine() -> NodeProcess:
    """The process-wide ELK server (created lazily; NodeProcess restarts it when needed)."""
    global _engine
    with _engine_lock:
        if _engine is None:
            _engine = new_engine(layout_settings().engine_warmup_layouts)
            atexit.register(_engine.close)
        return _engine


def new_engine(warmup_layouts: int, *, greeting: dict[str, Any] | None = None) -> NodeProcess:
    """An ELK server process (not started) that runs `warmup_layouts` while idle (or is sent
    `greeting` instead of the warm-up message)."""
    s = layout_settings()
    return NodeProcess(
        [s.node_binary, f"--max-old-space-size={s.node_max_old_space_mb}", str(_SERVER)],
        env=dict(os.environ, NODE_PATH=str(node_modules_dir())),
        cwd=str(_project_root()),
        greeting=greeting or _warmup_message(warmup_layouts),
    )


# Sample diagrams of the sizes the architect and users mostly make (samples.py), laid out by
# the engine while idle after each start: V8 optimises ELK only after a few hundred layouts.
_WARMUP_LEAVES = (6, 10, 14, 20, 30)


def _warmup_message(rounds: int) -> dict[str, Any] | None:
    if rounds <= 0:
        return None
    graphs = [to_elk_json(sample_sized(n, seed=seed))[0] for n in _WARMUP_LEAVES for seed in (1, 2)]
    return {"warmup": graphs, "rounds": rounds}


def to_elk_json(graph: SizedGraph) -> tuple[dict[str, Any], dict[str, str], dict[str, str]]:
    """ELK JSON for `graph`, plus maps from the opaque ELK ids back to node and edge ids."""
    containers = graph.containers()
    node_ids = {n.id: f"n{i}" for i, n in enumerate(graph.nodes)}
    elk_nodes: dict[str, dict[str, Any]] = {}
    root: dict[str, Any] = {
        "id": "root",
        "layoutOptions": dict(ROOT_OPTIONS, **{"elk.direction": _DIRECTIONS[graph.direction]}),
        "children": [],
        "edges": [],
    }
    for n in graph.nodes:
        item: dict[str, Any] = {"id": node_ids[n.id]}
        if n.id in containers:
            item["children"] = []
            item["layoutOptions"] = {
                "elk.padding": (
                    f"[top={CONTAINER_PAD_TOP},left={CONTAINER_PAD_SIDE},"
                    f"bottom={CONTAINER_PAD_SIDE},right={CONTAINER_PAD_SIDE}]"
                ),
                **SPACING,
                "elk.nodeSize.constraints": "MINIMUM_SIZE",
                "elk.nodeSize.minimum": f"({n.w}, {n.h})",
            }
        else:
            item["width"] = n.w
            item["height"] = n.h
        elk_nodes[n.id] = item
    for n in graph.nodes:  # parents may come after their children in the input
        holder = elk_nodes[n.parent]["children"] if n.parent in elk_nodes else root["children"]
        holder.append(elk_nodes[n.id])
    _zones_in_flow_order(graph, elk_nodes, root)
    # ELK gives edge labels a layer of their own between two layers of nodes. Across the flow
    # (left to right) a label is wider than the gap between layers and needs that room; down
    # the flow, a label is shorter than the gap and sits on its edge there (labels.py), and a
    # layer of its own would double the picture's height (measured: 1069 vs 784 px for a
    # seven-node chain through four zones).
    across = graph.direction in ("right", "left")
    edge_ids: dict[str, str] = {}
    for i, e in enumerate(graph.edges):
        if e.src not in node_ids or e.dst not in node_ids:
            continue
        eid = f"e{i}"
        edge_ids[eid] = e.id
        item = {"id": eid, "sources": [node_ids[e.src]], "targets": [node_ids[e.dst]]}
        if e.label_w > 0 and across:
            item["labels"] = [{"text": "_", "width": e.label_w, "height": e.label_h}]
        root["edges"].append(item)
    back = {v: k for k, v in node_ids.items()}
    return root, back, edge_ids


#: an edit laid out afresh but guided by the old picture: the input comes in the old picture's
#: order, and ELK keeps that order where it costs no crossings (see choose.py)
FOLLOW_ORDER: dict[str, str] = {"elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES"}


def _zones_in_flow_order(
    graph: SizedGraph, elk_nodes: dict[str, dict[str, Any]], root: dict[str, Any]
) -> None:
    """The style pack's trust zones, when the diagram has them, come in flow order (internet,
    DMZ, private network, data tier) along the direction: each zone's content is an ELK
    partition, laid out in the partitions' order. Without it ELK orders zones by the edges,
    and a pipeline that goes back and forth between two zones put the data tier first."""
    zones = [z for z in TRUST_ZONES if z in graph.containers()]
    if not zones:
        return
    root["layoutOptions"]["elk.partitioning.activate"] = "true"
    parents = {n.id: n.parent for n in graph.nodes}
    for n in graph.nodes:
        top, depth = n.id, 0
        while (up := parents.get(top)) is not None and depth < 64:
            top, depth = up, depth + 1
        if top in zones:
            options = elk_nodes[n.id].setdefault("layoutOptions", {})
            options["elk.partitioning.partition"] = str(TRUST_ZONES.index(top))


#: a long chain without containers, too wide in a row and too tall in a column, wrapped into
#: rows like text (ELK's graph wrapping; with containers it routes through them, so it is
#: only asked for flat graphs)
WRAP: dict[str, str] = {"elk.layered.wrapping.strategy": "MULTI_EDGE", "elk.aspectRatio": "1.4"}


def layout_elk(graph: SizedGraph, *, follow_order: bool = False, wrap: bool = False) -> Layout:
    elk_graph, node_back, edge_back = to_elk_json(graph)
    if follow_order:
        elk_graph["layoutOptions"].update(FOLLOW_ORDER)
    if wrap:
        elk_graph["layoutOptions"].update(WRAP)
    reply = engine().request({"graph": elk_graph}, timeout=layout_settings().timeout_seconds)
    if not reply.get("ok"):
        raise EngineError(f"ELK failed: {reply.get('error', 'unknown error')}")
    parents = {n.id: n.parent for n in graph.nodes}
    nodes: dict[str, Box] = {}
    for eid, (x, y, w, h) in reply["nodes"].items():
        nid = node_back[eid]
        nodes[nid] = Box(float(x), float(y), float(w), float(h), parents[nid])
    edges: dict[str, list[tuple[float, float]]] = {}
    labels: dict[str, LabelBox] = {}
    for eid, data in reply["edges"].items():
        edges[edge_back[eid]] = [(float(p[0]), float(p[1])) for p in data["points"]]
        if data["labels"]:
            x, y, w, h = data["labels"][0]
            labels[edge_back[eid]] = LabelBox(float(x), float(y), float(w), float(h))
    return Layout(
        nodes=nodes,
        edges=edges,
        edge_labels=labels,
        engine="elk",
        width=float(reply.get("width") or 0.0),
        height=float(reply.get("height") or 0.0),
    )
