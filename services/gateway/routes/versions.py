"""Versions of a project's diagram: list, get (JSON, .d2, .svg), diff, revert; and history."""

from __future__ import annotations

import difflib
from typing import Any

from fastapi import APIRouter, Response, status
from sqlalchemy.orm import Session

from services.gateway.deps import CurrentUser, DbSession, accessible_project
from services.gateway.schemas import DiffOut, MessageOut, VersionOut, VersionSummary
from services.persistence import repository as repo
from services.persistence.models import DiagramVersion, Project
from services.persistence.notifications import record_version_notice
from services.persistence.stage import svg_url
from shared.errors import NotFound

router = APIRouter(prefix="/v2/projects/{code}", tags=["versions"])

SVG_HEADERS = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"}


def _summary(v: DiagramVersion) -> VersionSummary:
    return VersionSummary(
        number=v.number,
        version_id=v.id,
        parent_version_id=v.parent_version_id,
        job_id=v.job_id,
        summary=v.summary,
        created_at=v.created_at,
    )


def _version(db: Session, project: Project, number: int) -> DiagramVersion:
    version = repo.get_version(db, project_id=project.id, number=number)
    if version is None:
        raise NotFound(f"Version {number} does not exist.", error_code="VERSION_NOT_FOUND")
    return version


@router.get("/versions", response_model=list[VersionSummary])
def list_versions(code: str, user: CurrentUser, db: DbSession) -> list[VersionSummary]:
    """Every version of the project, oldest first."""
    project = accessible_project(db, user, code)
    return [_summary(v) for v in repo.list_versions(db, project_id=project.id)]


@router.get("/versions/{number}.d2")
def get_version_d2(code: str, number: int, user: CurrentUser, db: DbSession) -> Response:
    """The version's D2 source."""
    version = _version(db, accessible_project(db, user, code), number)
    return Response(version.d2, media_type="text/vnd.d2; charset=utf-8")


@router.get("/versions/{number}.svg")
def get_version_svg(code: str, number: int, user: CurrentUser, db: DbSession) -> Response:
    """The version rendered as SVG (served with a CSP that forbids scripts)."""
    version = _version(db, accessible_project(db, user, code), number)
    return Response(version.svg, media_type="image/svg+xml", headers=SVG_HEADERS)


@router.get("/versions/{number}", response_model=VersionOut)
def get_version(code: str, number: int, user: CurrentUser, db: DbSession) -> VersionOut:
    """One version: D2, React Flow diagram state and pinned nodes."""
    project = accessible_project(db, user, code)
    v = _version(db, project, number)
    return VersionOut(
        **_summary(v).model_dump(),
        d2=v.d2,
        diagram_state=v.diagram_state,
        pinned_nodes=list(v.pinned_nodes),
        svg_url=svg_url(project.code, v.number),
    )


def _ids(state: dict[str, Any], key: str) -> set[str]:
    items: list[Any] = state.get(key) or []
    return {str(i["id"]) for i in items if isinstance(i, dict) and "id" in i}


@router.get("/versions/{a}/diff/{b}", response_model=DiffOut)
def diff_versions(code: str, a: int, b: int, user: CurrentUser, db: DbSession) -> DiffOut:
    """What changed from version `a` to version `b`: a unified D2 diff and node/edge sets."""
    project = accessible_project(db, user, code)
    va, vb = _version(db, project, a), _version(db, project, b)
    unified = "".join(
        difflib.unified_diff(
            va.d2.splitlines(keepends=True),
            vb.d2.splitlines(keepends=True),
            fromfile=f"v{a}.d2",
            tofile=f"v{b}.d2",
        )
    )
    na, nb = _ids(va.diagram_state, "nodes"), _ids(vb.diagram_state, "nodes")
    ea, eb = _ids(va.diagram_state, "edges"), _ids(vb.diagram_state, "edges")
    return DiffOut(
        from_number=a,
        to_number=b,
        unified=unified,
        nodes_added=sorted(nb - na),
        nodes_removed=sorted(na - nb),
        edges_added=sorted(eb - ea),
        edges_removed=sorted(ea - eb),
    )


@router.post(
    "/versions/{number}/revert", status_code=status.HTTP_201_CREATED, response_model=VersionOut
)
def revert(code: str, number: int, user: CurrentUser, db: DbSession) -> VersionOut:
    """Make version `number` current again, as a new version whose parent is the latest."""
    project = accessible_project(db, user, code)
    source = _version(db, project, number)
    latest = repo.latest_version(db, project_id=project.id)
    v, _ = repo.insert_version(
        db,
        project_id=project.id,
        d2=source.d2,
        diagram_state=source.diagram_state,
        svg=source.svg,
        pinned_nodes=list(source.pinned_nodes),
        job_id=None,
        parent_version_id=latest.id if latest else None,
        session_id=None,
        created_by=user.id,
        summary=f"Reverted to version {number}.",
    )
    notice = record_version_notice(
        db,
        project_id=project.id,
        version_id=v.id,
        kind="version_reverted",
        payload={"project_code": project.code, "version_number": v.number, "actor_id": user.id},
    )
    db.commit()
    notice.push()
    return get_version(code, v.number, user, db)


@router.get("/history", response_model=list[MessageOut])
def history(
    code: str, user: CurrentUser, db: DbSession, session_id: str | None = None
) -> list[MessageOut]:
    """The project's conversation (optionally one session's), oldest first."""
    project = accessible_project(db, user, code)
    return [
        MessageOut(
            role=m.role,
            content=m.content,
            intent=m.intent,
            session_id=m.session_id,
            job_id=m.job_id,
            version_id=m.version_id,
            created_at=m.created_at,
        )
        for m in repo.list_history(db, project_id=project.id, session_id=session_id)
    ]
