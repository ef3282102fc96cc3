"""Registration and tokens."""

from __future__ import annotations

from fastapi import APIRouter, status
from sqlalchemy.exc import IntegrityError

from services.gateway.deps import DbSession
from services.gateway.schemas import Credentials, TokenOut, UserOut
from services.gateway.security import create_access_token, hash_password, verify_password
from services.persistence import repository as repo
from shared.errors import Conflict, Unauthorized

router = APIRouter(prefix="/v2/auth", tags=["auth"])


@router.post("/register", status_code=status.HTTP_201_CREATED, response_model=UserOut)
def register(body: Credentials, db: DbSession) -> UserOut:
    """Create an account."""
    email = body.email.lower()
    if repo.get_user_by_email(db, email=email) is not None:
        raise Conflict("An account with this email exists.", error_code="EMAIL_TAKEN")
    try:
        user = repo.create_user(db, email=email, password_hash=hash_password(body.password))
    except IntegrityError as exc:  # a concurrent registration won
        raise Conflict("An account with this email exists.", error_code="EMAIL_TAKEN") from exc
    return UserOut(id=user.id, email=user.email)


@router.post("/token", response_model=TokenOut)
def token(body: Credentials, db: DbSession) -> TokenOut:
    """Exchange email and password for a bearer token."""
    user = repo.get_user_by_email(db, email=body.email.lower())
    if user is None or not verify_password(user.password_hash, body.password):
        raise Unauthorized("Wrong email or password.", error_code="BAD_CREDENTIALS")
    access_token, expires_in = create_access_token(user.id)
    return TokenOut(access_token=access_token, expires_in=expires_in)
