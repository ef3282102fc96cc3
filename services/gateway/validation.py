"""Input rules of the gateway: query text, project codes, session ids, version numbers; the
same rules declared in the OpenAPI schema (patterns, lengths, bounds), and the error code a
schema violation of each answers with."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from typing import Any

from services.gateway.profanity import contains_profanity
from shared.errors import ValidationFailed

QUERY_MIN_CHARS = 1
QUERY_MAX_CHARS = 512
PROJECT_CODE_PATTERN = r"^[A-Z0-9]{7}$"
PROJECT_CODE_RE = re.compile(PROJECT_CODE_PATTERN)
SESSION_ID_PATTERN = r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$"
#: free text (a query, a name): not blank, and no NUL (PostgreSQL text cannot hold one)
TEXT_PATTERN = r"^[^\x00]*[^\s\x00][^\x00]*$"
#: version numbers are PostgreSQL `integer`s
VERSION_MAX = 2**31 - 1

#: schema violations that have a code of their own, by the field they are about
_CONSTRAINT_TYPES = frozenset(
    {
        "string_pattern_mismatch",
        "string_too_long",
        "string_too_short",
        "int_parsing",
        "less_than_equal",
        "greater_than_equal",
        "greater_than",
    }
)
_FIELD_CODES = {
    "code": "PROJECT_CODE_INVALID",
    "project_id": "PROJECT_CODE_INVALID",
    "session_id": "SESSION_ID_INVALID",
    "number": "VERSION_NUMBER_INVALID",
    "a": "VERSION_NUMBER_INVALID",
    "b": "VERSION_NUMBER_INVALID",
}


def validation_error_code(errors: Sequence[dict[str, Any]]) -> str:
    """The code of a request that failed the schema: the first error's own code when it has
    one (PROJECT_CODE_INVALID, QUERY_TOO_LONG, ...), else VALIDATION_ERROR."""
    if not errors:
        return "VALIDATION_ERROR"
    first = errors[0]
    loc = [str(part) for part in first.get("loc", ())]
    kind = str(first.get("type", ""))
    field = loc[-1] if loc else ""
    if kind not in _CONSTRAINT_TYPES:
        return "VALIDATION_ERROR"
    if "\x00" in str(first.get("input", "")):
        return "NUL_CHARACTER"
    if field == "query" and loc[0] == "body":
        return "QUERY_TOO_LONG" if kind == "string_too_long" else "QUERY_EMPTY"
    return _FIELD_CODES.get(field, "VALIDATION_ERROR")


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
