"""Redis connections (sync for workers, async for the gateway), from REDIS_URL."""

from __future__ import annotations

from functools import lru_cache

import redis
import redis.asyncio as aioredis

from shared.errors import ServiceUnavailable
from shared.settings import redis_settings


def redis_url() -> str:
    url = redis_settings().url
    if not url:
        raise ServiceUnavailable(
            "REDIS_URL is not set (`archdesign up` starts an embedded Redis when it is unset)",
            error_code="REDIS_NOT_CONFIGURED",
        )
    return url


@lru_cache
def get_redis() -> redis.Redis:
    """The process-wide sync client (thread-safe connection pool)."""
    return redis.Redis.from_url(redis_url(), decode_responses=True, health_check_interval=30)


def new_async_redis() -> aioredis.Redis:
    """A new async client; the gateway owns one per event loop (created in its lifespan)."""
    return aioredis.Redis.from_url(redis_url(), decode_responses=True, health_check_interval=30)


def new_async_pool_client(*, max_connections: int, timeout: float, name: str) -> aioredis.Redis:
    """An async client whose pool holds at most `max_connections`; a command waits up to
    `timeout` seconds for a free one (instead of failing at once). `name` shows in Redis's
    CLIENT LIST, so an operator can count each pool's connections."""
    pool = aioredis.BlockingConnectionPool.from_url(
        redis_url(),
        decode_responses=True,
        health_check_interval=30,
        max_connections=max_connections,
        timeout=timeout,
        client_name=name,
    )
    return aioredis.Redis(connection_pool=pool)
