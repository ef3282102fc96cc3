"""Typed contracts shared by every service: intents, the diagram graph, and the job context.

The job context is the one object that travels the Celery pipeline
(intent -> dsl.generate -> dsl.validate -> threats -> layout -> persistence). Each stage reads
what it needs and fills in its own section; no stage reaches into another service's internals.
Everything here is plain pydantic data so it serialises to JSON for the broker unchanged.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Intent(StrEnum):
    DSL_CREATE = "DSL_CREATE"
    DSL_UPDATE = "DSL_UPDATE"
    VIEW_TOGGLE = "VIEW_TOGGLE"
    EXPERT_QA = "EXPERT_QA"
    CLARIFY = "CLARIFY"
    OUT_OF_SCOPE = "OUT_OF_SCOPE"


class IntentSource(StrEnum):
    PATTERN = "pattern"
    VECTOR = "vector"
    LLM = "llm"
    FALLBACK = "fallback"


class IntentResult(BaseModel):
    intent: Intent
    confidence: float = Field(ge=0.0, le=1.0)
    source: IntentSource


class ChatMessage(BaseModel):
    role: Literal["user", "assistant"]
    content: str
    intent: Intent | None = None


# --------------------------------------------------------------------------------------------
# Diagram graph: the compiled D2 model reduced to what layout and rendering need.
# --------------------------------------------------------------------------------------------


class ThreatMark(BaseModel):
    """The ``threats`` view's mark on a shape or a connection: its worst open threat's
    severity (None when none is open) and its counts (the badge shows ``open_count``)."""

    severity: Literal["low", "medium", "high", "critical"] | None = None
    open_count: int = 0
    mitigated_count: int = 0


class GraphNode(BaseModel):
    """A shape. `id` is absolute and dotted (``vpc.api``); `parent` is the container's id."""

    id: str
    label: str
    shape: str = "rectangle"
    parent: str | None = None
    classes: list[str] = Field(default_factory=list)
    icon: str | None = None
    tooltip: str | None = None
    link: str | None = None
    style: dict[str, str] = Field(default_factory=dict)
    is_container: bool = False
    #: set by the ``threats`` view only
    threat: ThreatMark | None = None


class GraphEdge(BaseModel):
    id: str
    src: str
    dst: str
    src_arrow: str = "none"
    dst_arrow: str = "triangle"
    label: str = ""
    style: dict[str, str] = Field(default_factory=dict)
    #: set by the ``threats`` view only
    threat: ThreatMark | None = None


class DiagramGraph(BaseModel):
    direction: Literal["right", "down", "left", "up"] = "right"
    #: the D2 says `direction` (a user's choice, honoured); False: it does not, and layout may
    #: choose the direction by the diagram's shape (`direction` is then only the default)
    direction_given: bool = True
    nodes: list[GraphNode] = Field(default_factory=list)
    edges: list[GraphEdge] = Field(default_factory=list)


# --------------------------------------------------------------------------------------------
# Stage outputs
# --------------------------------------------------------------------------------------------


class GenerationKind(StrEnum):
    DIAGRAM = "diagram"  # new D2 -> validate -> layout -> new version
    ANSWER = "answer"  # text only (expert answer, clarify, out of scope)
    VIEW = "view"  # a filtered/transformed view of the current version; no new version
    ACTION = "action"  # a command on the project's history or pins (revert, undo, pin, unpin)


class ViewSpec(BaseModel):
    """A view of the current version (VIEW_TOGGLE). Kept as the session's current view."""

    direction: Literal["right", "down", "left", "up"] | None = None
    only_kinds: list[str] | None = None
    hide_labels: bool = False
    dataflow: bool = False
    #: colour shapes and connections by their worst open threat, counts as badges
    threats: bool = False
    name: str = "default"


class ChatAction(BaseModel):
    """What the versions and pins APIs do, asked for in the conversation ("undo", "revert to
    version 2", "pin the gateway where it is"). Carried out by the persistence stage."""

    op: Literal["undo", "revert", "pin", "unpin"]
    #: the version to revert to (op "revert")
    version: int | None = None
    #: the node named, as the user wrote it (ops "pin" and "unpin")
    target: str | None = None


class LLMUsage(BaseModel):
    provider: str
    model: str
    input_tokens: int = 0
    output_tokens: int = 0
    latency_ms: float = 0.0
    purpose: str = ""


class GenerationResult(BaseModel):
    kind: GenerationKind
    message: str
    d2: str | None = None
    generator: str = "architect"
    view: ViewSpec | None = None
    action: ChatAction | None = None
    usage: list[LLMUsage] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)


