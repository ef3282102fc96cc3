"""History and pin commands from the conversation ("undo", "revert to version 2", "pin the
gateway where it is", "unpin the gateway"), carried out inside the persistence transaction with
the code the versions and pins APIs use (shared/data/history.py).

Each returns what the reply says and shows: a new version (revert, undo), or the current one
with its pins changed; a command that cannot be carried out changes nothing and says why
(outcome "refused").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from shared.contracts import ChatAction, JobContext
from shared.data import repository as repo
from shared.data.history import absolute_positions, find_node, revert_to, undo_source
from shared.data.models import DiagramVersion, Project
from shared.data.notifications import PendingNotice


@dataclass
class ActionOutcome:
    message: str
    applied: bool
    #: the version the reply shows (a new one after a revert), or None with no diagram
    version: DiagramVersion | None
    new_version: bool = False
    notice: PendingNotice = field(default_factory=PendingNotice)


def carry_out(db: Session, ctx: JobContext, action: ChatAction) -> ActionOutcome:
    project = repo.get_project(db, project_id=ctx.project_id)
    latest = repo.latest_version(db, project_id=ctx.project_id)
    if project is None or latest is None:
        return ActionOutcome(
            "There is no diagram yet, so there is nothing to go back to or pin. Describe a "
            "system first, e.g. “create a web app with postgres and login”.",
            applied=False,
            version=latest,
        )
    if action.op in ("undo", "revert"):
        return _revert(db, ctx, project, latest, action)
    return _pin(db, ctx, latest, action)


def _revert(
    db: Session, ctx: JobContext, project: Project, latest: DiagramVersion, action: ChatAction
) -> ActionOutcome:
    if action.op == "undo":
        source = undo_source(db, project_id=project.id)
        if source is None:
            return ActionOutcome(
                f"There is nothing to undo: version {latest.number} is the first one.",
                applied=False,
                version=latest,
            )
    else:
        number = action.version or 0
        source = repo.get_version(db, project_id=project.id, number=number)
        if source is None:
            return ActionOutcome(
                f"There is no version {number}; the versions are 1 to {latest.number}.",
                applied=False,
                version=latest,
            )
    new, notice = revert_to(
        db,
        project=project,
        source=source,
        user_id=ctx.user_id,
        job_id=ctx.job_id,
        session_id=ctx.session.session_id,
    )
    verb = "Undid the last change" if action.op == "undo" else "Reverted"
    return ActionOutcome(
        f"{verb}: version {new.number} holds the diagram of version {source.number}.",
        applied=True,
        version=new,
        new_version=True,
        notice=notice,
    )


def _pin(db: Session, ctx: JobContext, latest: DiagramVersion, action: ChatAction) -> ActionOutcome:
    phrase = action.target or ""
    node_id = find_node(latest.diagram_state, phrase)
    if node_id is None:
        return ActionOutcome(
            f"I couldn't tell which box “{phrase}” is; name it as the diagram labels it, or "
            "drag it in the picture to pin it.",
            applied=False,
            version=latest,
        )
    if action.op == "unpin":
        if not repo.delete_pin(db, project_id=ctx.project_id, node_id=node_id):
            return ActionOutcome(f"{node_id} was not pinned.", applied=False, version=latest)
        return ActionOutcome(
            f"Unpinned {node_id}: the layout may move it again.", applied=True, version=latest
        )
    position = absolute_positions(latest.diagram_state).get(node_id)
    if position is None:
        return ActionOutcome(f"{node_id} has no position to keep.", applied=False, version=latest)
    x, y = position
    repo.set_pin(db, project_id=ctx.project_id, node_id=node_id, x=x, y=y, user_id=ctx.user_id)
    return ActionOutcome(
        f"Pinned {node_id} where it is; later versions keep it there while the spot is free.",
        applied=True,
        version=latest,
    )
