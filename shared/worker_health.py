"""Which workers answer a Celery ping over the broker (`archdesign worker-health`, the
gateway's `/ready`).

A worker's node name is `KIND-<pid>@<hostname>` (services/cli/worker.py), so the replies say
which kinds of the stage table (shared/stages.py) have at least one live worker.
"""

from __future__ import annotations

from collections import Counter

from shared.celery_app import get_celery
from shared.stages import WORKER_KINDS


def ping_workers(timeout: float) -> list[str]:
    """Node names of the workers that answered within `timeout` seconds (blocking)."""
    replies: list[dict[str, object]] = get_celery().control.ping(timeout=timeout) or []
    return [name for reply in replies for name in reply]


def kind_of(node: str) -> str:
    """The worker kind of a node name (`layout-123@box` -> `layout`)."""
    return node.split("@", 1)[0].rsplit("-", 1)[0]


def kinds_answering(nodes: list[str], kinds: tuple[str, ...] = WORKER_KINDS) -> dict[str, int]:
    """Per worker kind, how many of `nodes` are of it (0 = none answered)."""
    counts = Counter(kind_of(n) for n in nodes)
    return {kind: counts.get(kind, 0) for kind in kinds}
