"""Queue depth at scrape time: `archdesign_queue_depth{queue}`, the messages waiting in each
worker kind's queue (shared/stages.py WORKERS), read from the broker when `/metrics` is
scraped.

One passive `queue_declare` per queue through kombu, the same call on both brokers: on Redis
it is the LLEN of the queue's list keys (one per priority step), on RabbitMQ the queue's
message count. A queue the broker does not know yet (Redis deletes an empty list) is 0.
The cost is bounded: the answer is reused for `cache_seconds`, so a scrape storm reads the
broker at most once per interval, and an unreachable broker costs one short connect timeout
and leaves the gauge out of that scrape (the rest of `/metrics` is served as usual).

The gateway's sweeper asks the same collector with its own freshness rule: an answer read
after a given moment (`since`). It decides whether a handed-off job's message is still queued,
so a cached answer from before the hand-off would call a full queue empty (shared/jobrun.py).
It reads at most once a sweep, and its read refreshes the gauge's cache.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence

import structlog
from kombu import Connection
from kombu.exceptions import ChannelError
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

log = structlog.get_logger("gateway.queues")

QUEUE_DEPTH = "archdesign_queue_depth"
#: seconds one read of the broker may take to connect
READ_TIMEOUT = 1.0


def read_depths(url: str, queues: Sequence[str], timeout: float) -> dict[str, int]:
    """Messages waiting in each of `queues` on the broker at `url` (raises when unreachable)."""
    depths: dict[str, int] = {}
    with Connection(url, connect_timeout=timeout, transport_options={"max_retries": 0}) as conn:
        conn.ensure_connection(max_retries=0, timeout=timeout)
        channel = conn.channel()
        try:
            for queue in queues:
                try:
                    depths[queue] = int(channel.queue_declare(queue, passive=True).message_count)
                except ChannelError:
                    depths[queue] = 0  # not declared yet (or an empty Redis list)
                    channel.close()  # RabbitMQ closes a channel after a failed passive declare
                    channel = conn.channel()
        finally:
            channel.close()
    return depths


class QueueDepthCollector(Collector):
    """A Prometheus collector of the queues' depths, cached for `cache_seconds`."""

    def __init__(
        self,
        url: Callable[[], str],
        queues: Sequence[str],
        *,
        cache_seconds: float,
        timeout: float = READ_TIMEOUT,
    ) -> None:
        self._url = url
        self._queues = tuple(queues)
        self._cache_seconds = cache_seconds
        self._timeout = timeout
        self._lock = threading.Lock()
        self._read_at = float("-inf")
        self._depths: dict[str, int] | None = None

    def depths(self, since: float = float("-inf")) -> dict[str, int] | None:
        """The cached depths, read again when older than `cache_seconds` or begun before
        `since` (a `time.monotonic()` value); None when the broker did not answer."""
        with self._lock:
            now = time.monotonic()
            if now - self._read_at >= self._cache_seconds or self._read_at < since:
                try:
                    self._depths = read_depths(self._url(), self._queues, self._timeout)
                except Exception as exc:  # any broker failure: the gauge is left out
                    log.warning("queue_depth.unavailable", error=f"{type(exc).__name__}: {exc}")
                    self._depths = None
                # when the read began: every message the broker held by then is counted
                self._read_at = now
            return self._depths

    def collect(self) -> Iterator[Metric]:
        depths = self.depths()
        if depths is None:
            return
        family = GaugeMetricFamily(
            QUEUE_DEPTH, "Messages waiting in each worker kind's queue", labels=["queue"]
        )
        for queue, depth in depths.items():
            family.add_metric([queue], depth)
        yield family
