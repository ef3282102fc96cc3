"""Accounts: registration and the exchange of email + password for an access token."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.gateway.security import create_access_token, hash_password, verify_password
from shared.data import repository as repo
from shared.data.models import User
from shared.errors import Conflict, Unauthorized


def register(db: Session, *, email: str, password: str) -> User:
    """A new account (409 when the email is taken, also by a concurrent registration)."""
    email = email.lower()
    if repo.get_user_by_email(db, email=email) is not None:
        raise Conflict("An account with this email exists.", error_code="EMAIL_TAKEN")
    try:
        return repo.create_user(db, email=email, password_hash=hash_password(password))
    except IntegrityError as exc:  # a concurrent registration won
        raise Conflict("An account with this email exists.", error_code="EMAIL_TAKEN") from exc


def issue_token(db: Session, *, email: str, password: str) -> tuple[str, int]:
    """(access token, seconds it lasts) for the right email and password, else 401."""
    user = repo.get_user_by_email(db, email=email.lower())
    if user is None or not verify_password(user.password_hash, password):
        raise Unauthorized("Wrong email or password.", error_code="BAD_CREDENTIALS")
    return create_access_token(user.id)
