"""Conversation sessions: cached in Redis with a sliding TTL, durable in PostgreSQL.

When Redis has lost a session (flush, eviction, restart) it is rebuilt from PostgreSQL:
last version, pinned nodes, last intent, view and the last 50 messages.
"""

from __future__ import annotations

import redis
import structlog
from sqlalchemy.orm import Session

from shared.contracts import ChatMessage, SessionSnapshot
from shared.data import repository as repo
from shared.redis_client import get_redis
from shared.settings import redis_settings

log = structlog.get_logger("sessions")


def cache_key(session_id: str) -> str:
    return f"session:{session_id}"


def cache_snapshot(snapshot: SessionSnapshot, client: redis.Redis | None = None) -> None:
    r = client if client is not None else get_redis()
    r.set(
        cache_key(snapshot.session_id),
        snapshot.model_dump_json(),
        ex=redis_settings().session_ttl_seconds,
    )


def cached_snapshot(session_id: str, client: redis.Redis | None = None) -> SessionSnapshot | None:
    """The session from Redis (refreshing its TTL); None when Redis does not hold it."""
    r = client if client is not None else get_redis()
    raw = r.getex(cache_key(session_id), ex=redis_settings().session_ttl_seconds)
    return SessionSnapshot.model_validate_json(raw) if raw else None


def load_snapshot(
    db: Session, *, session_id: str, client: redis.Redis | None = None
) -> SessionSnapshot | None:
    """The session from Redis (refreshing its TTL), else rebuilt from PostgreSQL and re-cached."""
    r = client if client is not None else get_redis()
    cached = cached_snapshot(session_id, r)
    if cached is not None:
        return cached
    chat = repo.get_session(db, session_id=session_id)
    if chat is None:
        return None
    snapshot = repo.build_snapshot(db, chat=chat)
    log.info("session.rebuilt_from_database", session_id=session_id)
    cache_snapshot(snapshot, r)
    return snapshot


def append_turn(
    snapshot: SessionSnapshot, *, user: ChatMessage, assistant: ChatMessage
) -> SessionSnapshot:
    """The snapshot after one more exchange, keeping the last messages only."""
    messages = [*snapshot.messages, user, assistant][-repo.SNAPSHOT_MESSAGES :]
    return snapshot.model_copy(update={"messages": messages})
