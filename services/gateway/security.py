"""Passwords (argon2id) and access tokens (JWT HS256, `sub` = user id, `exp`)."""

from __future__ import annotations

from datetime import timedelta

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from shared.contracts import utcnow
from shared.errors import Unauthorized
from shared.settings import auth_settings

_hasher = PasswordHasher()
ALGORITHM = "HS256"
USER_ID_MAX = 2**63 - 1


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def create_access_token(user_id: int) -> tuple[str, int]:
    settings = auth_settings()
    now = utcnow()
    claims = {
        "sub": str(user_id),
        "iat": now,
        "exp": now + timedelta(seconds=settings.jwt_ttl_seconds),
    }
    token = jwt.encode(claims, settings.signing_key(), algorithm=ALGORITHM)
    return token, settings.jwt_ttl_seconds


def decode_access_token(token: str) -> int:
    """The user id in a valid token; Unauthorized for anything else (expired, forged, alg:none)."""
    try:
        claims = jwt.decode(
            token,
            auth_settings().signing_key(),
            algorithms=[ALGORITHM],
            options={"require": ["sub", "exp"]},
        )
        user_id = int(claims["sub"])
    except jwt.ExpiredSignatureError as exc:
        raise Unauthorized("The access token has expired.", error_code="TOKEN_EXPIRED") from exc
    except (jwt.InvalidTokenError, ValueError, TypeError) as exc:
        raise Unauthorized("The access token is invalid.", error_code="TOKEN_INVALID") from exc
    if not 1 <= user_id <= USER_ID_MAX:  # a user id is a PostgreSQL bigint
        raise Unauthorized("The access token is invalid.", error_code="TOKEN_INVALID")
    return user_id
