"""The data layer's idempotency and numbering over real PostgreSQL."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.support.infra import ServerInfra

pytestmark = pytest.mark.integration


def _project() -> tuple[int, int, str]:
    from shared.data import repository as repo
    from shared.data.db import session_scope

    with session_scope() as db:
        user = repo.create_user(db, email=f"{uuid.uuid4().hex}@example.com", password_hash="x")
        project = repo.create_project(db, owner_id=user.id, name="p")
        chat = repo.create_session(
            db, session_id=str(uuid.uuid4()), project_id=project.id, user_id=user.id
        )
        return user.id, project.id, chat.id


def _insert(project_id: int, job_id: str | None) -> tuple[int, bool]:
    from shared.data import repository as repo
    from shared.data.db import session_scope

    with session_scope() as db:
        version, created = repo.insert_version(
            db,
            project_id=project_id,
            d2="a -> b",
            diagram_state={"nodes": [], "edges": []},
            svg="<svg/>",
            pinned_nodes=[],
            job_id=job_id,
            parent_version_id=None,
            session_id=None,
            created_by=None,
            summary="",
        )
        return version.number, created


def test_a_job_makes_one_version_however_often_it_is_stored(infra: ServerInfra) -> None:
    _, project_id, _ = _project()
    job_id = uuid.uuid4().hex
    assert _insert(project_id, job_id) == (1, True)
    assert _insert(project_id, job_id) == (1, False)
    assert _insert(project_id, uuid.uuid4().hex) == (2, True)


def test_concurrent_writers_get_distinct_consecutive_numbers(infra: ServerInfra) -> None:
    _, project_id, _ = _project()
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda _: _insert(project_id, uuid.uuid4().hex), range(12)))
    assert sorted(n for n, _ in results) == list(range(1, 13))


def test_concurrent_deliveries_of_one_job_make_one_version(infra: ServerInfra) -> None:
    _, project_id, _ = _project()
    job_id = uuid.uuid4().hex
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda _: _insert(project_id, job_id), range(6)))
    assert sorted(results) == [(1, False)] * 5 + [(1, True)]
    assert _insert(project_id, uuid.uuid4().hex) == (2, True)  # no number was used up


def test_a_turn_is_stored_once_per_job(infra: ServerInfra) -> None:
    from shared.data import repository as repo
    from shared.data.db import session_scope

    _, project_id, session_id = _project()
    job_id = uuid.uuid4().hex
    for _ in range(2):
        with session_scope() as db:
            repo.add_turn(
                db,
                session_id=session_id,
                project_id=project_id,
                job_id=job_id,
                intent="EXPERT_QA",
                question="why?",
                answer="because",
            )
    with session_scope() as db:
        history = repo.list_history(db, project_id=project_id)
        assert [(m.role, m.content) for m in history] == [
            ("user", "why?"),
            ("assistant", "because"),
        ]
        chat = repo.get_session(db, session_id=session_id)
        assert chat is not None
        snapshot = repo.build_snapshot(db, chat=chat)
        assert [m.content for m in snapshot.messages] == ["why?", "because"]


def test_project_user_ids_are_the_owner_and_members(infra: ServerInfra) -> None:
    from shared.data import repository as repo
    from shared.data.db import session_scope

    owner_id, project_id, _ = _project()
    member_id, _, _ = _project()
    with session_scope() as db:
        assert repo.project_user_ids(db, project_id=project_id) == [owner_id]
        repo.add_member(db, project_id=project_id, user_id=member_id)
        repo.add_member(db, project_id=project_id, user_id=member_id)  # idempotent
    with session_scope() as db:
        assert repo.project_user_ids(db, project_id=project_id) == sorted([owner_id, member_id])
