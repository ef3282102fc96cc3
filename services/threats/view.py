"""The ``threats`` view: elements and flows coloured by their worst open threat, with counts as
badges — on the React Flow JSON (``data.threats`` on each node and edge, plus a style) and on
the diagram graph layout draws (a ``threat`` mark on each shape and connection, stroke and
fill; layout puts the mark in ``data.threat`` and draws the count as a badge in the SVG)."""

from __future__ import annotations

import copy
from typing import Any

from services.threats.model import SEVERITIES, Threat, ThreatModel, severity_rank
from shared.contracts import DiagramGraph, ThreatMark

#: worst open severity -> (stroke, fill); "none" when nothing is open
COLOURS: dict[str, tuple[str, str]] = {
    "critical": ("#7f1d1d", "#fecaca"),
    "high": ("#dc2626", "#fee2e2"),
    "medium": ("#d97706", "#fef3c7"),
    "low": ("#2563eb", "#dbeafe"),
    "none": ("#16a34a", "#dcfce7"),
}


def summarise(threats: list[Threat]) -> dict[str, Any]:
    """Worst open severity (None when none is open), open counts by severity, mitigated count."""
    counts = {s: 0 for s in SEVERITIES}
    mitigated = 0
    for t in threats:
        if t.status == "open":
            counts[t.severity] += 1
        else:
            mitigated += 1
    opened = sum(counts.values())
    worst = max(
        (t.severity for t in threats if t.status == "open"), key=severity_rank, default=None
    )
    return {
        "worst": worst,
        "open": opened,
        "mitigated": mitigated,
        "counts": counts,
        "badge": str(opened) if opened else "",
        "ids": [t.id for t in threats if t.status == "open"],
    }


def by_target(model: ThreatModel) -> tuple[dict[str, list[Threat]], dict[str, list[Threat]]]:
    """Threats per element id and per flow (by the D2 connection id the flow came from)."""
    flow_ids: dict[tuple[str, str, int], str] = {}
    seen: dict[tuple[str, str], int] = {}
    for f in model.flows:
        nth = seen.get((f.src, f.dst), 0)
        seen[(f.src, f.dst)] = nth + 1
        flow_ids[(f.src, f.dst, nth)] = f.id
    elements: dict[str, list[Threat]] = {}
    flows: dict[str, list[Threat]] = {}
    for t in model.threats:
        if t.flow is None:
            elements.setdefault(t.element or "", []).append(t)
        else:
            fid = flow_ids.get((t.flow[0], t.flow[1], t.flow_nth))
            if fid is not None:
                flows.setdefault(fid, []).append(t)
    return elements, flows


def annotate_reactflow(state: dict[str, Any], model: ThreatModel) -> dict[str, Any]:
    """A copy of a React Flow graph (as services/layout/reactflow.py writes it) with
    ``data.threats`` and a severity colour on every node and edge the model knows."""
    out = copy.deepcopy(state)
    on_element, on_flow = by_target(model)
    for node in out.get("nodes", []):
        if not isinstance(node, dict) or node.get("type") == "group":
            continue
        info = summarise(on_element.get(str(node.get("id")), []))
        stroke, fill = COLOURS[info["worst"] or "none"]
        node.setdefault("data", {})["threats"] = info
        node["style"] = {**node.get("style", {}), "borderColor": stroke, "background": fill}
    for edge in out.get("edges", []):
        if not isinstance(edge, dict):
            continue
        info = summarise(on_flow.get(str(edge.get("id")), []))
        edge.setdefault("data", {})["threats"] = info
        if info["worst"] is not None:
            edge["style"] = {**edge.get("style", {}), "stroke": COLOURS[info["worst"]][0]}
    return out


def mark(info: dict[str, Any]) -> ThreatMark:
    """A summary (:func:`summarise`) as the graph's mark, which layout carries into the React
    Flow JSON (``data.threat``) and the SVG (colours, a count badge)."""
    return ThreatMark(
        severity=info["worst"], open_count=info["open"], mitigated_count=info["mitigated"]
    )


def threat_graph(graph: DiagramGraph, model: ThreatModel) -> DiagramGraph:
    """The graph of the ``threats`` view: every shape and connection marked with its worst
    open severity and counts, and coloured by it (stroke and fill; a connection with nothing
    open keeps its colour). Containers are left as they are; labels are unchanged (the count
    is drawn as a badge)."""
    on_element, on_flow = by_target(model)
    nodes = []
    for n in graph.nodes:
        if n.is_container:
            nodes.append(n)
            continue
        info = summarise(on_element.get(n.id, []))
        stroke, fill = COLOURS[info["worst"] or "none"]
        nodes.append(
            n.model_copy(
                update={"threat": mark(info), "style": {**n.style, "stroke": stroke, "fill": fill}}
            )
        )
    edges = []
    for e in graph.edges:
        info = summarise(on_flow.get(e.id, []))
        style = (
            e.style if info["worst"] is None else {**e.style, "stroke": COLOURS[info["worst"]][0]}
        )
        edges.append(e.model_copy(update={"threat": mark(info), "style": style}))
    return graph.model_copy(update={"nodes": nodes, "edges": edges})
