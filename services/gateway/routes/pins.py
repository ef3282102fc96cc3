"""Pins: nodes a user placed by hand (by dragging them in the web app). Stored for the project
and honoured by the layout of every later version (the gateway hands them to the job).

A pin names a node of the project's current version, by its absolute D2 id (``dmz.waf``), and
holds the absolute flow position of the node's top-left corner.
"""

from __future__ import annotations

from fastapi import APIRouter, Response, status
from sqlalchemy.orm import Session

from services.gateway.deps import CurrentUser, DbSession, accessible_project
from services.gateway.schemas import PinIn, PinOut
from services.persistence import repository as repo
from services.persistence.models import Project, ProjectPin
from shared.errors import NotFound, ValidationFailed

router = APIRouter(prefix="/v2/projects/{code}/pins", tags=["pins"])

NODE_ID_MAX_CHARS = 255


def _pin_out(pin: ProjectPin) -> PinOut:
    return PinOut(node_id=pin.node_id, x=pin.x, y=pin.y, updated_at=pin.updated_at)


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


@router.get("", response_model=list[PinOut])
def list_pins(code: str, user: CurrentUser, db: DbSession) -> list[PinOut]:
    """The project's pins, by node id."""
    project = accessible_project(db, user, code)
    return [_pin_out(p) for p in repo.list_pins(db, project_id=project.id)]


@router.put("/{node_id:path}", response_model=PinOut)
def put_pin(code: str, node_id: str, body: PinIn, user: CurrentUser, db: DbSession) -> PinOut:
    """Pin a node of the current version at (x, y); the next layout keeps it there."""
    project = accessible_project(db, user, code)
    _check_node_exists(db, project, _check_node_id(node_id))
    pin = repo.set_pin(
        db, project_id=project.id, node_id=node_id, x=body.x, y=body.y, user_id=user.id
    )
    return _pin_out(pin)


@router.delete("/{node_id:path}", status_code=status.HTTP_204_NO_CONTENT)
def delete_pin(code: str, node_id: str, user: CurrentUser, db: DbSession) -> Response:
    """Unpin a node: the layout places it freely again."""
    project = accessible_project(db, user, code)
    if not repo.delete_pin(db, project_id=project.id, node_id=_check_node_id(node_id)):
        raise NotFound("This node is not pinned.", error_code="PIN_NOT_FOUND")
    return Response(status_code=status.HTTP_204_NO_CONTENT)
