"""Request and response bodies of the HTTP API (the contracts of DESIGN.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from shared.contracts import JobError, JobResult


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Credentials(Strict):
    email: EmailStr
    password: str = Field(min_length=8, max_length=256)


class UserOut(BaseModel):
    id: int
    email: str


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int


class ProjectIn(Strict):
    name: str = Field(min_length=1, max_length=120)


class MemberIn(Strict):
    email: EmailStr


class ProjectOut(BaseModel):
    project_code: str
    name: str
    owner_id: int
    created_at: datetime


class GenerateIn(Strict):
    project_id: str = Field(description="The project's 7-character code")
    query: str = Field(max_length=4096)
    session_id: str | None = None


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


class VersionSummary(BaseModel):
    number: int
    version_id: int
    parent_version_id: int | None
    job_id: str | None
    summary: str
    created_at: datetime


class VersionOut(VersionSummary):
    d2: str
    diagram_state: dict[str, Any]
    pinned_nodes: list[str]
    svg_url: str


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


class PinOut(BaseModel):
    node_id: str
    x: float
    y: float
    updated_at: datetime


class MessageOut(BaseModel):
    role: str
    content: str
    intent: str | None
    session_id: str
    job_id: str | None
    version_id: int | None
    created_at: datetime


class NotificationOut(BaseModel):
    id: int
    kind: str
    project_id: int
    version_id: int | None
    payload: dict[str, Any]
    created_at: datetime