class ValidationResult(BaseModel):
    d2: str  # canonical D2 text that will be stored
    graph: DiagramGraph
    warnings: list[str] = Field(default_factory=list)


class LayoutResult(BaseModel):
    diagram_state: dict[str, Any]  # React Flow JSON: {nodes, edges}
    svg: str


class ThreatReport(BaseModel):
    """The threats stage's section: the new version's threat model (services/threats, as
    JSON), its readable report and Threat Dragon export, and what changed since the version
    the job started from. Stored with the version by the persistence stage."""

    model: dict[str, Any]
    #: open threats by severity, plus "mitigated"
    counts: dict[str, int] = Field(default_factory=dict)
    report_md: str = ""
    dragon: dict[str, Any] = Field(default_factory=dict)
    #: ids of high/critical threats opened and closed since the previous version
    opened_high: list[str] = Field(default_factory=list)
    closed_high: list[str] = Field(default_factory=list)
    #: ids of threats (any severity) open before and mitigated now
    mitigated: list[str] = Field(default_factory=list)
    #: the sentence added to the version's message ("" when nothing high changed)
    sentence: str = ""


class SessionSnapshot(BaseModel):
    """What the pipeline knows about the conversation when the job starts."""

    session_id: str
    current_version_id: int | None = None
    current_version_number: int | None = None
    current_d2: str | None = None
    pinned_nodes: list[str] = Field(default_factory=list)
    last_intent: Intent | None = None
    view: ViewSpec | None = None
    messages: list[ChatMessage] = Field(default_factory=list)

    @property
    def has_diagram(self) -> bool:
        return bool(self.current_d2)


def utcnow() -> datetime:
    return datetime.now(UTC)


class JobContext(BaseModel):
    """The one typed object every stage receives and hands on."""

    model_config = ConfigDict(extra="forbid")

    job_id: str
    request_id: str = ""
    user_id: int
    project_id: int
    project_code: str
    query: str
    session: SessionSnapshot
    created_at: datetime = Field(default_factory=utcnow)
    deadline: datetime | None = None
    #: React Flow state of the version this job starts from, so layout can keep its picture
    previous_diagram_state: dict[str, Any] | None = None
    #: the project's pins when the job was submitted: node id -> absolute (x, y) of its
    #: top-left corner; the layout of a new version keeps these nodes there
    pins: dict[str, tuple[float, float]] = Field(default_factory=dict)

    #: how many stage hand-offs the job has made: a delivery of an earlier hop than the job's
    #: latest is stale (a late redelivery or a duplicate re-drive) and is dropped
    hop: int = 0
    #: how often persistence sent this edit back to generation on a newer latest version
    rebases: int = 0
    #: set by a stage to send the job to another stage than the table's next one (persistence
    #: sends an edit whose base is no longer the latest back to generation); cleared on hand-off
    route: str | None = None

    intent: IntentResult | None = None
    generation: GenerationResult | None = None
    validation: ValidationResult | None = None
    threats: ThreatReport | None = None
    layout: LayoutResult | None = None


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class JobError(BaseModel):
    error_code: str
    message: str
    details: dict[str, Any] = Field(default_factory=dict)


#: what a query did, for a client to test: "applied" (a new version, or a history/pin command
#: carried out), "view" (a view of the current version), "answered" (an expert answer),
#: "clarify" (not understood: nothing changed), "refused" (out of scope, or a command that
#: cannot be carried out: nothing changed)
Outcome = Literal["applied", "view", "answered", "clarify", "refused"]


class ResultPayload(BaseModel):
    version_id: int | None = None
    version_number: int | None = None
    d2: str | None = None
    diagram_state: dict[str, Any] | None = None
    pinned_nodes: list[str] = Field(default_factory=list)
    #: set by the gateway when it answers (the workers name versions by number only)
    svg_url: str | None = None
    outcome: Outcome | None = None
    #: the view shown (outcome "view"): its name and spec, as stored on the session
    view: ViewSpec | None = None


class JobResult(BaseModel):
    intent: Intent
    message: str
    confidence: float
    session_id: str
    classification_source: IntentSource
    generator: str = "architect"
    payload: ResultPayload


class StageEvent(BaseModel):
    """Published on ``job:{job_id}`` by every stage; the final one carries the result."""

    job_id: str
    stage: str
    status: JobStatus | Literal["started", "completed"]
    at: datetime = Field(default_factory=utcnow)
    result: JobResult | None = None
    error: JobError | None = None
