"""Throttles of login and register, per account and per client address, kept in Redis with
`limits` (moving windows), so every gateway replica counts the same attempts.

- per client address: every login or register attempt (AUTH_ATTEMPTS_PER_ADDRESS);
- per account, login: failed attempts (AUTH_LOGIN_FAILURES_PER_ACCOUNT); a success clears
  them. Once exhausted the account answers 429 until the window moves, even to the right
  password: a guesser gets no answer that tells it it found the password;
- per account, register: attempts on one email (AUTH_REGISTER_ATTEMPTS_PER_ACCOUNT).

A refused attempt is `RateLimited` (429, `TOO_MANY_ATTEMPTS`) with `Retry-After`.
Accounts are keyed by a hash of the lower-cased email, so no address sits in Redis in clear.
"""

from __future__ import annotations

import hashlib
import math
import time
from functools import lru_cache

from limits import RateLimitItem, parse
from limits.storage import RedisStorage
from limits.strategies import MovingWindowRateLimiter

from shared.errors import RateLimited
from shared.redis_client import redis_url
from shared.settings import auth_settings

KEY_PREFIX = "throttle"


@lru_cache
def _limiter(url: str) -> MovingWindowRateLimiter:
    return MovingWindowRateLimiter(RedisStorage(url, key_prefix=KEY_PREFIX))


def limiter() -> MovingWindowRateLimiter:
    return _limiter(redis_url())


def account_key(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


def _refuse(item: RateLimitItem, scope: str, *identifiers: str) -> RateLimited:
    reset_at = limiter().get_window_stats(item, *identifiers).reset_time
    retry_after = max(1, math.ceil(reset_at - time.time()))
    return RateLimited(
        "Too many attempts; try again later.",
        error_code="TOO_MANY_ATTEMPTS",
        details={"scope": scope, "retry_after_seconds": retry_after},
        headers={"Retry-After": str(retry_after)},
    )


def count_address_attempt(address: str) -> None:
    """One login or register attempt from `address`; 429 past the address's limit."""
    item = parse(auth_settings().attempts_per_address)
    if not limiter().hit(item, "address", address):
        raise _refuse(item, "address", "address", address)


def check_login_allowed(email: str) -> None:
    """429 while the account's failed logins are exhausted."""
    item = parse(auth_settings().login_failures_per_account)
    if not limiter().test(item, "login", account_key(email)):
        raise _refuse(item, "account", "login", account_key(email))


def record_login(email: str, *, succeeded: bool) -> None:
    item = parse(auth_settings().login_failures_per_account)
    if succeeded:
        limiter().clear(item, "login", account_key(email))
    else:
        limiter().hit(item, "login", account_key(email))


def count_register_attempt(email: str) -> None:
    """One registration attempt on `email`; 429 past the account's limit."""
    item = parse(auth_settings().register_attempts_per_account)
    if not limiter().hit(item, "register", account_key(email)):
        raise _refuse(item, "account", "register", account_key(email))
