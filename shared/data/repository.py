"""Every database query of archdesign. Functions take the SQLAlchemy session and keyword
arguments; they never commit — the request or the task that calls them owns the transaction.
"""

from __future__ import annotations

import secrets
import string
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from shared.contracts import ChatMessage, Intent, JobStatus, SessionSnapshot, ViewSpec, utcnow
from shared.data.models import (
    ChatSession,
    DiagramVersion,
    Job,
    Message,
    Notification,
    Project,
    ProjectMember,
    ProjectPin,
    User,
    VersionThreats,
)

PROJECT_CODE_ALPHABET = string.ascii_uppercase + string.digits
SNAPSHOT_MESSAGES = 50

# ------------------------------------------------------------------------------------ users


def create_user(db: Session, *, email: str, password_hash: str) -> User:
    user = User(email=email, password_hash=password_hash)
    db.add(user)
    db.flush()
    return user


def get_user_by_email(db: Session, *, email: str) -> User | None:
    return db.scalar(select(User).where(User.email == email))


def get_user(db: Session, *, user_id: int) -> User | None:
    return db.get(User, user_id)


# --------------------------------------------------------------------------------- projects


def new_project_code() -> str:
    return "".join(secrets.choice(PROJECT_CODE_ALPHABET) for _ in range(7))


def create_project(db: Session, *, owner_id: int, name: str) -> Project:
    for _ in range(10):
        code = new_project_code()
        if db.scalar(select(Project.id).where(Project.code == code)) is None:
            project = Project(code=code, name=name, owner_id=owner_id)
            db.add(project)
            db.flush()
            return project
    raise RuntimeError("could not allocate a unique project code")  # 36^7 codes: not expected


def get_project_by_code(db: Session, *, code: str) -> Project | None:
    return db.scalar(select(Project).where(Project.code == code))


def get_project(db: Session, *, project_id: int) -> Project | None:
    return db.get(Project, project_id)


def list_projects_for_user(db: Session, *, user_id: int) -> list[Project]:
    member_of = select(ProjectMember.project_id).where(ProjectMember.user_id == user_id)
    rows = db.scalars(
        select(Project)
        .where(or_(Project.owner_id == user_id, Project.id.in_(member_of)))
        .order_by(Project.id)
    )
    return list(rows)


def user_can_access(db: Session, *, project: Project, user_id: int) -> bool:
    if project.owner_id == user_id:
        return True
    member = db.get(ProjectMember, (project.id, user_id))
    return member is not None


def add_member(db: Session, *, project_id: int, user_id: int, role: str = "editor") -> None:
    db.execute(
        pg_insert(ProjectMember)
        .values(project_id=project_id, user_id=user_id, role=role)
        .on_conflict_do_nothing()
    )


def project_user_ids(db: Session, *, project_id: int) -> list[int]:
    """The owner and members of a project (one round trip)."""
    owner = select(Project.owner_id.label("user_id")).where(Project.id == project_id)
    members = select(ProjectMember.user_id).where(ProjectMember.project_id == project_id)
    return sorted(set(db.scalars(owner.union(members))))


# ------------------------------------------------------------------------------------- pins


def list_pins(db: Session, *, project_id: int) -> list[ProjectPin]:
    return list(
        db.scalars(
            select(ProjectPin)
            .where(ProjectPin.project_id == project_id)
            .order_by(ProjectPin.node_id)
        )
    )


def pin_positions(db: Session, *, project_id: int) -> dict[str, tuple[float, float]]:
    """node id -> (x, y), as the layout takes pins."""
    return {p.node_id: (p.x, p.y) for p in list_pins(db, project_id=project_id)}


def set_pin(
    db: Session, *, project_id: int, node_id: str, x: float, y: float, user_id: int
) -> ProjectPin:
    """Place (or move) a pin; the last drop wins."""
    values = {"x": x, "y": y, "updated_by": user_id, "updated_at": func.now()}
    db.execute(
        pg_insert(ProjectPin)
        .values(project_id=project_id, node_id=node_id, **values)
        .on_conflict_do_update(index_elements=["project_id", "node_id"], set_=values)
    )
    pin = db.get(ProjectPin, (project_id, node_id), populate_existing=True)
    assert pin is not None
    return pin


