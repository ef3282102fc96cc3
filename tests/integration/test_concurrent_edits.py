"""Concurrent edits of one project, through the real gateway and workers: every edit the client
is told succeeded is in the latest version, the versions form one chain, and an edit that
could not be applied fails with VERSION_CONFLICT (never a silent lost update). Persistence's
stale-base check itself runs in-process on the real database."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from services.dsl.d2 import validate_d2
from services.persistence.stage import save
from shared.contracts import (
    GenerationKind,
    GenerationResult,
    Intent,
    IntentResult,
    IntentSource,
    JobContext,
    LayoutResult,
    SessionSnapshot,
    utcnow,
)
from shared.events import init_job_state, read_job_state
from shared.pipeline import run_stage
from shared.settings import queue_settings
from tests.support.api import Api
from tests.support.infra import ChildProcess, ServerInfra
from tests.support.suite import private_suite

pytestmark = pytest.mark.integration

#: each edit, and the node the built-in architect adds for it
EDITS = {
    "add a CDN": "cdn",
    "add monitoring": "monitoring",
    "add a queue": "message_queue",
    "add a cache": "cache",
}


def _node_ids(d2: str) -> set[str]:
    return {node.id for node in validate_d2(d2).graph.nodes}


def _four_edits_at_once(api: Api) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """Version 1, then the four edits sent at once (all on version 1): every edit's finished
    job, and the project's versions. Checks what must hold whatever the outcome: each edit
    the client is told succeeded is in the latest version, every other one failed with
    VERSION_CONFLICT, and the versions form one chain, one per successful edit."""
    _, headers = api.new_user()
    project = api.new_project(headers)
    first = api.ask(headers, project, "create a web app with a postgres database")
    assert first["status"] == "succeeded", first
    session_id = first["result"]["session_id"]
    assert not set(EDITS.values()) & _node_ids(first["result"]["payload"]["d2"])

    def submit(query: str) -> str:
        return str(api.generate(headers, project, query, session_id)["job_id"])

    with ThreadPoolExecutor(len(EDITS)) as pool:
        job_ids = dict(zip(EDITS, pool.map(submit, EDITS), strict=True))
    jobs: dict[str, dict[str, Any]] = {
        query: api.wait_job(headers, job_id, timeout=120) for query, job_id in job_ids.items()
    }

    versions = api.http.get(f"/v2/projects/{project}/versions", headers=headers).json()
    latest = api.http.get(
        f"/v2/projects/{project}/versions/{versions[-1]['number']}", headers=headers
    ).json()
    in_latest = _node_ids(latest["d2"])
    succeeded = [q for q, job in jobs.items() if job["status"] == "succeeded"]
    for query, job in jobs.items():
        if job["status"] == "succeeded":
            assert EDITS[query] in in_latest, (query, sorted(in_latest))
        else:
            assert job["error"]["error_code"] == "VERSION_CONFLICT", job
    assert succeeded, jobs  # the first edit saved never conflicts
    assert [v["number"] for v in versions] == list(range(1, len(succeeded) + 2))
    for parent, child in pairwise(versions):
        assert child["parent_version_id"] == parent["version_id"], versions
    numbers = sorted(jobs[q]["result"]["payload"]["version_number"] for q in succeeded)
    assert numbers == list(range(2, len(succeeded) + 2))
    return jobs, versions


def test_concurrent_edits_all_land_in_the_latest_version(api: Api) -> None:
    jobs, versions = _four_edits_at_once(api)
    assert all(job["status"] == "succeeded" for job in jobs.values()), jobs
    assert len(versions) == 1 + len(EDITS)


def test_an_edit_that_cannot_be_rebased_is_refused_with_a_conflict(tmp_path: Path) -> None:
    # No second generation allowed: every edit but the first one saved must be refused. The
    # intent stage is slowed down (test-only fault injection) so that the four edits are all
    # submitted, on version 1, before the first one is saved.
    env = {"EDIT_MAX_REBASES": "0", "FAULT_DELAY_STAGE": "intent", "FAULT_DELAY_SECONDS": "1"}
    with private_suite(tmp_path, env) as suite, Api(suite.base_url) as api:
        jobs, versions = _four_edits_at_once(api)
    refused = [job for job in jobs.values() if job["status"] == "failed"]
    assert len(refused) == len(EDITS) - 1 and len(versions) == 2, jobs


def _stale_edit(rebases: int, intent: Intent = Intent.DSL_UPDATE) -> tuple[JobContext, int]:
    """A job whose edit (or new design) was generated on version 1 while version 2 was saved;
    returns its context (ready for persistence) and version 2's id."""
    from shared.data import repository as repo
    from shared.data.db import session_scope

    with session_scope() as db:
        user = repo.create_user(db, email=f"{uuid.uuid4().hex}@example.com", password_hash="x")
        project = repo.create_project(db, owner_id=user.id, name="p")
        chat = repo.create_session(
            db, session_id=str(uuid.uuid4()), project_id=project.id, user_id=user.id
        )
        base_id, latest_id = (
            repo.insert_version(
                db,
                project_id=project.id,
                d2=f"a -> b{n}",
                diagram_state={"nodes": [], "edges": [], "n": n},
                svg="<svg/>",
                pinned_nodes=[],
                job_id=None,
                parent_version_id=None,
                session_id=chat.id,
                created_by=user.id,
                summary="",
            )[0].id
            for n in (1, 2)
        )
        job_id = uuid.uuid4().hex
        deadline = utcnow() + timedelta(seconds=60)
        repo.create_job(
            db,
            job_id=job_id,
            user_id=user.id,
            project_id=project.id,
            session_id=chat.id,
            query="add a cache",
            deadline=deadline,
        )
        d2 = "a\nb1\ncache\na -> b1\na -> cache"
        ctx = JobContext(
            job_id=job_id,
            user_id=user.id,
            project_id=project.id,
            project_code=project.code,
            query="add a cache",
            session=SessionSnapshot(
                session_id=chat.id,
                current_version_id=base_id,
                current_version_number=1,
                current_d2="a -> b1",
            ),
            deadline=deadline,
            rebases=rebases,
            intent=IntentResult(intent=intent, confidence=1.0, source=IntentSource.PATTERN),
            generation=GenerationResult(kind=GenerationKind.DIAGRAM, message="Added", d2=d2),
            validation=validate_d2(d2),
            layout=LayoutResult(diagram_state={"nodes": [], "edges": []}, svg="<svg/>"),
        )
    init_job_state(job_id, user_id=user.id, project_id=project.id, project_code=project.code)
    return ctx, latest_id


