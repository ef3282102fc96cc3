"""FastAPI dependencies as `Annotated` aliases: database session, current user, project access."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Header
from sqlalchemy.orm import Session

from services.gateway.security import decode_access_token
from services.gateway.validation import check_project_code
from services.persistence import repository as repo
from services.persistence.db import session_scope
from services.persistence.models import Project, User
from shared.errors import Forbidden, NotFound, Unauthorized


def get_db() -> Iterator[Session]:
    with session_scope() as db:
        yield db


# scope="function": commit before the response is sent, so a client that acts on a 201 at
# once (register, then ask for a token) always finds the row.
DbSession = Annotated[Session, Depends(get_db, scope="function")]


def bearer_token(authorization: Annotated[str | None, Header()] = None) -> str:
    if not authorization:
        raise Unauthorized("Missing bearer token.", error_code="TOKEN_MISSING")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized("Use `Authorization: Bearer <token>`.", error_code="TOKEN_MISSING")
    return token.strip()


def user_from_token(db: Session, token: str) -> User:
    user = repo.get_user(db, user_id=decode_access_token(token))
    if user is None:
        raise Unauthorized("The token's user no longer exists.", error_code="TOKEN_INVALID")
    return user


def get_current_user(db: DbSession, token: Annotated[str, Depends(bearer_token)]) -> User:
    return user_from_token(db, token)


CurrentUser = Annotated[User, Depends(get_current_user)]


def accessible_project(db: Session, user: User, code: str) -> Project:
    """The project named by `code` if `user` may touch it: 404 when none, 403 when not theirs."""
    project = repo.get_project_by_code(db, code=check_project_code(code))
    if project is None:
        raise NotFound("No such project.", error_code="PROJECT_NOT_FOUND")
    if not repo.user_can_access(db, project=project, user_id=user.id):
        raise Forbidden("You do not have access to this project.", error_code="PROJECT_FORBIDDEN")
    return project
