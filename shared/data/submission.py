"""The two statements of a job submission (`POST /v2/design/generate`), the gateway's hot path.

A submission used to take nine round trips to PostgreSQL (pool ping, BEGIN, the user, the
project, the membership, the new session, the latest version, the pins, the job, COMMIT)
through the ORM. Here it is two statements on an autocommit connection (plus the pool's
ping):

1. `lookup` — one read: does the user exist, the project by code and whether the user may
   touch it (owner or member), the project a given session belongs to, and, only when the
   user may touch the project, its latest version and its pins;
2. `insert_job` — one write: the job row and, for a new session, the session row (a
   data-modifying CTE: both or neither). In autocommit the statement is its own
   transaction, so the row is committed when the call returns — before the job is enqueued
   and before the 202.

The decisions (401/404/403, the session's project) stay in the caller
(services/gateway/service/design.py); this module only reads and writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, text

_LOOKUP = text(
    """
WITH p AS (
    SELECT projects.id, projects.code,
           projects.owner_id = :user_id OR EXISTS (
               SELECT 1 FROM project_members m
               WHERE m.project_id = projects.id AND m.user_id = :user_id
           ) AS allowed
    FROM projects WHERE projects.code = :code
)
SELECT
    EXISTS (SELECT 1 FROM users WHERE users.id = :user_id) AS user_exists,
    p.id AS project_id,
    p.code AS project_code,
    coalesce(p.allowed, false) AS allowed,
    (SELECT s.project_id FROM sessions s WHERE s.id = :session_id) AS session_project_id,
    v.id AS version_id,
    v.number AS version_number,
    v.d2 AS version_d2,
    v.diagram_state AS version_state,
    (
        SELECT json_agg(json_build_array(pp.node_id, pp.x, pp.y) ORDER BY pp.node_id)
        FROM project_pins pp WHERE pp.project_id = p.id AND p.allowed
    ) AS pins
FROM (SELECT 1) AS one
LEFT JOIN p ON true
LEFT JOIN LATERAL (
    SELECT dv.id, dv.number, dv.d2, dv.diagram_state FROM diagram_versions dv
    WHERE dv.project_id = p.id AND p.allowed
    ORDER BY dv.number DESC LIMIT 1
) v ON true
"""
)

_INSERT = text(
    """
WITH new_session AS (
    INSERT INTO sessions (id, project_id, user_id, pinned_nodes)
    SELECT :session_id, :project_id, :user_id, '[]'::jsonb WHERE :new_session
    RETURNING id
)
INSERT INTO jobs (id, user_id, project_id, session_id, query, status, stage, deadline, usage)
VALUES (:job_id, :user_id, :project_id, :session_id, :query, 'queued', 'queued', :deadline,
        '[]'::jsonb)
"""
)


@dataclass(frozen=True)
class LatestVersion:
    id: int
    number: int
    d2: str
    diagram_state: dict[str, Any]


@dataclass(frozen=True)
class Target:
    """What a submission needs to know before it writes anything."""

    user_exists: bool
    project_id: int | None  # None: no project with that code
    project_code: str | None
    allowed: bool  # the user owns the project or is a member
    session_project_id: int | None  # the project of the given session; None: no such session
    latest: LatestVersion | None  # only read when `allowed`
    pins: dict[str, tuple[float, float]] = field(default_factory=dict)  # only when `allowed`


def lookup(conn: Connection, *, user_id: int, code: str | None, session_id: str | None) -> Target:
    """One read (module docstring, 1). `code` / `session_id` None: none asked for (or not a
    valid one: the caller refuses it after the checks that come first)."""
    row = (
        conn.execute(_LOOKUP, {"user_id": user_id, "code": code, "session_id": session_id})
        .mappings()
        .one()
    )
    latest = None
    if row["version_id"] is not None:
        latest = LatestVersion(
            id=row["version_id"],
            number=row["version_number"],
            d2=row["version_d2"],
            diagram_state=row["version_state"],
        )
    return Target(
        user_exists=row["user_exists"],
        project_id=row["project_id"],
        project_code=row["project_code"],
        allowed=row["allowed"],
        session_project_id=row["session_project_id"],
        latest=latest,
        pins={node: (float(x), float(y)) for node, x, y in row["pins"] or ()},
    )


def insert_job(
    conn: Connection,
    *,
    job_id: str,
    user_id: int,
    project_id: int,
    session_id: str,
    new_session: bool,
    query: str,
    deadline: datetime,
) -> None:
    """One write (module docstring, 2): the queued job, and its session when `new_session`."""
    conn.execute(
        _INSERT,
        {
            "job_id": job_id,
            "user_id": user_id,
            "project_id": project_id,
            "session_id": session_id,
            "new_session": new_session,
            "query": query,
            "deadline": deadline,
        },
    )
