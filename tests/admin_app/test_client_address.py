"""The client's address behind proxies (TRUSTED_PROXY_HOPS): what login throttling counts
and what the audit log records.

Every request here arrives from the proxy 10.0.0.1 and carries an X-Forwarded-For whose
left entry a client forged and whose right entry the proxy appended.
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from admin_app import create_app
from models import AuditEvent, Role, User
from tests.admin_app.conftest import CSRF_INPUT, EnglishBrowser, sign_in
from tests.factories import Factory

PROXY = "10.0.0.1"


class BrowserBehindProxy(EnglishBrowser):
    """A browser whose requests the proxy forwards; `client_address` is what the proxy saw."""

    client_address = "203.0.113.9"

    def open(self, *args: object, **kwargs: object):  # noqa: ANN202
        self.environ_base["REMOTE_ADDR"] = PROXY
        self.environ_base["HTTP_X_FORWARDED_FOR"] = f"6.6.6.6, {self.client_address}"
        return super().open(*args, **kwargs)


def app_with_hops(settings, connection, hops: int) -> Flask:  # noqa: ANN001
    app = create_app(
        settings.model_copy(update={"trusted_proxy_hops": hops}),
        DATABASE_BIND=connection,
        TESTING=True,
    )
    app.test_client_class = BrowserBehindProxy
    return app


def browser(app: Flask, address: str) -> FlaskClient:
    client = app.test_client()
    client.client_address = address
    return client


def log_in(client: FlaskClient, email: str, password: str) -> int:
    token = CSRF_INPUT.search(client.get("/login").get_data(as_text=True)).group(1)
    data = {"csrf_token": token, "email": email, "password": password}
    return client.post("/login", data=data).status_code


@pytest.mark.parametrize(("hops", "recorded"), [(0, PROXY), (1, "203.0.113.9")])
def test_the_audit_log_records_the_client_address(
    settings, connection, redis_client, make: Factory, staff_db, hops: int, recorded: str
) -> None:
    app = app_with_hops(settings, connection, hops)
    admin = make.user(None, role=Role.PLATFORM_ADMIN, locale="en-US")
    client = sign_in(browser(app, "203.0.113.9"), admin)
    token = CSRF_INPUT.search(client.get("/account").get_data(as_text=True)).group(1)
    client.post("/account", data={"csrf_token": token, "form": "language", "locale": "de-AT"})
    event = staff_db.scalars(
        select(AuditEvent).where(AuditEvent.action == "user.locale_changed")
    ).one()
    assert event.ip_address == recorded


@pytest.mark.parametrize(("hops", "neighbour_answer"), [(0, 429), (1, 302)])
def test_one_client_failing_logins_locks_out_only_itself_behind_a_trusted_proxy(
    settings, connection, redis_client, make: Factory, hops: int, neighbour_answer: int
) -> None:
    app = app_with_hops(settings, connection, hops)
    staff: User = make.user(None, role=Role.SUPPORT)
    attacker = browser(app, "203.0.113.9")
    for n in range(5):
        assert log_in(attacker, f"guess-{n}@example.at", "wrong") == 401
    assert log_in(attacker, staff.email, make.password) == 429
    # Without trusting the proxy every client has the proxy's address, so the attacker's
    # failures lock out a colleague at another address too.
    colleague = browser(app, "198.51.100.7")
    assert log_in(colleague, staff.email, make.password) == neighbour_answer


@pytest.mark.parametrize(
    ("hops", "forwarded_proto", "answer"),
    [
        (0, "https", 401),  # nothing forwarded is believed: plain http, no referrer check
        (1, "http, https", 400),  # https by the proxy: Flask-WTF wants a same-site referrer
        (1, "https, http", 401),  # a forged left entry changes nothing
    ],
)
def test_the_scheme_comes_from_the_trusted_proxy_by_the_same_rule(
    settings, connection, redis_client, hops: int, forwarded_proto: str, answer: int
) -> None:
    client = browser(app_with_hops(settings, connection, hops), "203.0.113.9")
    client.environ_base["HTTP_X_FORWARDED_PROTO"] = forwarded_proto
    assert log_in(client, "nobody@example.at", "wrong") == answer
