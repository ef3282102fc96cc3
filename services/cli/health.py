"""`archdesign worker-health [KIND]`: exit 0 when a worker on this host answers a ping.

For container health checks: Celery's remote-control ping goes out over the broker to every
worker, and the worker of this container is the one whose node name ends in `@<hostname>`
(names are `KIND-<pid>@<hostname>`, see worker.py). So a worker that is up but no longer
consuming from the broker (hung, or cut off from Redis) is reported unhealthy, which a
process check would miss.
"""

from __future__ import annotations

import argparse
import socket
import sys

from shared.stages import WORKER_KINDS
from shared.worker_health import ping_workers


def local_workers(names: list[str], hostname: str, kind: str | None) -> list[str]:
    """Node names among those that answered a ping that run on `hostname` (and are of
    `kind`)."""
    return [
        n
        for n in names
        if n.endswith(f"@{hostname}") and (kind is None or n.startswith(f"{kind}-"))
    ]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="archdesign worker-health")
    parser.add_argument("kind", nargs="?", choices=WORKER_KINDS, help="only this kind")
    parser.add_argument("--timeout", type=float, default=3.0, help="seconds to wait for replies")
    args = parser.parse_args(argv)
    found = local_workers(ping_workers(args.timeout), socket.gethostname(), args.kind)
    if not found:
        print("no worker on this host answered", file=sys.stderr)
        return 1
    print(" ".join(sorted(found)))
    return 0
