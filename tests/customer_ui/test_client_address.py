"""The portal's login throttle counts the client behind TRUSTED_PROXY_HOPS proxies, by the
back office's rule (core.client_address).

Every request arrives from the proxy (the test transport's CLIENT_ADDRESS) with an
X-Forwarded-For whose left entry a client forged and whose right entry the proxy appended.
"""

from __future__ import annotations

import pytest
from nicegui.testing import User

from core.settings import Settings, load_settings
from services.login_throttle import MAX_FAILURES
from tests.conftest import REDIS_URL
from tests.customer_ui.conftest import WAIT, log_in

WRONG = "E-mail address or password is wrong."
LOCKED = "Too many failed attempts"


@pytest.fixture
def settings(database_url: str) -> Settings:
    return load_settings(
        env="test", database_url=database_url, redis_url=REDIS_URL, trusted_proxy_hops=1
    )


def behind_proxy(user: User, client: str, forged: str = "6.6.6.6") -> None:
    user.http_client.headers["X-Forwarded-For"] = f"{forged}, {client}"


async def test_failures_count_against_the_forwarded_client(user: User) -> None:
    behind_proxy(user, "203.0.113.9")
    for n in range(MAX_FAILURES):
        # A forged left entry that changes every time changes nothing.
        behind_proxy(user, "203.0.113.9", forged=f"6.6.6.{n}")
        await log_in(user, f"guess{n}@example.at", "wrong wrong wrong")
        await user.should_see(WRONG, retries=WAIT)
    await log_in(user, "another@example.at", "wrong wrong wrong")
    await user.should_see(LOCKED, retries=WAIT)

    # Another client behind the same proxy is not locked out with the first.
    behind_proxy(user, "198.51.100.20")
    await log_in(user, "another@example.at", "wrong wrong wrong")
    await user.should_see(WRONG, retries=WAIT)
    await user.should_not_see(LOCKED)
