"""The threat model as an OWASP Threat Dragon v2 model (JSON), to open and carry on in
Threat Dragon: actors, processes, stores and trust-boundary boxes as cells, flows between
them, and each threat on its element or flow with its STRIDE type, severity, status and
mitigation. The shape follows Threat Dragon's published v2 schema
(td.vue/src/assets/schema/threat-dragon-v2.schema.json) and its demo models.

Positions come from a layout when one is given (id -> x, y, width, height, absolute), else
from a simple grid: a column per trust zone, boundary boxes drawn around what they hold.
"""

from __future__ import annotations

import uuid
from typing import Any

from shared.threats.model import STRIDE_NAMES, Element, Flow, Threat, ThreatModel

VERSION = "2.5.0"
THUMBNAIL = "./public/content/images/thumbnail.stride.jpg"
SHAPES = {"external_entity": "actor", "process": "process", "data_store": "store"}
TYPES = {"external_entity": "tm.Actor", "process": "tm.Process", "data_store": "tm.Store"}
SIZE = {"external_entity": (120.0, 60.0), "process": (140.0, 90.0), "data_store": (160.0, 60.0)}
COLUMN, ROW, MARGIN, PAD = 260.0, 140.0, 60.0, 30.0
STROKE = {"open": "#dc2626", "mitigated": "#333333"}

Box = tuple[float, float, float, float]


