"""ENV=production names every setting it cannot start without, and rediss:// URLs with a
self-signed certificate (Heroku Key-Value Store) work for every Redis client we build."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from pydantic import ValidationError

from core.production import describe_settings_error
from core.settings import load_settings
from customer_ui.api.errors import ApiError
from customer_ui.api.limits import RateLimiter
from jobs.queues import queue, redis_from_settings
from tests.tls_redis import tls_redis

BIN = Path(sys.executable).parent
STRIPE_KEY = "sk_live_51ThisLooksRealButIsNot0123"


def test_a_bare_production_start_names_every_missing_setting_without_a_traceback(
    tmp_path: Path,
) -> None:
    keep = {"PATH", "HOME", "LANG"}
    env = {k: v for k, v in os.environ.items() if k in keep}
    env |= {"ENV": "production", "STRIPE_SECRET_KEY": STRIPE_KEY, "VOICEAGENT_WEB": "voice"}
    result = subprocess.run(  # noqa: S603 (our own script, fixed arguments)
        [str(BIN / "voiceagent"), "web"],
        cwd=tmp_path,  # no .env of a developer
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    for name in (
        "SECRET_KEY",
        "ENCRYPTION_KEYS",
        "STRIPE_WEBHOOK_SECRET",
        "DATABASE_URL (PostgreSQL, not SQLite",
        "REDIS_URL",
        "SMTP_URL",
        "PUBLIC_BASE_URL",
        "PORTAL_BASE_URL",
        "SELLER_NAME (our company on every invoice, not the demo one)",
        "SELLER_VAT_ID",
    ):
        assert name in result.stderr
    assert "STRIPE_SECRET_KEY" not in result.stderr  # set: not a problem
    assert STRIPE_KEY not in result.stderr  # and never echoed
    assert "Traceback" not in result.stderr
    assert "input_value" not in result.stderr


def test_sqlite_is_refused_in_production_by_name() -> None:
    with pytest.raises(ValidationError) as refused:
        load_settings(env="production", database_url="sqlite:////srv/voiceagent.db")
    assert "DATABASE_URL (PostgreSQL, not SQLite" in describe_settings_error(refused.value)


def test_a_setting_of_the_wrong_kind_is_named_with_pydantics_reason() -> None:
    with pytest.raises(ValidationError) as refused:
        load_settings(env="staging")
    message = describe_settings_error(refused.value)
    assert message.startswith("ENV: Input should be 'development', 'test' or 'production'")


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("rediss://:pw@h.example:6380", "rediss://:pw@h.example:6380?ssl_cert_reqs=none"),
        (
            "rediss://:pw@h.example:6380/0?x=1",
            "rediss://:pw@h.example:6380/0?x=1&ssl_cert_reqs=none",
        ),
        # Whoever chose verification keeps it; plain redis:// has no TLS to configure.
        ("rediss://h.example?ssl_cert_reqs=required", "rediss://h.example?ssl_cert_reqs=required"),
        ("redis://127.0.0.1:6379/3", "redis://127.0.0.1:6379/3"),
    ],
)
def test_rediss_urls_accept_a_self_signed_certificate_unless_told_otherwise(
    given: str, used: str
) -> None:
    assert load_settings(redis_url=given).redis_url == used


@pytest.fixture(scope="module")
def tls_redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with tls_redis(tmp_path_factory.mktemp("tls-redis")) as url:
        yield url


def test_queues_and_rate_limits_work_over_tls_with_a_self_signed_certificate(
    tls_redis_url: str,
) -> None:
    settings = load_settings(redis_url=tls_redis_url)
    client = redis_from_settings(settings)
    try:
        job = queue("default", client).enqueue("jobs.email.send_email", 1)
        assert queue("default", client).job_ids == [job.id]
        limiter = RateLimiter(client, per_minute=1)
        limiter.hit(7)
        with pytest.raises(ApiError):
            limiter.hit(7)
    finally:
        client.close()


def test_the_same_server_is_refused_when_verification_is_asked_for(tls_redis_url: str) -> None:
    """Proof that the server's certificate is one no CA list verifies, as on Heroku."""
    settings = load_settings(redis_url=tls_redis_url + "?ssl_cert_reqs=required")
    client = redis_from_settings(settings)
    with pytest.raises(redis.ConnectionError, match="certificate verify failed"):
        client.ping()
