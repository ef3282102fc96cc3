"""The submit path (services/gateway/service/design.prepare over shared/data/submission.py),
in-process over real PostgreSQL and Redis: two SQL statements, and every guarantee of the
path it replaced — the owner and members only, the session of this project only, the rate
limit, the job row committed before the job is handed on, a session Redis lost rebuilt."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event, func, select

from services.gateway.schemas import GenerateIn
from services.gateway.service import design
from shared.data import repository as repo
from shared.data.db import get_engine, session_scope
from shared.data.models import ChatSession, Job
from shared.errors import AppError
from shared.redis_client import get_redis
from shared.settings import redis_settings
from tests.support.infra import ServerInfra

pytestmark = pytest.mark.integration

QUERY = "create a web app with a database"


def _user() -> int:
    with session_scope() as db:
        return repo.create_user(db, email=f"{uuid.uuid4().hex}@example.com", password_hash="x").id


def _project(owner_id: int) -> tuple[int, str]:
    with session_scope() as db:
        project = repo.create_project(db, owner_id=owner_id, name="p")
        return project.id, project.code


def _prepare(user_id: int, code: str, session_id: str | None = None, query: str = QUERY) -> Any:
    # constructed, not validated: the service checks what the schema also checks
    body = GenerateIn.model_construct(project_id=code, query=query, session_id=session_id)
    return design.prepare(user_id=user_id, body=body, request_id="test")


def _refused(user_id: int, code: str, session_id: str | None = None, query: str = QUERY) -> str:
    with pytest.raises(AppError) as refused:
        _prepare(user_id, code, session_id, query)
    return f"{refused.value.status_code} {refused.value.error_code}"


def _jobs_of(user_id: int) -> int:
    with session_scope() as db:
        return int(db.scalar(select(func.count()).where(Job.user_id == user_id)) or 0)


def _sessions_of(user_id: int) -> int:
    with session_scope() as db:
        count = db.scalar(select(func.count()).where(ChatSession.user_id == user_id))
        return int(count or 0)


@pytest.fixture()
def statements(infra: ServerInfra) -> Iterator[list[str]]:
    """Every SQL statement the engine sends while the test runs (not the pool's ping)."""
    seen: list[str] = []

    def record(*args: Any) -> None:
        seen.append(str(args[2]))

    engine = get_engine()
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_a_submission_is_two_statements_and_the_job_is_committed(statements: list[str]) -> None:
    owner = _user()
    _, code = _project(owner)
    statements.clear()
    ctx = _prepare(owner, code)
    assert len(statements) == 2, statements  # the lookup; the job and its new session
    # committed when prepare returns: another connection sees the job and the session
    with session_scope() as db:
        job = repo.get_job(db, job_id=ctx.job_id)
        assert job is not None and job.status == "queued" and job.query == QUERY
        assert repo.get_session(db, session_id=ctx.session.session_id) is not None
    state = get_redis().hgetall(f"jobstate:{ctx.job_id}")
    assert state["status"] == "queued" and state["user_id"] == str(owner)
    assert get_redis().ttl(f"session:{ctx.session.session_id}") > 0


def test_only_the_owner_and_members_submit_and_a_refusal_writes_nothing(
    infra: ServerInfra,
) -> None:
    owner, stranger, member = _user(), _user(), _user()
    project_id, code = _project(owner)
    with session_scope() as db:
        repo.add_member(db, project_id=project_id, user_id=member)
    assert _refused(stranger, code) == "403 PROJECT_FORBIDDEN"
    assert _jobs_of(stranger) == 0 and _sessions_of(stranger) == 0
    assert _prepare(member, code).project_id == project_id
    assert _jobs_of(member) == 1
    assert _refused(owner, "ZZZZZZ9") == "404 PROJECT_NOT_FOUND"


def test_a_session_of_another_project_or_user_is_refused(infra: ServerInfra) -> None:
    owner = _user()
    _, code = _project(owner)
    _, other_code = _project(owner)
    theirs = _prepare(owner, other_code).session.session_id
    assert _refused(owner, code, theirs) == "404 SESSION_NOT_FOUND"
    assert _refused(owner, code, str(uuid.uuid4())) == "404 SESSION_NOT_FOUND"
    assert _jobs_of(owner) == 1


def test_the_checks_come_in_their_order(infra: ServerInfra) -> None:
    owner, stranger = _user(), _user()
    _, code = _project(owner)
    gone = _user()
    with session_scope() as db:
        db.delete(repo.get_user(db, user_id=gone))
    assert _refused(gone, code, query="  ") == "401 TOKEN_INVALID"  # the user first
    assert _refused(stranger, code, query="  ") == "422 QUERY_EMPTY"  # then the query
    assert _refused(stranger, code, "not-a-uuid") == "403 PROJECT_FORBIDDEN"  # then access
    assert _refused(owner, code, "not-a-uuid") == "422 SESSION_ID_INVALID"


def test_a_session_continues_on_the_latest_version_even_when_redis_lost_it(
    infra: ServerInfra,
) -> None:
    owner = _user()
    project_id, code = _project(owner)
    first = _prepare(owner, code)
    sid = first.session.session_id
    with session_scope() as db:
        version, _ = repo.insert_version(
            db,
            project_id=project_id,
            d2="web -> db",
            diagram_state={"nodes": [{"id": "web"}], "edges": []},
            svg="<svg/>",
            pinned_nodes=[],
            job_id=first.job_id,
            parent_version_id=None,
            session_id=sid,
            created_by=owner,
            summary="",
        )
        repo.set_pin(db, project_id=project_id, node_id="web", x=10.5, y=-3.0, user_id=owner)
    get_redis().delete(f"session:{sid}")
    second = _prepare(owner, code, sid)
    assert second.session.session_id == sid and _sessions_of(owner) == 1
    assert second.session.current_version_id == version.id
    assert second.session.current_d2 == "web -> db"
    assert second.previous_diagram_state == {"nodes": [{"id": "web"}], "edges": []}
    assert second.pins == {"web": (10.5, -3.0)} and second.session.pinned_nodes == ["web"]
    assert get_redis().exists(f"session:{sid}")


def test_the_rate_limit_refuses_before_anything_is_written(
    infra: ServerInfra, monkeypatch: pytest.MonkeyPatch
) -> None:
    owner = _user()
    _, code = _project(owner)
    monkeypatch.setattr(redis_settings(), "rate_limit_per_minute", 2)
    _prepare(owner, code)
    _prepare(owner, code)
    assert _refused(owner, code) == "429 RATE_LIMITED"
    assert _jobs_of(owner) == 2 and _sessions_of(owner) == 2
