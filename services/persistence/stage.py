"""The last stage: store the outcome of a job in one transaction, then publish it.

A new version is stored with its threat model (the threats stage's section).
Idempotent: the version row is keyed by job id and messages by (job id, role), and a job is
finished only once, so a redelivered context never makes a second version or message.
Redis is told (job result, session cache, user notifications) only after the commit.

Edits apply in order: an edited diagram generated on a version that is no longer the
project's latest (another edit was saved meanwhile) is not saved; the job goes back to generation on
the latest version (bounded by EDIT_MAX_REBASES, then VERSION_CONFLICT). The check and the
insert run under the project's row lock, so no version slips in between. A new design
(DSL_CREATE) does not depend on its base, so it is saved on top of the latest as it is.
The result names versions by number; the gateway adds their URLs when it answers.
"""

from __future__ import annotations

from typing import Any

import structlog

from services.persistence import actions
from shared.contracts import (
    ChatMessage,
    GenerationKind,
    Intent,
    JobContext,
    JobError,
    JobResult,
    JobStatus,
    Outcome,
    ResultPayload,
)
from shared.data import repository as repo
from shared.data import session_store
from shared.data.db import session_scope
from shared.data.models import DiagramVersion
from shared.data.notifications import PendingNotice, record_version_notice
from shared.errors import Conflict, StageFailed
from shared.events import publish_final
from shared.metrics import JOBS_FINISHED
from shared.settings import queue_settings

log = structlog.get_logger("persistence")


def _outcome(ctx: JobContext) -> Outcome:
    """What the query did, for a client to test (shared.contracts.Outcome)."""
    assert ctx.generation is not None and ctx.intent is not None
    kind = ctx.generation.kind
    if kind == GenerationKind.DIAGRAM:
        return "applied"
    if kind == GenerationKind.VIEW:
        return "view"
    if ctx.intent.intent == Intent.EXPERT_QA:
        return "answered"
    if ctx.intent.intent == Intent.OUT_OF_SCOPE:
        return "refused"
    return "clarify"


def _stored_view(ctx: JobContext) -> dict[str, Any] | None:
    """The view as the session keeps it: its spec, and the picture it drew (the view's D2,
    React Flow state and SVG, of the version it is a view of), fetched again at
    `GET /v2/projects/{code}/sessions/{id}/view`."""
    gen = ctx.generation
    if gen is None or gen.kind != GenerationKind.VIEW or gen.view is None:
        return None
    rendered = None
    if ctx.validation is not None and ctx.layout is not None:
        rendered = {
            "version_number": ctx.session.current_version_number,
            "d2": ctx.validation.d2,
            "diagram_state": ctx.layout.diagram_state,
            "svg": ctx.layout.svg,
        }
    return {**gen.view.model_dump(), "rendered": rendered}


