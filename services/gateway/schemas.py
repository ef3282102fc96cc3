"""Request and response bodies of the HTTP API (the contracts of DESIGN.md).

Bodies answered from a database row derive from `FromRow` and are built with
`Model.model_validate(row)` (pydantic reads the row's attributes): a field named differently
from its column says so with `validation_alias`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from services.gateway.validation import (
    PROJECT_CODE_PATTERN,
    QUERY_MAX_CHARS,
    SESSION_ID_PATTERN,
    TEXT_PATTERN,
)
from shared.contracts import JobError, JobResult, Outcome, ViewSpec


class ErrorOut(BaseModel):
    """The one error body of every 4xx and 5xx answer."""

    error_code: str = Field(description="Stable machine-readable code, e.g. PROJECT_NOT_FOUND")
    message: str
    details: dict[str, Any]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FromRow(BaseModel):
    """An answer read from an ORM row's attributes (fields may also be given by name)."""

    model_config = ConfigDict(from_attributes=True, populate_by_name=True)


class Credentials(Strict):
    email: EmailStr
    password: str = Field(min_length=8, max_length=256)


class UserOut(FromRow):
    id: int
    email: str


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int


class ProjectIn(Strict):
    name: str = Field(
        min_length=1, max_length=120, pattern=TEXT_PATTERN, description="Not blank, no NUL"
    )


class MemberIn(Strict):
    email: EmailStr


class ProjectOut(FromRow):
    project_code: str = Field(validation_alias="code")
    name: str
    owner_id: int
    created_at: datetime


class GenerateIn(Strict):
    project_id: str = Field(
        pattern=PROJECT_CODE_PATTERN, description="The project's 7-character code"
    )
    query: str = Field(
        min_length=1, max_length=QUERY_MAX_CHARS, pattern=TEXT_PATTERN, description="Not blank"
    )
    session_id: str | None = Field(
        default=None, pattern=SESSION_ID_PATTERN, description="A session of this project (UUID)"
    )


class JobAccepted(BaseModel):
    job_id: str
    session_id: str
    status: str
    status_url: str
    ws_url: str


class JobOut(BaseModel):
    job_id: str
    status: str
    stage: str | None = None
    result: JobResult | None = None
    error: JobError | None = None


class DesignPayloadV2(BaseModel):
    """`response.payload` of the design's envelope. `version_id` is the version's number in
    its project (1, 2, ...), as the versions API names versions."""

    version_id: int | None = None
    d2: str | None = None
    diagram_state: dict[str, Any] | None = Field(
        None, description="React Flow state: {nodes, edges}"
    )
    pinned_nodes: list[str] = Field(default_factory=list)
    svg_url: str | None = None
    outcome: Outcome | None = None
    view: ViewSpec | None = None


class DesignReplyV2(BaseModel):
    """`response` of the design's envelope: the assistant's reply."""

    intent: str
    message: str
    confidence: float
    classification_source: str
    session_id: str
    payload: DesignPayloadV2


class DesignGenerateResponseV2(JobOut):
    """The design's response envelope (`/v1/design`, `/v2/design/generate?wait=true`): the
    finished job's fields, plus `response` (the reply: `response.intent`, `response.message`,
    `response.payload.diagram_state`, ...) and `version_id` (the version's number)."""

    project_id: str
    session_id: str | None = None
    version_id: int | None = None
    response: DesignReplyV2 | None = None


class SessionViewOut(BaseModel):
    """A session's stored view; `version_id` is the number of the version it is a view of."""

    session_id: str
    view: ViewSpec
    version_id: int | None
    d2: str
    diagram_state: dict[str, Any]
    svg_url: str


class VersionSummary(FromRow):
    number: int
    version_id: int = Field(validation_alias="id")
    parent_version_id: int | None
    job_id: str | None
    summary: str
    created_at: datetime


class VersionOut(VersionSummary):
    d2: str
    diagram_state: dict[str, Any]
    pinned_nodes: list[str]
    #: the gateway's URL of the version's SVG (not a column: set by routes/versions.py)
    svg_url: str = ""


class ThreatsOut(BaseModel):
    """A version's threat model (docs/threats.md): elements, flows and threats with their
    status, and the open counts by severity (plus "mitigated")."""

    version_number: int
    counts: dict[str, int]
    elements: list[dict[str, Any]]
    flows: list[dict[str, Any]]
    threats: list[dict[str, Any]]


class DiffOut(BaseModel):
    from_number: int
    to_number: int
    unified: str
    nodes_added: list[str]
    nodes_removed: list[str]
    edges_added: list[str]
    edges_removed: list[str]


#: how far from the origin a pin may be placed (flow coordinates; diagrams are far smaller)
PIN_COORDINATE_LIMIT = 1_000_000.0


class PinIn(Strict):
    x: float = Field(ge=-PIN_COORDINATE_LIMIT, le=PIN_COORDINATE_LIMIT, allow_inf_nan=False)
    y: float = Field(ge=-PIN_COORDINATE_LIMIT, le=PIN_COORDINATE_LIMIT, allow_inf_nan=False)


class PinOut(FromRow):
    node_id: str
    x: float
    y: float
    updated_at: datetime


class MessageOut(FromRow):
    role: str
    content: str
    intent: str | None
    session_id: str
    job_id: str | None
    version_id: int | None
    created_at: datetime


class NotificationOut(FromRow):
    id: int
    kind: str
    project_id: int
    version_id: int | None
    payload: dict[str, Any]
    created_at: datetime
