"""Registration and tokens."""

from __future__ import annotations

from fastapi import APIRouter, status

from services.gateway.deps import DbSession
from services.gateway.schemas import Credentials, TokenOut, UserOut
from services.gateway.service import auth

router = APIRouter(prefix="/v2/auth", tags=["auth"])


@router.post("/register", status_code=status.HTTP_201_CREATED, response_model=UserOut)
def register(body: Credentials, db: DbSession) -> UserOut:
    """Create an account."""
    user = auth.register(db, email=body.email, password=body.password)
    return UserOut.model_validate(user)


@router.post("/token", response_model=TokenOut)
def token(body: Credentials, db: DbSession) -> TokenOut:
    """Exchange email and password for a bearer token."""
    access_token, expires_in = auth.issue_token(db, email=body.email, password=body.password)
    return TokenOut(access_token=access_token, expires_in=expires_in)