def save(ctx: JobContext) -> JobContext:
    if ctx.intent is None or ctx.generation is None:
        raise StageFailed("The job reached persistence without an intent or a reply.")
    gen = ctx.generation
    snapshot = ctx.session
    # Whatever the reply, a project with a diagram answers with it: a query that changed
    # nothing (not understood, refused, a question) shows the current diagram unchanged.
    payload = ResultPayload(
        version_id=snapshot.current_version_id,
        version_number=snapshot.current_version_number,
        d2=snapshot.current_d2,
        diagram_state=ctx.previous_diagram_state if snapshot.current_d2 else None,
        pinned_nodes=snapshot.pinned_nodes,
        outcome=_outcome(ctx),
    )
    message = gen.message
    notice = PendingNotice()
    new_version = None
    with session_scope() as db:
        job = repo.get_job(db, job_id=ctx.job_id)
        if job is None:
            raise StageFailed("Unknown job", details={"job_id": ctx.job_id})
        if gen.kind == GenerationKind.DIAGRAM:
            if ctx.validation is None or ctx.layout is None:
                raise StageFailed("A diagram reply reached persistence without validation/layout.")
            latest = repo.newer_latest(
                db,
                project_id=ctx.project_id,
                job_id=ctx.job_id,
                base_version_id=snapshot.current_version_id,
            )
            parent_id = snapshot.current_version_id
            if latest is not None:  # another job saved a version since this one started
                if ctx.intent.intent != Intent.DSL_CREATE:
                    return rebased(ctx, latest)
                # A new design does not build on the version it started from: it lands on
                # top of the latest as it is, and the other change stays in the history.
                parent_id = latest.id
            version, created = repo.insert_version(
                db,
                project_id=ctx.project_id,
                d2=ctx.validation.d2,
                diagram_state=ctx.layout.diagram_state,
                svg=ctx.layout.svg,
                pinned_nodes=snapshot.pinned_nodes,
                job_id=ctx.job_id,
                parent_version_id=parent_id,
                session_id=snapshot.session_id,
                created_by=ctx.user_id,
                summary=gen.message,
            )
            new_version = version
            if ctx.threats is not None:
                repo.save_version_threats(
                    db,
                    version_id=version.id,
                    model=ctx.threats.model,
                    counts=ctx.threats.counts,
                )
            payload = _version_payload(version, "applied")
            if created:
                notice = record_version_notice(
                    db,
                    project_id=ctx.project_id,
                    version_id=version.id,
                    kind="version_created",
                    payload=_notification(ctx, version.number),
                )
        elif gen.kind == GenerationKind.ACTION and gen.action is not None:
            done = actions.carry_out(db, ctx, gen.action)
            message, notice = done.message, done.notice
            if done.new_version:
                new_version = done.version
            if done.version is not None:
                payload = _version_payload(done.version, "applied" if done.applied else "refused")
                pins = sorted(repo.pin_positions(db, project_id=ctx.project_id))
                payload = payload.model_copy(update={"pinned_nodes": pins})
            else:
                payload = payload.model_copy(update={"outcome": "refused"})
        elif gen.kind == GenerationKind.VIEW and ctx.layout is not None:
            payload = payload.model_copy(
                update={
                    "d2": ctx.validation.d2 if ctx.validation else snapshot.current_d2,
                    "diagram_state": ctx.layout.diagram_state,
                    "view": gen.view,
                }
            )

        intent = ctx.intent.intent.value
        repo.add_turn(
            db,
            session_id=snapshot.session_id,
            project_id=ctx.project_id,
            job_id=ctx.job_id,
            intent=intent,
            question=ctx.query,
            answer=message,
            version_id=new_version.id if new_version else None,
        )
        repo.update_session_state(
            db,
            session_id=snapshot.session_id,
            last_intent=intent,
            current_version_id=new_version.id if new_version else None,
            view=_stored_view(ctx),
        )
        result = JobResult(
            intent=ctx.intent.intent,
            message=message,
            confidence=ctx.intent.confidence,
            session_id=snapshot.session_id,
            classification_source=ctx.intent.source,
            generator=gen.generator,
            payload=payload,
        )
        finished = repo.finish_job(
            db,
            job_id=ctx.job_id,
            status=JobStatus.SUCCEEDED,
            result=result.model_dump(mode="json"),
            usage=[u.model_dump() for u in gen.usage],
        )
    # Committed: now tell Redis (a crash before this line is repaired by redelivery).
    if not finished:
        log.info("persistence.job_already_final")
    _refresh_session_cache(ctx, result, new_version_d2=payload.d2 if new_version else None)
    publish_final(ctx.job_id, result=result)
    JOBS_FINISHED.labels(status="succeeded").inc()
    notice.push()
    return ctx


def rebased(ctx: JobContext, latest: DiagramVersion) -> JobContext:
    """The job sent back to generation on the project's latest version, so that its change
    lands on top of the one saved first; VERSION_CONFLICT after EDIT_MAX_REBASES times."""
    details = {
        "base_version_number": ctx.session.current_version_number,
        "latest_version_number": latest.number,
        "rebases": ctx.rebases,
    }
    if ctx.rebases >= queue_settings().edit_max_rebases:
        raise Conflict(
            "Other changes to this project were saved while this one was being made, and it "
            "could not be applied on top of them; send it again.",
            error_code="VERSION_CONFLICT",
            details=details,
        )
    log.info("persistence.rebase", **details)
    session = ctx.session.model_copy(
        update={
            "current_version_id": latest.id,
            "current_version_number": latest.number,
            "current_d2": latest.d2,
        }
    )
    return ctx.model_copy(
        update={
            "session": session,
            "previous_diagram_state": latest.diagram_state,
            "generation": None,
            "validation": None,
            "threats": None,
            "layout": None,
            "rebases": ctx.rebases + 1,
            "route": "generate",
        }
    )


def _version_payload(version: DiagramVersion, outcome: Outcome) -> ResultPayload:
    return ResultPayload(
        version_id=version.id,
        version_number=version.number,
        d2=version.d2,
        diagram_state=version.diagram_state,
        pinned_nodes=list(version.pinned_nodes),
        outcome=outcome,
    )


def _notification(ctx: JobContext, number: int | None) -> dict[str, Any]:
    return {
        "project_code": ctx.project_code,
        "version_number": number,
        "job_id": ctx.job_id,
        "actor_id": ctx.user_id,
    }


def _refresh_session_cache(ctx: JobContext, result: JobResult, new_version_d2: str | None) -> None:
    snapshot = session_store.append_turn(
        ctx.session,
        user=ChatMessage(role="user", content=ctx.query, intent=result.intent),
        assistant=ChatMessage(role="assistant", content=result.message, intent=result.intent),
    )
    update: dict[str, Any] = {"last_intent": result.intent}
    if new_version_d2 is not None:
        update.update(
            current_version_id=result.payload.version_id,
            current_version_number=result.payload.version_number,
            current_d2=new_version_d2,
        )
    if ctx.generation and ctx.generation.kind == GenerationKind.VIEW and ctx.generation.view:
        update["view"] = ctx.generation.view
    session_store.cache_snapshot(snapshot.model_copy(update=update))


def record_failure(job_id: str, error: JobError) -> None:
    """Make a failure durable (the failing stage already told Redis and subscribers)."""
    with session_scope() as db:
        repo.finish_job(db, job_id=job_id, status=JobStatus.FAILED, error=error.model_dump())
