"""`archdesign worker KIND`: run one Celery worker of a kind, consuming that kind's queue.

The solo pool: one process per worker (~50 MB less than prefork, less CPU per job); scale
by running more of them (`docker compose up --scale layout=4`).
"""

from __future__ import annotations

import argparse
import importlib
import os
import socket

from shared.celery_app import QUEUES, TASK_MODULES, get_celery
from shared.logging import configure_logging
from shared.settings import queue_settings


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="archdesign worker")
    parser.add_argument("kind", choices=sorted(QUEUES))
    parser.add_argument("--name", help="worker node name (default KIND-<pid>@<host>)")
    parser.add_argument("--loglevel", default="INFO")
    args = parser.parse_args(argv)

    configure_logging(f"worker-{args.kind}")
    importlib.import_module(TASK_MODULES[args.kind])
    port = queue_settings().worker_metrics_port
    if port:
        from prometheus_client import start_http_server

        start_http_server(port)
    name = args.name or f"{args.kind}-{os.getpid()}@{socket.gethostname()}"
    get_celery().worker_main(
        [
            "worker",
            f"--queues={QUEUES[args.kind]}",
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
