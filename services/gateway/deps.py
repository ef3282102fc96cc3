"""FastAPI dependencies as `Annotated` aliases: database session and current user."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Header, Path
from sqlalchemy.orm import Session

from services.gateway.security import decode_access_token
from services.gateway.validation import PROJECT_CODE_PATTERN, SESSION_ID_PATTERN, VERSION_MAX
from shared.data import repository as repo
from shared.data.db import session_scope
from shared.data.models import User
from shared.errors import Unauthorized


def get_db() -> Iterator[Session]:
    with session_scope() as db:
        yield db


# scope="function": commit before the response is sent, so a client that acts on a 201 at
# once (register, then ask for a token) always finds the row.
DbSession = Annotated[Session, Depends(get_db, scope="function")]


# async: FastAPI runs a plain `def` dependency in the threadpool, a thread hop per request
# for a string split (bench/load/submit_cpu.py)
async def bearer_token(authorization: Annotated[str | None, Header()] = None) -> str:
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


#: path parameters with the constraints the OpenAPI schema declares
ProjectCode = Annotated[
    str, Path(pattern=PROJECT_CODE_PATTERN, description="The project's 7-character code")
]
VersionNumber = Annotated[int, Path(ge=1, le=VERSION_MAX, description="A version number")]
SessionId = Annotated[str, Path(pattern=SESSION_ID_PATTERN, description="A session id (UUID)")]
