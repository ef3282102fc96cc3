"""The OpenAPI document says what the gateway really answers: every error response is the one
error body (`ErrorOut`), each operation lists the error statuses it can give, and the bearer
scheme is declared. Checked against the running gateway by schemathesis
(tests/integration/test_api_schema.py)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from services.gateway.schemas import ErrorOut

ERROR_REF = {"$ref": "#/components/schemas/ErrorOut"}
_DESCRIPTIONS = {
    401: "Missing, invalid or expired bearer token",
    403: "Not yours",
    404: "No such resource",
    405: "Method not allowed (the `Allow` header lists the allowed ones)",
    409: "Conflict",
    414: "Query string too long",
    422: "The request is not valid (the error code says which rule)",
    429: "Too many requests (`Retry-After` says when to try again)",
    503: "A dependency is unavailable",
}


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` of a route or router: these error statuses, with the one error body."""
    return {s: {"model": ErrorOut, "description": _DESCRIPTIONS.get(s, "Error")} for s in statuses}


def _generic(response: dict[str, Any]) -> bool:
    """An error response FastAPI described (or none did): it gets the one error body. A
    response a route described itself (e.g. /ready's 503 with its checks) keeps its own."""
    if "content" not in response:
        return True
    schema = response["content"].get("application/json", {}).get("schema")
    ref = schema.get("$ref", "") if isinstance(schema, dict) else ""
    return ref.rsplit("/", 1)[-1] in {"HTTPValidationError", "ErrorOut"}


def install_openapi(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        doc = get_openapi(
            title=app.title,
            version=app.version,
            summary=app.summary,
            routes=app.routes,
        )
        schemas = doc.setdefault("components", {}).setdefault("schemas", {})
        schemas.setdefault("ErrorOut", ErrorOut.model_json_schema(ref_template="{model}"))
        for name in ("HTTPValidationError", "ValidationError"):
            schemas.pop(name, None)
        for path_item in doc.get("paths", {}).values():
            for operation in path_item.values():
                for status, response in operation.get("responses", {}).items():
                    if status.isdigit() and int(status) >= 400 and _generic(response):
                        response["content"] = {"application/json": {"schema": ERROR_REF}}
                        response["description"] = _DESCRIPTIONS.get(
                            int(status), response.get("description", "Error")
                        )
        app.openapi_schema = doc
        return doc

    app.openapi = openapi  # type: ignore[method-assign]