def cell_id(key: str) -> str:
    """A stable UUID for an element, a flow or a threat (same diagram -> same ids)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"archdesign:{key}"))


def grid(model: ThreatModel) -> dict[str, Box]:
    """Boxes for every element: a column per innermost zone, boundaries around their contents."""
    columns: dict[str | None, int] = {}
    rows: dict[str | None, int] = {}
    out: dict[str, Box] = {}
    for e in model.elements:
        if e.kind == "trust_boundary":
            continue
        col = columns.setdefault(e.boundary, len(columns))
        row = rows.get(e.boundary, 0)
        rows[e.boundary] = row + 1
        w, h = SIZE[e.kind]
        out[e.id] = (MARGIN + col * COLUMN, MARGIN + 40 + row * ROW, w, h)
    parents = {e.id: e.boundary for e in model.elements}
    boundaries = [e for e in model.elements if e.kind == "trust_boundary"]
    # innermost first, so an outer box can wrap the inner ones
    depth = {b.id: _depth(b.id, parents) for b in boundaries}
    for b in sorted(boundaries, key=lambda b: -depth[b.id]):
        inside = [out[i] for i in out if _within(i, b.id, parents)]
        if not inside:
            out[b.id] = (MARGIN, MARGIN, 200.0, 120.0)
            continue
        x0 = min(x for x, _, _, _ in inside) - PAD
        y0 = min(y for _, y, _, _ in inside) - PAD - 20
        x1 = max(x + w for x, _, w, _ in inside) + PAD
        y1 = max(y + h for _, y, _, h in inside) + PAD
        out[b.id] = (x0, y0, x1 - x0, y1 - y0)
    return out


def _depth(element_id: str, parents: dict[str, str | None]) -> int:
    d, cur = 0, parents.get(element_id)
    while cur is not None and d < 64:
        d, cur = d + 1, parents.get(cur)
    return d


def _within(element_id: str, boundary: str, parents: dict[str, str | None]) -> bool:
    cur = parents.get(element_id)
    while cur is not None:
        if cur == boundary:
            return True
        cur = parents.get(cur)
    return False


def _threat(t: Threat, number: int) -> dict[str, Any]:
    return {
        "id": cell_id(f"threat:{t.id}"),
        "threatId": cell_id(f"threat:{t.id}"),
        "ruleId": t.rule,
        "title": t.title,
        "type": STRIDE_NAMES[t.category],
        "modelType": "STRIDE",
        "status": "Open" if t.status == "open" else "Mitigated",
        "severity": t.severity.capitalize(),
        "score": "",
        "number": number,
        "description": f"{t.description}\n\nIn this diagram: {t.evidence}\n\n"
        f"References: {', '.join(t.references)}",
        "mitigation": t.mitigation,
        "new": False,
    }


def _node(e: Element, box: Box, threats: list[dict[str, Any]], z: int) -> dict[str, Any]:
    x, y, w, h = box
    has_open = any(t["status"] == "Open" for t in threats)
    data: dict[str, Any] = {
        "type": TYPES[e.kind],
        "name": e.label,
        "description": f"{e.id}: {e.reason}",
        "outOfScope": False,
        "reasonOutOfScope": "",
        "hasOpenThreats": has_open,
        "threats": threats,
    }
    if e.kind == "process":
        data.update(
            handlesCardPayment="card" in e.data,
            handlesGoodsOrServices=False,
            isWebApplication=e.kb_kind in ("web_app", "react"),
            privilegeLevel="admin" if "admin" in e.roles else "",
        )
    elif e.kind == "data_store":
        data.update(
            isALog="log" in e.roles,
            storesCredentials=bool(e.data & {"credentials", "pii"}),
            isEncrypted=bool(e.encrypted),
            isSigned=False,
            storesInventory=False,
        )
    else:
        data["providesAuthentication"] = "idp" in e.roles
    return {
        "id": cell_id(f"element:{e.id}"),
        "shape": SHAPES[e.kind],
        "zIndex": z,
        "visible": True,
        "position": {"x": round(x, 2), "y": round(y, 2)},
        "size": {"width": max(round(w, 2), 10.0), "height": max(round(h, 2), 10.0)},
        "attrs": {
            "text": {"text": e.label},
            "body": {
                "stroke": STROKE["open" if has_open else "mitigated"],
                "strokeWidth": 1.5,
                "strokeDasharray": None,
            },
        },
        "data": data,
    }


def _boundary(e: Element, box: Box) -> dict[str, Any]:
    x, y, w, h = box
    return {
        "id": cell_id(f"element:{e.id}"),
        "shape": "trust-boundary-box",
        "zIndex": -1,
        "visible": True,
        "position": {"x": round(x, 2), "y": round(y, 2)},
        "size": {"width": max(round(w, 2), 10.0), "height": max(round(h, 2), 10.0)},
        "attrs": {"label": {"text": e.label}},
        "data": {
            "type": "tm.BoundaryBox",
            "name": e.label,
            "description": e.id,
            "isTrustBoundary": True,
            "hasOpenThreats": False,
        },
    }


def _flow(f: Flow, nth: int, threats: list[dict[str, Any]], z: int) -> dict[str, Any]:
    has_open = any(t["status"] == "Open" for t in threats)
    return {
        "id": cell_id(f"flow:{f.id}"),
        "shape": "flow",
        "zIndex": z,
        "connector": "smooth",
        "attrs": {
            "line": {
                "stroke": STROKE["open" if has_open else "mitigated"],
                "strokeWidth": 1,
                "targetMarker": {"name": "block"},
                "sourceMarker": {"name": "block" if f.bidirectional else ""},
                "strokeDasharray": None,
            }
        },
        "labels": [f.label] if f.label else [],
        "source": {"cell": cell_id(f"element:{f.src}")},
        "target": {"cell": cell_id(f"element:{f.dst}")},
        "vertices": [],
        "data": {
            "type": "tm.Flow",
            "name": f.label,
            "description": f"{f.id}" + (f" (#{nth})" if nth else ""),
            "outOfScope": False,
            "reasonOutOfScope": "",
            "hasOpenThreats": has_open,
            "isBidirectional": f.bidirectional,
            "isEncrypted": bool(f.encrypted),
            "isPublicNetwork": f.crosses_boundary,
            "protocol": f.label,
            "threats": threats,
        },
    }


def to_threat_dragon(
    model: ThreatModel,
    *,
    title: str = "archdesign threat model",
    description: str = "",
    positions: dict[str, Box] | None = None,
) -> dict[str, Any]:
    boxes = grid(model)
    if positions:
        boxes.update({k: v for k, v in positions.items() if k in boxes})
    numbers = {t.id: i + 1 for i, t in enumerate(model.threats)}
    on_element: dict[str, list[dict[str, Any]]] = {}
    on_flow: dict[tuple[str, str, int], list[dict[str, Any]]] = {}
    for t in model.threats:
        item = _threat(t, numbers[t.id])
        if t.flow is None:
            on_element.setdefault(t.element or "", []).append(item)
        else:
            on_flow.setdefault((t.flow[0], t.flow[1], t.flow_nth), []).append(item)
    cells: list[dict[str, Any]] = []
    z = 1
    for e in model.elements:
        if e.kind == "trust_boundary":
            cells.append(_boundary(e, boxes[e.id]))
        else:
            cells.append(_node(e, boxes[e.id], on_element.get(e.id, []), z))
            z += 1
    seen: dict[tuple[str, str], int] = {}
    for f in model.flows:
        nth = seen.get((f.src, f.dst), 0)
        seen[(f.src, f.dst)] = nth + 1
        cells.append(_flow(f, nth, on_flow.get((f.src, f.dst, nth), []), z))
        z += 1
    return {
        "version": VERSION,
        "summary": {
            "title": title,
            "owner": "archdesign",
            "description": description or "Generated by archdesign from a D2 diagram.",
            "id": 0,
        },
        "detail": {
            "contributors": [{"name": "archdesign"}],
            "diagrams": [
                {
                    "id": 0,
                    "title": title,
                    "diagramType": "STRIDE",
                    "placeholder": "New STRIDE diagram description",
                    "thumbnail": THUMBNAIL,
                    "version": VERSION,
                    "description": description,
                    "cells": cells,
                }
            ],
            "diagramTop": 1,
            "reviewer": "",
            "threatTop": len(model.threats),
        },
    }
