"""A session's stored view: the last view a conversation asked for ("show only the data
tier"), fetched again as JSON (its spec, D2, React Flow state), D2 or SVG.

The persistence stage stores the view with the picture it drew (shared/data: the session's
`view` column), so what these routes serve is what the view answer showed.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from sqlalchemy.orm import Session

from services.gateway.deps import CurrentUser, DbSession, ProjectCode, SessionId
from services.gateway.openapi import errors
from services.gateway.routes.versions import SVG_HEADERS
from services.gateway.schemas import SessionViewOut
from services.gateway.service.projects import accessible_project
from services.gateway.urls import view_svg_url
from services.gateway.validation import check_session_id
from shared.contracts import ViewSpec
from shared.data import repository as repo
from shared.data.models import User
from shared.errors import NotFound

router = APIRouter(
    prefix="/v2/projects/{code}/sessions/{session_id}",
    tags=["views"],
    responses=errors(401, 403, 404, 422),
)


def _stored(db: Session, user: User, code: str, session_id: str) -> tuple[str, dict[str, Any]]:
    project = accessible_project(db, user, code)
    chat = repo.get_session(db, session_id=check_session_id(session_id))
    if chat is None or chat.project_id != project.id:
        raise NotFound("No such session in this project.", error_code="SESSION_NOT_FOUND")
    rendered = (chat.view or {}).get("rendered")
    if not rendered:
        raise NotFound("This session shows no view.", error_code="VIEW_NOT_FOUND")
    return project.code, chat.view or {}


@router.get("/view", response_model=SessionViewOut)
def get_view(
    code: ProjectCode, session_id: SessionId, user: CurrentUser, db: DbSession
) -> SessionViewOut:
    """The session's current view: its spec, the version it shows, its D2 and React Flow state."""
    project_code, stored = _stored(db, user, code, session_id)
    rendered = stored["rendered"]
    return SessionViewOut(
        session_id=session_id.lower(),
        view=ViewSpec.model_validate(stored),
        version_id=rendered.get("version_number"),
        d2=rendered["d2"],
        diagram_state=rendered["diagram_state"],
        svg_url=view_svg_url(project_code, session_id.lower()),
    )


@router.get(
    "/view.d2",
    response_class=Response,
    responses={200: {"content": {"text/vnd.d2": {"schema": {"type": "string"}}}}},
)
def get_view_d2(
    code: ProjectCode, session_id: SessionId, user: CurrentUser, db: DbSession
) -> Response:
    """The session's current view as D2."""
    _, stored = _stored(db, user, code, session_id)
    return Response(stored["rendered"]["d2"], media_type="text/vnd.d2; charset=utf-8")


@router.get(
    "/view.svg",
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {"schema": {"type": "string"}}}}},
)
def get_view_svg(
    code: ProjectCode, session_id: SessionId, user: CurrentUser, db: DbSession
) -> Response:
    """The session's current view rendered as SVG (the picture the view answer showed)."""
    _, stored = _stored(db, user, code, session_id)
    return Response(stored["rendered"]["svg"], media_type="image/svg+xml", headers=SVG_HEADERS)
