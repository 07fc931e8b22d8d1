"""Logging in and out of the back office: sessions, throttling, CSRF, cookies."""

from __future__ import annotations

import time

import pytest
from flask import Flask
from flask.testing import FlaskClient

from admin_app import create_app
from models import Role, TenantStatus, User
from services.accounts import password_errors
from services.text_input import PASSWORD_LENGTH
from tests.admin_app.conftest import csrf_token
from tests.factories import Factory


def log_in(client: FlaskClient, email: str, password: str):  # noqa: ANN201
    token = csrf_token(client, "/login")
    return client.post("/login", data={"csrf_token": token, "email": email, "password": password})


def is_logged_in(client: FlaskClient) -> bool:
    response = client.get("/admin/")
    return response.status_code == 200


def test_staff_log_in_and_out(client: FlaskClient, platform_admin: User, make: Factory) -> None:
    assert not is_logged_in(client)
    response = log_in(client, platform_admin.email, make.password)
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/")
    assert is_logged_in(client)
    client.post("/logout", data={"csrf_token": csrf_token(client)})
    assert not is_logged_in(client)


def test_wrong_password_gets_a_plain_message(client: FlaskClient, platform_admin: User) -> None:
    response = log_in(client, platform_admin.email, "not the password")
    assert response.status_code == 401
    assert "E-mail address or password is wrong." in response.get_data(as_text=True)
    assert not is_logged_in(client)


def test_a_customer_is_sent_to_the_portal(client: FlaskClient, make: Factory, settings) -> None:
    customer = make.user(make.tenant(), role=Role.CUSTOMER_ADMIN)
    response = log_in(client, customer.email, make.password)
    page = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "Customers log in at the customer portal" in page
    assert f'href="{settings.portal_base_url}"' in page
    assert not is_logged_in(client)


def test_next_only_leads_to_this_site(client: FlaskClient, platform_admin: User, make) -> None:
    token = csrf_token(client, "/login")
    data = {"csrf_token": token, "email": platform_admin.email, "password": make.password}
    response = client.post("/login?next=https://evil.example/", data=data)
    assert response.headers["Location"] == "/admin/"


def test_five_failures_lock_the_account_and_the_address(
    app: Flask, platform_admin: User, make: Factory
) -> None:
    client = app.test_client()
    for _ in range(5):
        assert log_in(client, platform_admin.email, "wrong").status_code == 401
    locked = log_in(client, platform_admin.email, make.password)  # right password, still locked
    assert locked.status_code == 429
    assert "Too many failed attempts" in locked.get_data(as_text=True)
    assert not is_logged_in(client)
    # Another browser on the same address is refused too: the count lives in Redis.
    other = app.test_client()
    support = make.user(None, role=Role.SUPPORT)
    assert log_in(other, support.email, make.password).status_code == 429


def test_a_post_without_its_csrf_token_is_refused(
    as_admin: FlaskClient, make: Factory, staff_db
) -> None:
    tenant = make.tenant()
    response = as_admin.post("/admin/tenant/page/suspend/", data={"id": tenant.id})
    assert response.status_code == 400
    assert "The form has expired" in response.get_data(as_text=True)
    staff_db.refresh(tenant)
    assert tenant.status is TenantStatus.ACTIVE
    response = as_admin.post(
        "/admin/tenant/page/suspend/", data={"id": tenant.id, "csrf_token": "forged"}
    )
    assert response.status_code == 400


def test_login_form_needs_its_csrf_token(client: FlaskClient, platform_admin: User, make) -> None:
    response = client.post(
        "/login", data={"email": platform_admin.email, "password": make.password}
    )
    assert response.status_code == 400
    assert not is_logged_in(client)


