"""Versions of a project's diagram: look-ups, the diff of two versions, revert; and the
project's conversation history."""

from __future__ import annotations

import difflib
from typing import Any

from sqlalchemy.orm import Session

from services.gateway.schemas import DiffOut
from services.gateway.service.projects import accessible_project
from shared.data import repository as repo
from shared.data.history import revert_to
from shared.data.models import DiagramVersion, Message, Project, User, VersionThreats
from shared.errors import NotFound


def version(db: Session, project: Project, number: int) -> DiagramVersion:
    """Version `number` of the project (404 for none)."""
    found = repo.get_version(db, project_id=project.id, number=number)
    if found is None:
        raise NotFound(f"Version {number} does not exist.", error_code="VERSION_NOT_FOUND")
    return found


def get(db: Session, *, user: User, code: str, number: int) -> tuple[Project, DiagramVersion]:
    """Version `number` of the project `code`, if `user` may read it."""
    project = accessible_project(db, user, code)
    return project, version(db, project, number)


def threats(db: Session, *, user: User, code: str, number: int) -> VersionThreats:
    """The threat model stored with version `number` (404 when the version has none: made
    before threat modelling, or its job failed before the threats stage)."""
    _, found = get(db, user=user, code=code, number=number)
    stored = repo.get_version_threats(db, version_id=found.id)
    if stored is None:
        raise NotFound(
            f"Version {number} has no threat model (it was made before threat modelling).",
            error_code="THREATS_NOT_FOUND",
        )
    return stored


def list_all(db: Session, *, user: User, code: str) -> list[DiagramVersion]:
    """Every version of the project, oldest first."""
    project = accessible_project(db, user, code)
    return repo.list_versions(db, project_id=project.id)


def _ids(state: dict[str, Any], key: str) -> set[str]:
    items: list[Any] = state.get(key) or []
    return {str(i["id"]) for i in items if isinstance(i, dict) and "id" in i}


def diff(a: DiagramVersion, b: DiagramVersion) -> DiffOut:
    """What changed from `a` to `b`: a unified diff of the D2 text and the node/edge id sets of
    the two React Flow states."""
    unified = "".join(
        difflib.unified_diff(
            a.d2.splitlines(keepends=True),
            b.d2.splitlines(keepends=True),
            fromfile=f"v{a.number}.d2",
            tofile=f"v{b.number}.d2",
        )
    )
    na, nb = _ids(a.diagram_state, "nodes"), _ids(b.diagram_state, "nodes")
    ea, eb = _ids(a.diagram_state, "edges"), _ids(b.diagram_state, "edges")
    return DiffOut(
        from_number=a.number,
        to_number=b.number,
        unified=unified,
        nodes_added=sorted(nb - na),
        nodes_removed=sorted(na - nb),
        edges_added=sorted(eb - ea),
        edges_removed=sorted(ea - eb),
    )


def diff_numbers(db: Session, *, user: User, code: str, a: int, b: int) -> DiffOut:
    project = accessible_project(db, user, code)
    return diff(version(db, project, a), version(db, project, b))


def revert(db: Session, *, user: User, code: str, number: int) -> tuple[Project, DiagramVersion]:
    """Make version `number` current again, as a new version whose parent is the latest;
    committed, then the project's users are notified."""
    project = accessible_project(db, user, code)
    source = version(db, project, number)
    new, notice = revert_to(db, project=project, source=source, user_id=user.id)
    db.commit()
    notice.push()
    return project, new


def history(db: Session, *, user: User, code: str, session_id: str | None) -> list[Message]:
    """The project's conversation (optionally one session's), oldest first."""
    project = accessible_project(db, user, code)
    return repo.list_history(db, project_id=project.id, session_id=session_id)
