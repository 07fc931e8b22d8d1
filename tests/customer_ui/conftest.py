"""The portal under NiceGUI's simulated user (nicegui.testing), on the test database.

`user` is NiceGUI's own `User` from `nicegui.testing`, driving the app that
`customer_ui.app.create_app` builds — with the test's session factory (inside the per-test
transaction) and Redis — instead of a main file. Like NiceGUI's fixture, it fails a test that
logged an ERROR.
"""

from __future__ import annotations

import gc
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import httpx
import pytest
import redis
from nicegui import ui
from nicegui.functions.download import download
from nicegui.functions.navigate import Navigate
from nicegui.functions.notify import notify
from nicegui.storage import Storage
from nicegui.testing.general import nicegui_reset_globals
from nicegui.testing.user import User
from sqlalchemy.orm import Session, sessionmaker

from core.settings import Settings
from customer_ui.app import create_app
from models import Role, Tenant
from models import User as Account
from tests.factories import Factory

LoginAs = Callable[..., Awaitable[Account]]
CLIENT_ADDRESS = "198.51.100.7"
# Page changes happen in background tasks; logging in also runs one argon2 verification.
WAIT = 30


@pytest.fixture
async def user(
    settings: Settings,
    session_factory: sessionmaker[Session],
    redis_client: redis.Redis,
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[User]:
    # NiceGUI keeps user storage files under ./.nicegui; a folder per test keeps runs apart.
    monkeypatch.setattr(Storage, "path", tmp_path / "nicegui-storage")
    # NiceGUI's reset runs gc.collect() twice and its lifespan walks gc.get_objects() for a
    # uvicorn server: both cost time in proportion to everything the worker holds, seconds
    # per test late in a full run. What is alive now stays alive for the run (modules,
    # session fixtures), so it is frozen out of their sight; what this test makes is not.
    # The collection first (cheap: only what is not frozen yet) keeps the last test's
    # garbage from being frozen for the rest of the run.
    gc.collect()
    gc.freeze()
    with nicegui_reset_globals():
        os.environ["NICEGUI_USER_SIMULATION"] = "true"
        try:
            app = create_app(
                settings,
                session_factory=session_factory,
                redis_client=redis_client,
                shared_sessions=False,
            )
            async with app.router.lifespan_context(app):
                transport = httpx.ASGITransport(app, client=(CLIENT_ADDRESS, 4711))
                async with httpx.AsyncClient(
                    transport=transport, base_url="http://test", headers={"Accept-Language": "en"}
                ) as client:
                    yield User(client)
        finally:
            os.environ.pop("NICEGUI_USER_SIMULATION", None)
            ui.navigate = Navigate()
            ui.notify = notify
            ui.download = download
    errors = [r for r in caplog.get_records("call") if r.levelname == "ERROR"]
    if errors:
        pytest.fail(f"unexpected ERROR logs: {[r.getMessage() for r in errors]}", pytrace=False)


@pytest.fixture
def tenant(make: Factory) -> Tenant:
    return make.tenant(name="Tischlerei Holzer", locale="en-US")


@pytest.fixture
def other_tenant(make: Factory) -> Tenant:
    return make.tenant(name="Konkurrenz GmbH")


async def log_in(user: User, email: str, password: str) -> None:
    await user.open("/login")
    user.find("E-mail").type(email)
    user.find("Password").type(password)
    user.find(kind=ui.button, content="Log in").click()


@pytest.fixture
def login_as(user: User, make: Factory, tenant: Tenant) -> LoginAs:
    """Log the simulated user in through the login page; returns the account."""

    async def login(role: Role = Role.CUSTOMER_ADMIN, **kw: object) -> Account:
        account = make.user(tenant, role=role, locale=kw.pop("locale", "en-US"), **kw)
        await log_in(user, account.email, make.password)
        await user.should_see("Minutes this month", retries=WAIT)
        return account

    return login
