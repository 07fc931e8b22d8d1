"""Login throttling shared by the back office and the portal, counted in Redis.

After MAX_FAILURES failed logins for one account or from one address within WINDOW, further
attempts for that account or from that address are refused for LOCKOUT — in every process,
because the counters live in Redis. A successful login clears the account's counter.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import redis

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60
LOCKOUT_SECONDS = 15 * 60
LOCKED_MESSAGE = "Too many failed attempts. Please wait 15 minutes and try again."


@dataclass(frozen=True)
class Lockout:
    retry_after_seconds: int


class LoginThrottle:
    def __init__(self, client: redis.Redis, *, prefix: str = "voiceagent:login") -> None:
        self._redis = client
        self._prefix = prefix

    def check(self, *, email: str, ip_address: str | None) -> Lockout | None:
        """A Lockout when this account or address may not try now, else None."""
        for key in self._lock_keys(email, ip_address):
            ttl = self._redis.ttl(key)
            if ttl and ttl > 0:
                return Lockout(retry_after_seconds=int(ttl))
        return None

    def record_failure(self, *, email: str, ip_address: str | None) -> None:
        for subject in self._subjects(email, ip_address):
            failures_key = f"{self._prefix}:failures:{subject}"
            pipe = self._redis.pipeline()
            pipe.incr(failures_key)
            pipe.expire(failures_key, WINDOW_SECONDS, nx=True)
            count, _ = pipe.execute()
            if int(count) >= MAX_FAILURES:
                self._redis.set(f"{self._prefix}:locked:{subject}", 1, ex=LOCKOUT_SECONDS)
                self._redis.delete(failures_key)

    def record_success(self, *, email: str) -> None:
        self._redis.delete(f"{self._prefix}:failures:{self._account(email)}")

    def _subjects(self, email: str, ip_address: str | None) -> list[str]:
        subjects = [self._account(email)]
        if ip_address:
            subjects.append(f"ip:{ip_address}")
        return subjects

    def _lock_keys(self, email: str, ip_address: str | None) -> list[str]:
        return [f"{self._prefix}:locked:{s}" for s in self._subjects(email, ip_address)]

    @staticmethod
    def _account(email: str) -> str:
        # Hashed so that Redis holds no list of e-mail addresses.
        return "account:" + hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