def delete_pin(db: Session, *, project_id: int, node_id: str) -> bool:
    result = db.execute(
        delete(ProjectPin).where(ProjectPin.project_id == project_id, ProjectPin.node_id == node_id)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


# --------------------------------------------------------------------------------- sessions


def get_session(db: Session, *, session_id: str) -> ChatSession | None:
    return db.get(ChatSession, session_id)


def create_session(db: Session, *, session_id: str, project_id: int, user_id: int) -> ChatSession:
    chat = ChatSession(id=session_id, project_id=project_id, user_id=user_id, pinned_nodes=[])
    db.add(chat)
    db.flush()
    return chat


def build_snapshot(db: Session, *, chat: ChatSession) -> SessionSnapshot:
    """The session as the pipeline needs it, rebuilt from PostgreSQL alone."""
    version = db.get(DiagramVersion, chat.current_version_id) if chat.current_version_id else None
    recent = list(
        db.scalars(
            select(Message)
            .where(Message.session_id == chat.id)
            .order_by(Message.id.desc())
            .limit(SNAPSHOT_MESSAGES)
        )
    )
    recent.reverse()
    return SessionSnapshot(
        session_id=chat.id,
        current_version_id=version.id if version else None,
        current_version_number=version.number if version else None,
        current_d2=version.d2 if version else None,
        pinned_nodes=list(chat.pinned_nodes or []),
        last_intent=Intent(chat.last_intent) if chat.last_intent else None,
        view=ViewSpec.model_validate(chat.view) if chat.view else None,
        messages=[
            ChatMessage(
                role=m.role,  # type: ignore[arg-type]
                content=m.content,
                intent=Intent(m.intent) if m.intent else None,
            )
            for m in recent
        ],
    )


def update_session_state(
    db: Session,
    *,
    session_id: str,
    last_intent: str,
    current_version_id: int | None = None,
    view: dict[str, Any] | None = None,
    pinned_nodes: list[str] | None = None,
) -> None:
    values: dict[str, Any] = {"last_intent": last_intent, "updated_at": func.now()}
    if current_version_id is not None:
        values["current_version_id"] = current_version_id
    if view is not None:
        values["view"] = view
    if pinned_nodes is not None:
        values["pinned_nodes"] = pinned_nodes
    db.execute(update(ChatSession).where(ChatSession.id == session_id).values(**values))


# --------------------------------------------------------------------------------- messages


def add_turn(
    db: Session,
    *,
    session_id: str,
    project_id: int,
    job_id: str,
    intent: str | None,
    question: str,
    answer: str,
    version_id: int | None = None,
) -> None:
    """Store the user's message and the reply; a redelivered job inserts nothing (job, role)."""
    common = {
        "session_id": session_id,
        "project_id": project_id,
        "job_id": job_id,
        "intent": intent,
    }
    stmt = pg_insert(Message).values(
        [
            {**common, "role": "user", "content": question, "version_id": None},
            {**common, "role": "assistant", "content": answer, "version_id": version_id},
        ]
    )
    db.execute(stmt.on_conflict_do_nothing(constraint="uq_messages_job_role"))


def list_history(
    db: Session, *, project_id: int, session_id: str | None = None, limit: int = 200
) -> list[Message]:
    query = select(Message).where(Message.project_id == project_id)
    if session_id:
        query = query.where(Message.session_id == session_id)
    rows = list(db.scalars(query.order_by(Message.id.desc()).limit(limit)))
    rows.reverse()
    return rows


# --------------------------------------------------------------------------------- versions


def _lock_project(db: Session, *, project_id: int) -> None:
    """Lock the project row to the end of the transaction (versions are added one at a time)."""
    db.execute(select(Project.id).where(Project.id == project_id).with_for_update())


def _lock_and_next_number(db: Session, *, project_id: int) -> int:
    """Lock the project row (serialising numbering per project), then read the next number.

    Two statements on purpose: under READ COMMITTED the second one takes a fresh snapshot
    after the lock is granted, so it sees the version the previous lock holder committed.
    """
    _lock_project(db, project_id=project_id)
    highest = db.scalar(
        select(func.coalesce(func.max(DiagramVersion.number), 0)).where(
            DiagramVersion.project_id == project_id
        )
    )
    return int(highest or 0) + 1


def get_version_by_job(db: Session, *, job_id: str) -> DiagramVersion | None:
    return db.scalar(select(DiagramVersion).where(DiagramVersion.job_id == job_id))


def newer_latest(
    db: Session, *, project_id: int, job_id: str, base_version_id: int | None
) -> DiagramVersion | None:
    """The project's latest version when a job generated on `base_version_id` is stale: the
    latest is another version, and the job has none yet (a redelivered job's version stands).

    Locks the project row first (held to the end of the transaction), so no version can be
    added between this check and the job's own insert."""
    _lock_project(db, project_id=project_id)
    if get_version_by_job(db, job_id=job_id) is not None:
        return None
    latest = latest_version(db, project_id=project_id)
    if latest is None or latest.id == base_version_id:
        return None
    return latest


def insert_version(
    db: Session,
    *,
    project_id: int,
    d2: str,
    diagram_state: dict[str, Any],
    svg: str,
    pinned_nodes: list[str],
    job_id: str | None,
    parent_version_id: int | None,
    session_id: str | None,
    created_by: int | None,
    summary: str,
) -> tuple[DiagramVersion, bool]:
    """Add the next version of a project. Idempotent by job id: returns (version, created).

    A redelivered job finds its version through the insert's conflict on the job id (the
    project lock orders it after the first delivery's commit), so the usual first delivery
    pays no look-up."""
    number = _lock_and_next_number(db, project_id=project_id)
    stmt = (
        pg_insert(DiagramVersion)
        .values(
            project_id=project_id,
            number=number,
            d2=d2,
            diagram_state=diagram_state,
            svg=svg,
            pinned_nodes=pinned_nodes,
            job_id=job_id,
            parent_version_id=parent_version_id,
            session_id=session_id,
            created_by=created_by,
            summary=summary,
        )
        .on_conflict_do_nothing(index_elements=["job_id"])
        .returning(DiagramVersion)
    )
    version = db.scalar(stmt)
    if version is None:  # a redelivery: the first delivery's version stands
        existing = get_version_by_job(db, job_id=job_id) if job_id else None
        assert existing is not None
        return existing, False
    return version, True


def list_versions(db: Session, *, project_id: int) -> list[DiagramVersion]:
    return list(
        db.scalars(
            select(DiagramVersion)
            .where(DiagramVersion.project_id == project_id)
            .order_by(DiagramVersion.number)
        )
    )


def save_version_threats(
    db: Session,
    *,
    version_id: int,
    model: dict[str, Any],
    counts: dict[str, int],
    report_md: str,
    dragon: dict[str, Any],
) -> None:
    """Store a version's threat model; idempotent (a redelivered job keeps the first)."""
    db.execute(
        pg_insert(VersionThreats)
        .values(
            version_id=version_id, model=model, counts=counts, report_md=report_md, dragon=dragon
        )
        .on_conflict_do_nothing(index_elements=["version_id"])
    )


def get_version_threats(db: Session, *, version_id: int) -> VersionThreats | None:
    return db.get(VersionThreats, version_id)


def copy_version_threats(db: Session, *, source_id: int, target_id: int) -> None:
    """Give version `target_id` the threat model of `source_id` (a revert: the same D2)."""
    found = get_version_threats(db, version_id=source_id)
    if found is not None:
        save_version_threats(
            db,
            version_id=target_id,
            model=found.model,
            counts=found.counts,
            report_md=found.report_md,
            dragon=found.dragon,
        )


def get_version(db: Session, *, project_id: int, number: int) -> DiagramVersion | None:
    return db.scalar(
        select(DiagramVersion).where(
            DiagramVersion.project_id == project_id, DiagramVersion.number == number
        )
    )


def latest_version(db: Session, *, project_id: int) -> DiagramVersion | None:
    return db.scalar(
        select(DiagramVersion)
        .where(DiagramVersion.project_id == project_id)
        .order_by(DiagramVersion.number.desc())
        .limit(1)
    )


# ------------------------------------------------------------------------------------- jobs


def create_job(
    db: Session,
    *,
    job_id: str,
    user_id: int,
    project_id: int,
    session_id: str,
    query: str,
    deadline: datetime,
) -> Job:
    job = Job(
        id=job_id,
        user_id=user_id,
        project_id=project_id,
        session_id=session_id,
        query=query,
        status=JobStatus.QUEUED.value,
        stage="queued",
        deadline=deadline,
        usage=[],
    )
    db.add(job)
    db.flush()
    return job


def get_job(db: Session, *, job_id: str) -> Job | None:
    return db.get(Job, job_id)


def finish_job(
    db: Session,
    *,
    job_id: str,
    status: JobStatus,
    result: dict[str, Any] | None = None,
    error: dict[str, Any] | None = None,
    usage: list[dict[str, Any]] | None = None,
) -> bool:
    """Move a job to its final state once; returns False when it was already final."""
    values: dict[str, Any] = {
        "status": status.value,
        "stage": "done" if status == JobStatus.SUCCEEDED else "failed",
        "result": result,
        "error": error,
        "updated_at": func.now(),
    }
    if usage is not None:
        values["usage"] = usage
    res = db.execute(
        update(Job)
        .where(
            Job.id == job_id,
            Job.status.in_([JobStatus.QUEUED.value, JobStatus.RUNNING.value]),
        )
        .values(**values)
    )
    return bool(res.rowcount)  # type: ignore[attr-defined]


def sweep_stale_jobs(db: Session, *, now: datetime | None = None, grace: timedelta) -> list[str]:
    """Fail every job still queued/running past its deadline (+ grace). Returns their ids."""
    cutoff = (now or utcnow()) - grace
    error = {
        "error_code": "JOB_TIMEOUT",
        "message": "The job did not finish before its deadline.",
        "details": {},
    }
    rows = db.execute(
        update(Job)
        .where(
            Job.status.in_([JobStatus.QUEUED.value, JobStatus.RUNNING.value]),
            Job.deadline < cutoff,
        )
        .values(status=JobStatus.FAILED.value, stage="failed", error=error, updated_at=func.now())
        .returning(Job.id)
    )
    return [row[0] for row in rows]


# ---------------------------------------------------------------------------- notifications


def add_notifications(
    db: Session,
    *,
    user_ids: list[int],
    project_id: int,
    version_id: int | None,
    kind: str,
    payload: dict[str, Any],
) -> None:
    if user_ids:
        db.execute(
            insert(Notification),
            [
                {
                    "user_id": u,
                    "project_id": project_id,
                    "version_id": version_id,
                    "kind": kind,
                    "payload": payload,
                }
                for u in user_ids
            ],
        )


def list_notifications(db: Session, *, user_id: int, limit: int = 50) -> list[Notification]:
    return list(
        db.scalars(
            select(Notification)
            .where(Notification.user_id == user_id)
            .order_by(Notification.id.desc())
            .limit(limit)
        )
    )
