"""Reverts and pins, the one implementation behind both the HTTP API (`POST
.../versions/{n}/revert`, `PUT .../pins/{node_id}`) and the conversation ("revert to version
2", "undo", "pin the gateway where it is"), which the persistence stage carries out.

A revert makes an older diagram the latest again, as a new version whose parent is the version
it replaces; "undo" reverts to the latest version's parent. A pin from the conversation keeps a
node where the current version draws it (its absolute top-left corner).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from shared.data import repository as repo
from shared.data.models import DiagramVersion, Project
from shared.data.notifications import PendingNotice, record_version_notice


def revert_to(
    db: Session,
    *,
    project: Project,
    source: DiagramVersion,
    user_id: int,
    job_id: str | None = None,
    session_id: str | None = None,
) -> tuple[DiagramVersion, PendingNotice]:
    """A new version holding `source`'s diagram, child of the latest (not committed; push the
    notice after the commit). Keyed by `job_id` when given: a redelivered job makes one."""
    latest = repo.latest_version(db, project_id=project.id)
    new, created = repo.insert_version(
        db,
        project_id=project.id,
        d2=source.d2,
        diagram_state=source.diagram_state,
        svg=source.svg,
        pinned_nodes=list(source.pinned_nodes),
        job_id=job_id,
        parent_version_id=latest.id if latest else None,
        session_id=session_id,
        created_by=user_id,
        summary=f"Reverted to version {source.number}.",
    )
    if not created:
        return new, PendingNotice()
    # the same diagram: the same threat model
    repo.copy_version_threats(db, source_id=source.id, target_id=new.id)
    notice = record_version_notice(
        db,
        project_id=project.id,
        version_id=new.id,
        kind="version_reverted",
        payload={"project_code": project.code, "version_number": new.number, "actor_id": user_id},
    )
    return new, notice


def undo_source(db: Session, *, project_id: int) -> DiagramVersion | None:
    """The version "undo" goes back to: the latest version's parent (the diagram it replaced),
    or None when there is nothing to undo."""
    latest = repo.latest_version(db, project_id=project_id)
    if latest is None or latest.parent_version_id is None:
        return None
    parent = db.get(DiagramVersion, latest.parent_version_id)
    return parent if parent is not None and parent.project_id == project_id else None


def absolute_positions(diagram_state: dict[str, Any]) -> dict[str, tuple[float, float]]:
    """node id -> absolute top-left corner, from a stored React Flow state (children are
    placed relative to their `parentId`)."""
    nodes = {
        str(n["id"]): n
        for n in diagram_state.get("nodes", [])
        if isinstance(n, dict) and "id" in n and isinstance(n.get("position"), dict)
    }
    out: dict[str, tuple[float, float]] = {}

    def place(node_id: str, depth: int = 0) -> tuple[float, float]:
        if node_id in out:
            return out[node_id]
        node = nodes[node_id]
        x, y = float(node["position"]["x"]), float(node["position"]["y"])
        parent = node.get("parentId")
        if parent in nodes and depth < 64:
            px, py = place(str(parent), depth + 1)
            x, y = x + px, y + py
        out[node_id] = (x, y)
        return out[node_id]

    for node_id in nodes:
        place(node_id)
    return out


def _words(text: str) -> str:
    return " ".join(text.lower().replace("_", " ").replace("-", " ").split())


def find_node(diagram_state: dict[str, Any], phrase: str) -> str | None:
    """The node a user's phrase names ("the gateway", "api", "Orders DB"): by id, by label, by
    the id's last part, then by a label or id that contains every word; None when no node or
    more than one fits equally."""
    wanted = _words(phrase.removeprefix("the "))
    candidates: list[tuple[str, str]] = []
    for n in diagram_state.get("nodes", []):
        if not isinstance(n, dict) or "id" not in n:
            continue
        data = n.get("data") if isinstance(n.get("data"), dict) else {}
        label = str((data or {}).get("label") or n["id"])
        candidates.append((str(n["id"]), label))
    rules = (
        lambda nid, label: _words(nid) == wanted,
        lambda nid, label: _words(label) == wanted,
        lambda nid, label: _words(nid.rsplit(".", 1)[-1]) == wanted,
        lambda nid, label: all(w in _words(label) + " " + _words(nid) for w in wanted.split()),
    )
    for rule in rules:
        hits = [nid for nid, label in candidates if rule(nid, label)]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            return None
    return None
