"""Back-office fixtures: the app on the test database connection, and logged-in clients.

The app's sessions join the per-test transaction (DATABASE_BIND), so what a request commits
is rolled back with the test, and rows made with `make` are visible to the app at once.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection
from werkzeug.serving import make_server

from admin_app import create_app
from core.settings import PROJECT_ROOT, Settings
from models import Role, User
from services.staff_sessions import session_token
from tests.browser import chromium, new_page
from tests.factories import Factory
from tests.ports import free_port

# Screenshots of the browser tests, for people to look at.
ARTIFACTS = PROJECT_ROOT / "test-artifacts" / "admin"

CSRF_INPUT = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


class EnglishBrowser(FlaskClient):
    """A browser that asks for English: before login the language follows Accept-Language,
    and the default (DEFAULT_LOCALE) is German."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def app(settings: Settings, connection: Connection, redis_client: object) -> Flask:
    app = create_app(settings, DATABASE_BIND=connection, TESTING=True)
    app.test_client_class = EnglishBrowser
    return app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def platform_admin(make: Factory) -> User:
    return make.user(None, role=Role.PLATFORM_ADMIN, locale="en-US")


@pytest.fixture
def support_user(make: Factory) -> User:
    return make.user(None, role=Role.SUPPORT, locale="en-US")


def sign_in(client: FlaskClient, user: User) -> FlaskClient:
    """Put `user` in the client's session the way a login does (without argon2's cost)."""
    with client.session_transaction() as session:
        session["_user_id"] = session_token(user)
        session["_fresh"] = True
        session.permanent = True
    return client


def csrf_token(client: FlaskClient, path: str = "/account") -> str:
    page = client.get(path).get_data(as_text=True)
    match = CSRF_INPUT.search(page)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


@pytest.fixture
def as_admin(app: Flask, platform_admin: User) -> FlaskClient:
    return sign_in(app.test_client(), platform_admin)


@pytest.fixture
def as_support(app: Flask, support_user: User) -> FlaskClient:
    return sign_in(app.test_client(), support_user)


# --- a real browser ------------------------------------------------------------------------


@pytest.fixture
def base_url(app: Flask) -> Iterator[str]:
    """The app in a thread on a free loopback port, on the test's database connection (one
    request at a time, so the connection is never shared at once)."""
    with serving(app, threaded=False) as url:
        yield url


@contextmanager
def serving(app: Flask, *, threaded: bool) -> Iterator[str]:
    """`app` served by a thread on a free loopback port; its address. `threaded` serves
    each request in a thread of its own."""
    port = free_port()
    server = make_server("127.0.0.1", port, app, threaded=threaded)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        thread.join()


@pytest.fixture
def browser() -> Iterator[Any]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with chromium() as browser:
        yield browser


@pytest.fixture
def browser_page(browser: Any) -> Iterator[Any]:
    page = new_page(browser, viewport={"width": 1280, "height": 860}, locale="en-US")
    yield page
    page.context.close()


def log_in(page: Any, base_url: str, email: str, password: str) -> None:
    page.goto(f"{base_url}/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")


def log_out(page: Any, base_url: str) -> None:
    page.click("#staff-menu")
    page.click("text=Log out")
    page.wait_for_url(f"{base_url}/login")
