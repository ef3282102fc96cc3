"""Projects: create and list the ones you own or belong to."""

from __future__ import annotations

from fastapi import APIRouter, status

from services.gateway.deps import CurrentUser, DbSession, ProjectCode
from services.gateway.openapi import errors
from services.gateway.schemas import MemberIn, ProjectIn, ProjectOut
from services.gateway.service import projects
from shared.data.models import Project

router = APIRouter(prefix="/v2/projects", tags=["projects"], responses=errors(401, 422))


def project_out(project: Project) -> ProjectOut:
    return ProjectOut.model_validate(project)


@router.post("", status_code=status.HTTP_201_CREATED, response_model=ProjectOut)
def create_project(body: ProjectIn, user: CurrentUser, db: DbSession) -> ProjectOut:
    """Create a project owned by the caller."""
    return project_out(projects.create(db, owner=user, name=body.name))


@router.get("", response_model=list[ProjectOut])
def list_projects(user: CurrentUser, db: DbSession) -> list[ProjectOut]:
    """The projects the caller owns or is a member of."""
    return [project_out(p) for p in projects.list_for(db, user=user)]


@router.post(
    "/{code}/members",
    status_code=status.HTTP_201_CREATED,
    response_model=ProjectOut,
    responses=errors(403, 404),
)
def add_member(code: ProjectCode, body: MemberIn, user: CurrentUser, db: DbSession) -> ProjectOut:
    """Give another registered user access to the project (owner only)."""
    return project_out(projects.add_member(db, user=user, code=code, email=body.email))
