"""Accounts: registration and the exchange of email + password for an access token.

Both are throttled per client address and per account (services/gateway/throttle.py). A
login for an unknown email verifies the password against a dummy hash, so it takes as long
as one for a known email and its timing does not tell which emails have accounts."""

from __future__ import annotations

import secrets
from functools import lru_cache

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.gateway import throttle
from services.gateway.passwords import check_password, user_words
from services.gateway.security import create_access_token, hash_password, verify_password
from shared.data import repository as repo
from shared.data.models import User
from shared.errors import Conflict, Unauthorized
from shared.settings import auth_settings


@lru_cache
def dummy_hash() -> str:
    """A hash of a password nobody knows, with the same parameters as the real ones."""
    return hash_password(secrets.token_urlsafe(32))


def register(db: Session, *, email: str, password: str, address: str) -> User:
    """A new account (409 when the email is taken, also by a concurrent registration;
    422 for a password too easy to guess; 429 past the throttles)."""
    email = email.lower()
    throttle.count_address_attempt(address)
    throttle.count_register_attempt(email)
    check_password(
        password, user_inputs=user_words(email), min_score=auth_settings().password_min_score
    )
    if repo.get_user_by_email(db, email=email) is not None:
        raise Conflict("An account with this email exists.", error_code="EMAIL_TAKEN")
    try:
        return repo.create_user(db, email=email, password_hash=hash_password(password))
    except IntegrityError as exc:  # a concurrent registration won
        raise Conflict("An account with this email exists.", error_code="EMAIL_TAKEN") from exc


def issue_token(db: Session, *, email: str, password: str, address: str) -> tuple[str, int]:
    """(access token, seconds it lasts) for the right email and password, else 401; 429 past
    the throttles."""
    email = email.lower()
    throttle.count_address_attempt(address)
    throttle.check_login_allowed(email)
    user = repo.get_user_by_email(db, email=email)
    # the same work for an unknown email as for a known one
    ok = verify_password(user.password_hash if user else dummy_hash(), password)
    if user is None or not ok:
        throttle.record_login(email, succeeded=False)
        raise Unauthorized("Wrong email or password.", error_code="BAD_CREDENTIALS")
    throttle.record_login(email, succeeded=True)
    return create_access_token(user.id)
