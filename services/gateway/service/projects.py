"""Projects: who may touch one, creating them, listing them, adding members."""

from __future__ import annotations

from sqlalchemy.orm import Session

from services.gateway.validation import check_project_code
from shared.data import repository as repo
from shared.data.models import Project, User
from shared.errors import Forbidden, NotFound


def accessible_project(db: Session, user: User, code: str) -> Project:
    """The project named by `code` if `user` may touch it: 404 when none, 403 when not theirs."""
    project = repo.get_project_by_code(db, code=check_project_code(code))
    if project is None:
        raise NotFound("No such project.", error_code="PROJECT_NOT_FOUND")
    if not repo.user_can_access(db, project=project, user_id=user.id):
        raise Forbidden("You do not have access to this project.", error_code="PROJECT_FORBIDDEN")
    return project


def create(db: Session, *, owner: User, name: str) -> Project:
    """A new project owned by `owner`."""
    project = repo.create_project(db, owner_id=owner.id, name=name.strip())
    db.refresh(project)
    return project


def list_for(db: Session, *, user: User) -> list[Project]:
    """The projects `user` owns or is a member of."""
    return repo.list_projects_for_user(db, user_id=user.id)


def add_member(db: Session, *, user: User, code: str, email: str) -> Project:
    """Give the registered user `email` access to the project; only its owner may."""
    project = accessible_project(db, user, code)
    if project.owner_id != user.id:
        raise Forbidden("Only the owner adds members.", error_code="PROJECT_OWNER_ONLY")
    member = repo.get_user_by_email(db, email=email.lower())
    if member is None:
        raise NotFound("No user with this email.", error_code="USER_NOT_FOUND")
    repo.add_member(db, project_id=project.id, user_id=member.id)
    return project
