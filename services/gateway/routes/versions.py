"""Versions of a project's diagram: list, get (JSON, .d2, .svg), threat model (JSON, Markdown,
Threat Dragon), diff, revert; and history."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status

from services.gateway.deps import CurrentUser, DbSession, ProjectCode, VersionNumber
from services.gateway.openapi import errors
from services.gateway.schemas import DiffOut, MessageOut, ThreatsOut, VersionOut, VersionSummary
from services.gateway.service import versions
from services.gateway.urls import svg_url
from services.gateway.validation import SESSION_ID_PATTERN
from shared.data.models import DiagramVersion, Project

router = APIRouter(
    prefix="/v2/projects/{code}", tags=["versions"], responses=errors(401, 403, 404, 422)
)

SVG_HEADERS = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"}


def _version_out(project: Project, v: DiagramVersion) -> VersionOut:
    out = VersionOut.model_validate(v)
    return out.model_copy(update={"svg_url": svg_url(project.code, v.number)})


@router.get("/versions", response_model=list[VersionSummary])
def list_versions(code: ProjectCode, user: CurrentUser, db: DbSession) -> list[VersionSummary]:
    """Every version of the project, oldest first."""
    return [VersionSummary.model_validate(v) for v in versions.list_all(db, user=user, code=code)]


@router.get(
    "/versions/{number}.d2",
    response_class=Response,
    responses={200: {"content": {"text/vnd.d2": {"schema": {"type": "string"}}}}},
)
def get_version_d2(
    code: ProjectCode, number: VersionNumber, user: CurrentUser, db: DbSession
) -> Response:
    """The version's D2 source."""
    _, version = versions.get(db, user=user, code=code, number=number)
    return Response(version.d2, media_type="text/vnd.d2; charset=utf-8")


@router.get(
    "/versions/{number}.svg",
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {"schema": {"type": "string"}}}}},
)
def get_version_svg(
    code: ProjectCode, number: VersionNumber, user: CurrentUser, db: DbSession
) -> Response:
    """The version rendered as SVG (served with a CSP that forbids scripts)."""
    _, version = versions.get(db, user=user, code=code, number=number)
    return Response(version.svg, media_type="image/svg+xml", headers=SVG_HEADERS)


@router.get("/versions/{number}", response_model=VersionOut)
def get_version(
    code: ProjectCode, number: VersionNumber, user: CurrentUser, db: DbSession
) -> VersionOut:
    """One version: D2, React Flow diagram state and pinned nodes."""
    return _version_out(*versions.get(db, user=user, code=code, number=number))


@router.get("/versions/{number}/threats", response_model=ThreatsOut)
def get_threats(
    code: ProjectCode, number: VersionNumber, user: CurrentUser, db: DbSession
) -> ThreatsOut:
    """The version's threat model: STRIDE and rule threats, each open or mitigated."""
    stored = versions.threats(db, user=user, code=code, number=number)
    return ThreatsOut(
        version_number=number,
        counts=stored.counts,
        elements=stored.model.get("elements", []),
        flows=stored.model.get("flows", []),
        threats=stored.model.get("threats", []),
    )


@router.get(
    "/versions/{number}/threats.md",
    response_class=Response,
    responses={200: {"content": {"text/markdown": {"schema": {"type": "string"}}}}},
)
def get_threats_report(
    code: ProjectCode, number: VersionNumber, user: CurrentUser, db: DbSession
) -> Response:
    """The version's threat model as a readable Markdown report."""
    stored = versions.threats(db, user=user, code=code, number=number)
    return Response(stored.report_md, media_type="text/markdown; charset=utf-8")


@router.get("/versions/{number}/threats.dragon.json")
def get_threats_dragon(
    code: ProjectCode, number: VersionNumber, user: CurrentUser, db: DbSession
) -> dict[str, Any]:
    """The version's threat model as an OWASP Threat Dragon v2 file."""
    return versions.threats(db, user=user, code=code, number=number).dragon


@router.get("/versions/{a}/diff/{b}", response_model=DiffOut)
def diff_versions(
    code: ProjectCode, a: VersionNumber, b: VersionNumber, user: CurrentUser, db: DbSession
) -> DiffOut:
    """What changed from version `a` to version `b`: a unified D2 diff and node/edge sets."""
    return versions.diff_numbers(db, user=user, code=code, a=a, b=b)


@router.post(
    "/versions/{number}/revert", status_code=status.HTTP_201_CREATED, response_model=VersionOut
)
def revert(
    code: ProjectCode, number: VersionNumber, user: CurrentUser, db: DbSession
) -> VersionOut:
    """Make version `number` current again, as a new version whose parent is the latest."""
    return _version_out(*versions.revert(db, user=user, code=code, number=number))


@router.get("/history", response_model=list[MessageOut])
def history(
    code: ProjectCode,
    user: CurrentUser,
    db: DbSession,
    session_id: Annotated[str | None, Query(pattern=SESSION_ID_PATTERN)] = None,
) -> list[MessageOut]:
    """The project's conversation (optionally one session's), oldest first."""
    return [
        MessageOut.model_validate(m)
        for m in versions.history(db, user=user, code=code, session_id=session_id)
    ]
