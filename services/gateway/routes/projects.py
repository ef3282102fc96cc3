"""Projects: create and list the ones you own or belong to."""

from __future__ import annotations

from fastapi import APIRouter, status

from services.gateway.deps import CurrentUser, DbSession, accessible_project
from services.gateway.schemas import MemberIn, ProjectIn, ProjectOut
from services.persistence import repository as repo
from services.persistence.models import Project
from shared.errors import Forbidden, NotFound

router = APIRouter(prefix="/v2/projects", tags=["projects"])


def project_out(project: Project) -> ProjectOut:
    return ProjectOut(
        project_code=project.code,
        name=project.name,
        owner_id=project.owner_id,
        created_at=project.created_at,
    )


@router.post("", status_code=status.HTTP_201_CREATED, response_model=ProjectOut)
def create_project(body: ProjectIn, user: CurrentUser, db: DbSession) -> ProjectOut:
    """Create a project owned by the caller."""
    project = repo.create_project(db, owner_id=user.id, name=body.name.strip())
    db.refresh(project)
    return project_out(project)


@router.get("", response_model=list[ProjectOut])
def list_projects(user: CurrentUser, db: DbSession) -> list[ProjectOut]:
    """The projects the caller owns or is a member of."""
    return [project_out(p) for p in repo.list_projects_for_user(db, user_id=user.id)]


@router.post("/{code}/members", status_code=status.HTTP_201_CREATED, response_model=ProjectOut)
def add_member(code: str, body: MemberIn, user: CurrentUser, db: DbSession) -> ProjectOut:
    """Give another registered user access to the project (owner only)."""
    project = accessible_project(db, user, code)
    if project.owner_id != user.id:
        raise Forbidden("Only the owner adds members.", error_code="PROJECT_OWNER_ONLY")
    member = repo.get_user_by_email(db, email=body.email.lower())
    if member is None:
        raise NotFound("No user with this email.", error_code="USER_NOT_FOUND")
    repo.add_member(db, project_id=project.id, user_id=member.id)
    return project_out(project)
