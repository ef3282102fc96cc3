"""Pins: nodes a user placed by hand; the layout of every later version keeps them there."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from services.gateway.deps import CurrentUser, DbSession, ProjectCode
from services.gateway.openapi import errors
from services.gateway.schemas import PinIn, PinOut
from services.gateway.service import pins
from shared.data.models import ProjectPin

router = APIRouter(
    prefix="/v2/projects/{code}/pins", tags=["pins"], responses=errors(401, 403, 404, 422)
)


def _pin_out(pin: ProjectPin) -> PinOut:
    return PinOut.model_validate(pin)


@router.get("", response_model=list[PinOut])
def list_pins(code: ProjectCode, user: CurrentUser, db: DbSession) -> list[PinOut]:
    """The project's pins, by node id."""
    return [_pin_out(p) for p in pins.list_all(db, user=user, code=code)]


@router.put("/{node_id:path}", response_model=PinOut)
def put_pin(
    code: ProjectCode, node_id: str, body: PinIn, user: CurrentUser, db: DbSession
) -> PinOut:
    """Pin a node of the current version at (x, y); the next layout keeps it there."""
    return _pin_out(pins.place(db, user=user, code=code, node_id=node_id, x=body.x, y=body.y))


@router.delete("/{node_id:path}", status_code=status.HTTP_204_NO_CONTENT)
def delete_pin(code: ProjectCode, node_id: str, user: CurrentUser, db: DbSession) -> Response:
    """Unpin a node: the layout places it freely again."""
    pins.remove(db, user=user, code=code, node_id=node_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
