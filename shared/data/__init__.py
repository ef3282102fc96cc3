"""The data layer: SQLAlchemy models, engine and sessions, the repository (every query),
Alembic migrations, the session store (Redis cache over PostgreSQL) and version notices.

Imported by the gateway (requests) and the persistence worker (the last stage); neither
reaches into the other. Functions here never commit: the request or the task owns the
transaction (`session_scope`), then publishes.
"""
