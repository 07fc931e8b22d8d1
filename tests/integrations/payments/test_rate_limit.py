"""The Stripe rate limiter: calls spaced 1/rate apart, one budget for every process that
shares the Redis key. Time is a test clock here: behaviour, not timing."""

from __future__ import annotations

import pytest
import redis

from integrations.payments import LocalRateLimiter, RedisRateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1_900_000_000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 4))


def test_calls_at_the_same_moment_are_spaced_by_the_rate(redis_client: redis.Redis) -> None:
    clock = Clock()
    limiter = RedisRateLimiter(redis_client, 25, clock=clock, sleep=clock.sleep)
    for _ in range(4):
        limiter.wait()
    assert clock.slept == [0.04, 0.08, 0.12]


def test_two_workers_share_one_budget(redis_client: redis.Redis) -> None:
    clock = Clock()
    first = RedisRateLimiter(redis_client, 10, clock=clock, sleep=clock.sleep)
    second = RedisRateLimiter(redis_client, 10, clock=clock, sleep=clock.sleep)
    first.wait()
    second.wait()
    first.wait()
    assert clock.slept == [0.1, 0.2]


def test_an_idle_limiter_lets_the_next_call_through_at_once(redis_client: redis.Redis) -> None:
    clock = Clock()
    limiter = RedisRateLimiter(redis_client, 25, clock=clock, sleep=clock.sleep)
    limiter.wait()
    clock.now += 5
    limiter.wait()
    assert clock.slept == []


def test_the_local_limiter_spaces_calls_too() -> None:
    clock = Clock()
    limiter = LocalRateLimiter(50, clock=clock, sleep=clock.sleep)
    for _ in range(3):
        limiter.wait()
    assert clock.slept == [0.02, 0.04]


@pytest.mark.parametrize("rate", [0, -1])
def test_a_limit_must_be_positive(redis_client: redis.Redis, rate: float) -> None:
    with pytest.raises(ValueError, match="above zero"):
        RedisRateLimiter(redis_client, rate)
    with pytest.raises(ValueError, match="above zero"):
        LocalRateLimiter(rate)
