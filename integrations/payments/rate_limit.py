"""Keeping our Stripe calls under STRIPE_RATE_LIMIT_PER_S.

Stripe allows about 25 requests a second in live mode (less in test mode) and answers 429
above it. Every worker process and work horse shares one budget, so the limiter keeps its
state in Redis: a single key holds the moment the next call may start, and each call takes
the next free slot with one atomic script, then sleeps until it. Calls are thereby spaced
1/rate apart across all workers, with no burst at a window's edge.

Why not the `limits` library the API's limit uses: it answers "allowed or not" for a window,
and a caller refused would have to poll; here every call must go ahead, only later, and the
one script hands each caller its own start time (a shared schedule, not a counter).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Protocol

from redis import Redis


class RateLimiter(Protocol):
    def wait(self) -> None:
        """Block until one more call fits under the limit."""


# KEYS[1]: the next free slot (a float, seconds); ARGV: now, spacing, key lifetime (ms).
_TAKE_SLOT = """
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
local now = tonumber(ARGV[1])
local slot = math.max(free, now)
redis.call('SET', KEYS[1], tostring(slot + tonumber(ARGV[2])), 'PX', ARGV[3])
return tostring(slot)
"""


class RedisRateLimiter:
    """One limit shared by every process that uses the same Redis and key."""

    def __init__(
        self,
        redis: Redis,
        per_second: float,
        *,
        key: str = "voiceagent:stripe:next-call",
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if per_second <= 0:
            raise ValueError("the rate limit must be above zero")
        self._spacing = 1.0 / per_second
        self._key = key
        self._clock, self._sleep = clock, sleep
        self._take_slot = redis.register_script(_TAKE_SLOT)

    def wait(self) -> None:
        now = self._clock()
        # Wall-clock time, not monotonic: the slot is compared across machines' processes.
        lifetime_ms = int(max(60.0, 10 * self._spacing) * 1000)
        slot = float(self._take_slot(keys=[self._key], args=[now, self._spacing, lifetime_ms]))
        if slot > now:
            self._sleep(slot - now)


class LocalRateLimiter:
    """The same spacing within one process (scripts and benchmarks without a shared budget)."""

    def __init__(
        self,
        per_second: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if per_second <= 0:
            raise ValueError("the rate limit must be above zero")
        self._spacing = 1.0 / per_second
        self._clock, self._sleep = clock, sleep
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        with self._lock:
            now = self._clock()
            slot = max(self._next, now)
            self._next = slot + self._spacing
        if slot > now:
            self._sleep(slot - now)
