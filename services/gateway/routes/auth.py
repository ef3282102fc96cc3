"""Registration and tokens."""

from __future__ import annotations

from fastapi import APIRouter, Request, status

from services.gateway.deps import DbSession
from services.gateway.openapi import errors
from services.gateway.schemas import Credentials, TokenOut, UserOut
from services.gateway.service import auth

router = APIRouter(prefix="/v2/auth", tags=["auth"], responses=errors(422, 429))


def client_address(request: Request) -> str:
    """The caller's address (behind a proxy, uvicorn takes it from X-Forwarded-For when the
    proxy is in FORWARDED_ALLOW_IPS)."""
    return request.client.host if request.client else "unknown"


@router.post(
    "/register",
    status_code=status.HTTP_201_CREATED,
    response_model=UserOut,
    responses=errors(409),
)
def register(body: Credentials, db: DbSession, request: Request) -> UserOut:
    """Create an account. The password must not be easy to guess (NIST SP 800-63B: 8+
    characters, any characters, no common or repetitive password)."""
    user = auth.register(
        db, email=body.email, password=body.password, address=client_address(request)
    )
    return UserOut.model_validate(user)


@router.post("/token", response_model=TokenOut, responses=errors(401))
def token(body: Credentials, db: DbSession, request: Request) -> TokenOut:
    """Exchange email and password for a bearer token."""
    access_token, expires_in = auth.issue_token(
        db, email=body.email, password=body.password, address=client_address(request)
    )
    return TokenOut(access_token=access_token, expires_in=expires_in)
