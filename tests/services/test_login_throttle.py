import redis

from services.login_throttle import LOCKOUT_SECONDS, MAX_FAILURES, LoginThrottle


def test_five_failures_lock_the_account_for_everyone(redis_client: redis.Redis) -> None:
    throttle = LoginThrottle(redis_client)
    for n in range(MAX_FAILURES):
        assert throttle.check(email="anna@example.at", ip_address=f"10.0.0.{n}") is None
        throttle.record_failure(email="Anna@example.at", ip_address=f"10.0.0.{n}")
    lockout = LoginThrottle(redis_client).check(email="anna@example.at", ip_address="10.9.9.9")
    assert lockout is not None and 0 < lockout.retry_after_seconds <= LOCKOUT_SECONDS
    assert throttle.check(email="other@example.at", ip_address="10.9.9.9") is None


def test_five_failures_from_one_address_lock_that_address(redis_client: redis.Redis) -> None:
    throttle = LoginThrottle(redis_client)
    for n in range(MAX_FAILURES):
        throttle.record_failure(email=f"user{n}@example.at", ip_address="10.1.1.1")
    assert throttle.check(email="new@example.at", ip_address="10.1.1.1") is not None
    assert throttle.check(email="new@example.at", ip_address="10.1.1.2") is None


def test_success_clears_the_account_counter(redis_client: redis.Redis) -> None:
    throttle = LoginThrottle(redis_client)
    for _ in range(MAX_FAILURES - 1):
        throttle.record_failure(email="anna@example.at", ip_address=None)
    throttle.record_success(email="anna@example.at")
    throttle.record_failure(email="anna@example.at", ip_address=None)
    assert throttle.check(email="anna@example.at", ip_address=None) is None
