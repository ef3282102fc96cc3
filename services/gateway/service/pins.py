"""Pins: nodes a user placed by hand (by dragging them in the web app). Stored for the project
and honoured by the layout of every later version (design.prepare hands them to the job).

A pin names a node of the project's current version, by its absolute D2 id (``dmz.waf``), and
holds the absolute flow position of the node's top-left corner.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from services.gateway.service.projects import accessible_project
from shared.data import repository as repo
from shared.data.models import Project, ProjectPin, User
from shared.errors import NotFound, ValidationFailed

NODE_ID_MAX_CHARS = 255


def _check_node_id(node_id: str) -> str:
    if not node_id or len(node_id) > NODE_ID_MAX_CHARS or not node_id.isprintable():
        raise ValidationFailed(
            f"A node id is 1 to {NODE_ID_MAX_CHARS} printable characters.",
            error_code="NODE_ID_INVALID",
        )
    return node_id


def _check_node_exists(db: Session, project: Project, node_id: str) -> None:
    latest = repo.latest_version(db, project_id=project.id)
    if latest is None:
        raise NotFound("The project has no diagram yet.", error_code="VERSION_NOT_FOUND")
    ids = {n.get("id") for n in latest.diagram_state.get("nodes", []) if isinstance(n, dict)}
    if node_id not in ids:
        raise NotFound(
            "No such node in the current version.",
            error_code="NODE_NOT_FOUND",
            details={"node_id": node_id, "version": latest.number},
        )


def list_all(db: Session, *, user: User, code: str) -> list[ProjectPin]:
    """The project's pins, by node id."""
    project = accessible_project(db, user, code)
    return repo.list_pins(db, project_id=project.id)


def place(db: Session, *, user: User, code: str, node_id: str, x: float, y: float) -> ProjectPin:
    """Pin a node of the current version at (x, y); the last drop wins."""
    project = accessible_project(db, user, code)
    _check_node_exists(db, project, _check_node_id(node_id))
    return repo.set_pin(db, project_id=project.id, node_id=node_id, x=x, y=y, user_id=user.id)


def remove(db: Session, *, user: User, code: str, node_id: str) -> None:
    """Unpin a node (404 when it is not pinned)."""
    project = accessible_project(db, user, code)
    if not repo.delete_pin(db, project_id=project.id, node_id=_check_node_id(node_id)):
        raise NotFound("This node is not pinned.", error_code="PIN_NOT_FOUND")