def test_cookie_flags(client: FlaskClient, platform_admin: User, make: Factory) -> None:
    response = log_in(client, platform_admin.email, make.password)
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("voiceagent_admin=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # PUBLIC_BASE_URL is http in tests


def test_cookies_are_secure_behind_https(
    settings, connection, redis_client, platform_admin: User, make: Factory
) -> None:
    https = settings.model_copy(update={"public_base_url": "https://voice.example.at"})
    client = create_app(https, DATABASE_BIND=connection, TESTING=True).test_client()
    response = log_in(client, platform_admin.email, make.password)
    assert "Secure" in response.headers["Set-Cookie"]


def test_an_idle_session_ends(
    client: FlaskClient, platform_admin: User, make: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    an_hour_ago = time.time() - 3600
    with monkeypatch.context() as past:
        past.setattr("itsdangerous.timed.time.time", lambda: an_hour_ago)
        log_in(client, platform_admin.email, make.password)
        assert is_logged_in(client)
    assert not is_logged_in(client)  # 60 minutes idle > the 30-minute limit


def test_a_password_change_ends_the_other_sessions(
    app: Flask, platform_admin: User, make: Factory
) -> None:
    here, elsewhere = app.test_client(), app.test_client()
    log_in(here, platform_admin.email, make.password)
    log_in(elsewhere, platform_admin.email, make.password)
    response = here.post(
        "/account",
        data={
            "csrf_token": csrf_token(here),
            "form": "password",
            "current_password": make.password,
            "new_password": "a brand new secret",
            "repeat_password": "a brand new secret",
        },
    )
    assert response.status_code == 302
    assert is_logged_in(here)
    assert not is_logged_in(elsewhere)
    fresh = app.test_client()
    assert log_in(fresh, platform_admin.email, "a brand new secret").status_code == 302


def test_a_wrong_current_password_changes_nothing(
    as_admin: FlaskClient, platform_admin: User, staff_db
) -> None:
    epoch = platform_admin.auth_epoch
    response = as_admin.post(
        "/account",
        data={
            "csrf_token": csrf_token(as_admin),
            "form": "password",
            "current_password": "wrong",
            "new_password": "a brand new secret",
            "repeat_password": "a brand new secret",
        },
    )
    assert response.status_code == 400
    assert "The current password is wrong." in response.get_data(as_text=True)
    staff_db.refresh(platform_admin)
    assert platform_admin.auth_epoch == epoch


def test_log_out_everywhere(app: Flask, platform_admin: User, make: Factory) -> None:
    here, elsewhere = app.test_client(), app.test_client()
    log_in(here, platform_admin.email, make.password)
    log_in(elsewhere, platform_admin.email, make.password)
    here.post("/logout-everywhere", data={"csrf_token": csrf_token(here)})
    assert not is_logged_in(here)
    assert not is_logged_in(elsewhere)


@pytest.mark.parametrize(
    "change", [{"role": "platform_admin", "grant_platform_admin": "y"}, {"is_active": None}]
)
def test_a_role_change_or_deactivation_ends_the_users_sessions(
    app: Flask, as_admin: FlaskClient, support_user: User, make: Factory, change: dict
) -> None:
    theirs = app.test_client()
    log_in(theirs, support_user.email, make.password)
    assert is_logged_in(theirs)
    form = {
        "csrf_token": csrf_token(as_admin),
        "email": support_user.email,
        "name": support_user.name,
        "role": "support",
        "is_active": "y",
        "locale": support_user.locale,
        **change,
    }
    form = {key: value for key, value in form.items() if value is not None}
    response = as_admin.post(f"/admin/user/edit/?id={support_user.id}", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert not is_logged_in(theirs)


def test_german_before_login_by_default(settings, connection, redis_client) -> None:
    page = create_app(settings, DATABASE_BIND=connection).test_client().get("/login")
    assert "Anmeldung für Mitarbeiter" in page.get_data(as_text=True)


def test_german_by_preference(app: Flask, make: Factory) -> None:
    from tests.admin_app.conftest import sign_in

    german = sign_in(app.test_client(), make.user(None, role=Role.SUPPORT, locale="de-AT"))
    home = german.get("/admin/").get_data(as_text=True)
    assert "Aktive Kunden" in home and "Gesprächsminuten pro Tag" in home
    tenants = german.get("/admin/tenant/").get_data(as_text=True)
    assert "Liste" in tenants  # Flask-Admin's own German catalogue
    english = sign_in(app.test_client(), make.user(None, role=Role.SUPPORT, locale="en-US"))
    assert "Active tenants" in english.get("/admin/").get_data(as_text=True)


@pytest.mark.parametrize(
    "password",
    [
        "short",
        "long enough\x07 but rings a bell",  # a control character no keyboard types
        "x" * (PASSWORD_LENGTH + 1),
        "long enough and fine",
    ],
)
def test_staff_set_a_password_by_the_accounts_rule(
    app: Flask, as_admin: FlaskClient, support_user: User, staff_db, password: str
) -> None:
    """The user form refuses exactly what services.accounts.password_errors refuses, and a
    password it takes works for logging in."""
    hash_before = support_user.password_hash
    response = as_admin.post(
        f"/admin/user/edit/?id={support_user.id}",
        data={
            "csrf_token": csrf_token(as_admin),
            "email": support_user.email,
            "name": support_user.name,
            "role": "support",
            "is_active": "y",
            "locale": "en-US",
            "new_password": password,
        },
        follow_redirects=True,
    )
    staff_db.refresh(support_user)
    refused = password_errors(password)
    assert (support_user.password_hash == hash_before) == bool(refused)
    if refused:
        assert str(refused["password"]) in response.get_data(as_text=True)
    else:
        assert log_in(app.test_client(), support_user.email, password).status_code == 302


@pytest.mark.parametrize(
    ("accept", "title", "missing"),
    [
        ("fr, en;q=0.3, de-AT;q=0.8", "Anmeldung für Mitarbeiter", "Diese Seite gibt es nicht."),
        ("en-GB, en;q=0.9, de;q=0.5", "Staff login", "This page does not exist."),
        ("fr", "Anmeldung für Mitarbeiter", "Diese Seite gibt es nicht."),  # the default
    ],
)
def test_a_visitor_reads_the_language_their_browser_weighs_highest(
    client: FlaskClient, accept: str, title: str, missing: str
) -> None:
    headers = {"Accept-Language": accept}
    assert title in client.get("/login", headers=headers).get_data(as_text=True)
    answer = client.get("/gibt-es-nicht", headers=headers)
    assert answer.status_code == 404 and missing in answer.get_data(as_text=True)
