"""Input rules of the gateway: query text, project codes and session ids."""

from __future__ import annotations

import re
import uuid

from services.gateway.profanity import contains_profanity
from shared.errors import ValidationFailed

QUERY_MIN_CHARS = 1
QUERY_MAX_CHARS = 512
PROJECT_CODE_RE = re.compile(r"^[A-Z0-9]{7}$")


def clean_query(raw: str) -> str:
    query = raw.strip()
    if len(query) < QUERY_MIN_CHARS:
        raise ValidationFailed("The query is empty.", error_code="QUERY_EMPTY")
    if len(query) > QUERY_MAX_CHARS:
        raise ValidationFailed(
            f"The query is longer than {QUERY_MAX_CHARS} characters.",
            error_code="QUERY_TOO_LONG",
            details={"length": len(query), "max": QUERY_MAX_CHARS},
        )
    if contains_profanity(query):
        raise ValidationFailed(
            "The query contains language we do not accept.", error_code="QUERY_PROFANE"
        )
    return query


def check_project_code(code: str) -> str:
    if not PROJECT_CODE_RE.fullmatch(code):
        raise ValidationFailed(
            "A project code is 7 upper-case letters or digits.",
            error_code="PROJECT_CODE_INVALID",
            details={"project_id": code[:32]},
        )
    return code


def check_session_id(session_id: str) -> str:
    try:
        parsed = uuid.UUID(session_id)
    except (ValueError, AttributeError, TypeError) as exc:
        raise ValidationFailed("A session id is a UUID.", error_code="SESSION_ID_INVALID") from exc
    if str(parsed) != session_id.lower():
        raise ValidationFailed("A session id is a UUID.", error_code="SESSION_ID_INVALID")
    return str(parsed)
