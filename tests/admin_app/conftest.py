"""Back-office fixtures: the app on the test database connection, and logged-in clients.

The app's sessions join the per-test transaction (DATABASE_BIND), so what a request commits
is rolled back with the test, and rows made with `make` are visible to the app at once.
"""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection

from admin_app import create_app
from core.settings import Settings
from models import Role, User
from services.staff_sessions import session_token
from tests.factories import Factory

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
