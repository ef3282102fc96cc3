"""Version notifications: stored in the transaction that makes the version, pushed to each
user's `user:{id}` channel only after that transaction has committed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from shared.data import repository as repo
from shared.events import publish_user_event


@dataclass(frozen=True)
class PendingNotice:
    user_ids: list[int] = field(default_factory=list)
    message: dict[str, Any] = field(default_factory=dict)

    def push(self) -> None:
        """Publish to every recipient; call after the commit."""
        for user_id in self.user_ids:
            publish_user_event(user_id, self.message)


def record_version_notice(
    db: Session, *, project_id: int, version_id: int, kind: str, payload: dict[str, Any]
) -> PendingNotice:
    """Store a notification for the project's owner and members; returns what to push later."""
    user_ids = repo.project_user_ids(db, project_id=project_id)
    repo.add_notifications(
        db,
        user_ids=user_ids,
        project_id=project_id,
        version_id=version_id,
        kind=kind,
        payload=payload,
    )
    return PendingNotice(user_ids=user_ids, message={"kind": kind, **payload})
