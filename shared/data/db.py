"""Database engine and sessions (SQLAlchemy 2 + psycopg 3), from DATABASE_URL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy import Connection, Engine, create_engine
from sqlalchemy.orm import Session, sessionmaker

from shared.errors import ServiceUnavailable
from shared.settings import database_settings


def database_url() -> str:
    url = database_settings().url
    if not url:
        raise ServiceUnavailable(
            "DATABASE_URL is not set (`archdesign up` starts an embedded PostgreSQL when unset)",
            error_code="DATABASE_NOT_CONFIGURED",
        )
    # Accept the libpq spelling too; we always drive PostgreSQL through psycopg 3.
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


@lru_cache
def get_engine() -> Engine:
    settings = database_settings()
    return create_engine(
        database_url(),
        pool_size=settings.pool_size,
        pool_pre_ping=True,
        pool_recycle=1800,
    )


@lru_cache
def _session_factory() -> sessionmaker[Session]:
    return sessionmaker(bind=get_engine(), expire_on_commit=False)


@contextmanager
def session_scope() -> Iterator[Session]:
    """A unit of work: commits on success, rolls back on error. Callers own the transaction."""
    session = _session_factory()()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


@contextmanager
def autocommit_connection() -> Iterator[Connection]:
    """A pooled connection in autocommit: each statement is its own transaction, committed
    when it returns, without the BEGIN and COMMIT round trips (for a path whose every write
    is one statement: shared/data/submission.py). Back in the pool it is transactional again."""
    with get_engine().connect() as conn:
        yield conn.execution_options(isolation_level="AUTOCOMMIT")


def reset_engine() -> None:
    """Drop pooled connections (tests switch databases; forked workers must not share sockets)."""
    if get_engine.cache_info().currsize:
        get_engine().dispose()
    get_engine.cache_clear()
    _session_factory.cache_clear()
