"""One error hierarchy for every service, mapped to the standard body
``{"error_code", "message", "details"}`` by the gateway and to a failed job by the workers.
"""

from __future__ import annotations

from typing import Any


class AppError(Exception):
    """An expected failure with a stable code, a user-facing message and an HTTP status."""

    status_code = 400
    error_code = "BAD_REQUEST"
    #: transient errors are retried by pipeline stages; everything else fails the job at once
    transient = False

    def __init__(
        self,
        message: str,
        *,
        error_code: str | None = None,
        details: dict[str, Any] | None = None,
        status_code: int | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if error_code:
            self.error_code = error_code
        if status_code:
            self.status_code = status_code
        self.details = details or {}
        #: extra response headers (e.g. `Retry-After` of a 429)
        self.headers = headers or {}

    def to_body(self) -> dict[str, Any]:
        return {"error_code": self.error_code, "message": self.message, "details": self.details}


class ValidationFailed(AppError):
    status_code = 422
    error_code = "VALIDATION_ERROR"


class Unauthorized(AppError):
    status_code = 401
    error_code = "UNAUTHORIZED"


class Forbidden(AppError):
    status_code = 403
    error_code = "FORBIDDEN"


class NotFound(AppError):
    status_code = 404
    error_code = "NOT_FOUND"


class Conflict(AppError):
    status_code = 409
    error_code = "CONFLICT"


class RateLimited(AppError):
    status_code = 429
    error_code = "RATE_LIMITED"


class ServiceUnavailable(AppError):
    status_code = 503
    error_code = "SERVICE_UNAVAILABLE"
    transient = True


class StageFailed(AppError):
    """A pipeline stage could not produce its output (bad D2 that could not be repaired, ...)."""

    status_code = 422
    error_code = "STAGE_FAILED"