def _versions_of(job_id: str) -> int:
    from shared.data import repository as repo
    from shared.data.db import session_scope

    with session_scope() as db:
        return 0 if repo.get_version_by_job(db, job_id=job_id) is None else 1


def test_an_edit_on_a_stale_base_is_generated_again_on_the_latest(infra: ServerInfra) -> None:
    ctx, latest_id = _stale_edit(rebases=0)
    again = save(ctx)
    assert _versions_of(ctx.job_id) == 0  # nothing saved on the stale base
    assert again.route == "generate" and again.rebases == 1
    assert again.session.current_version_id == latest_id
    assert again.session.current_version_number == 2
    assert again.session.current_d2 == "a -> b2"
    assert again.previous_diagram_state == {"nodes": [], "edges": [], "n": 2}
    assert again.generation is None and again.validation is None
    assert again.threats is None and again.layout is None


def test_an_edit_that_keeps_conflicting_fails_with_version_conflict(
    infra: ServerInfra, workers: dict[str, ChildProcess]
) -> None:
    ctx, _ = _stale_edit(rebases=queue_settings().edit_max_rebases)
    run_stage("persist", save, ctx.model_dump(mode="json"), task=None)
    state = read_job_state(ctx.job_id)
    assert state is not None and state["status"] == "failed"
    assert state["error"]["error_code"] == "VERSION_CONFLICT"
    assert state["error"]["details"]["latest_version_number"] == 2
    assert _versions_of(ctx.job_id) == 0


def test_a_new_design_on_a_stale_base_lands_on_top_of_the_latest(infra: ServerInfra) -> None:
    from shared.data import repository as repo
    from shared.data.db import session_scope

    ctx, latest_id = _stale_edit(rebases=0, intent=Intent.DSL_CREATE)
    save(ctx)
    with session_scope() as db:
        version = repo.get_version_by_job(db, job_id=ctx.job_id)
        assert version is not None  # saved as it is, not generated again
        assert version.parent_version_id == latest_id and version.number == 3
        assert version.d2 == ctx.validation.d2  # type: ignore[union-attr]
