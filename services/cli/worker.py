"""`archdesign worker KIND`: run one Celery worker of a kind, consuming that kind's queue.

The kinds, their tasks and their on-ready hooks come from the stage table (shared/stages.py).
The solo pool: one process per worker (~50 MB less than prefork, less CPU per job); scale
by running more of them (`docker compose up --scale layout=4`).
"""

from __future__ import annotations

import argparse
import os
import socket

from prometheus_client import start_http_server

from shared.celery_app import get_celery
from shared.logging import configure_logging
from shared.pipeline import register_worker
from shared.settings import queue_settings
from shared.stages import WORKER_KINDS


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="archdesign worker")
    parser.add_argument("kind", choices=WORKER_KINDS)
    parser.add_argument("--name", help="worker node name (default KIND-<pid>@<host>)")
    parser.add_argument("--loglevel", default="INFO")
    args = parser.parse_args(argv)

    configure_logging(f"worker-{args.kind}")
    app = get_celery()
    register_worker(app, args.kind)
    port = queue_settings().worker_metrics_port
    if port:
        start_http_server(port)
    name = args.name or f"{args.kind}-{os.getpid()}@{socket.gethostname()}"
    app.worker_main(
        [
            "worker",
            f"--queues={args.kind}",
            "--pool=solo",
            "--concurrency=1",
            f"--hostname={name}",
            f"--loglevel={args.loglevel}",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ]
    )
    return 0
