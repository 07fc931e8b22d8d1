"""A user's role in the back office: the edit form shows the stored role, a role that does not
fit the tenant is a field error (never the database's 500), and platform-admin rights are
granted only with their own tick, and audited as such."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from models import AuditEvent, Role, User
from tests.admin_app.browser_forms import submitted_fields
from tests.admin_app.conftest import ARTIFACTS, log_in
from tests.factories import Factory


def edit_form(client: FlaskClient, user: User) -> MultiDict:
    page = client.get(f"/admin/user/edit/?id={user.id}")
    assert page.status_code == 200
    return MultiDict(submitted_fields(page.get_data(as_text=True)))


def save(client: FlaskClient, user: User, form: MultiDict) -> Any:  # noqa: ANN401
    return client.post(f"/admin/user/edit/?id={user.id}", data=form)


def stored(session: Session, user: User) -> User:
    session.expire_all()
    fresh = session.get(User, user.id)
    assert fresh is not None
    return fresh


def audit_actions(session: Session, user: User) -> list[str]:
    return list(
        session.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.entity_type == "User", AuditEvent.entity_id == str(user.id))
            .order_by(AuditEvent.id)
        )
    )


@pytest.mark.parametrize("role", list(Role))
def test_the_edit_form_shows_the_stored_role(
    as_admin: FlaskClient, make: Factory, role: Role
) -> None:
    user = make.user(None if role.is_staff else make.tenant(), role=role)
    assert edit_form(as_admin, user)["role"] == role.value


@pytest.mark.parametrize(
    ("role", "new_role", "field_error"),
    [
        (Role.CUSTOMER_USER, Role.SUPPORT, "Staff (platform admin, support) belong to no tenant"),
        (Role.SUPPORT, Role.CUSTOMER_ADMIN, "A customer account needs a tenant"),
    ],
)
def test_a_role_that_does_not_fit_the_tenant_is_a_field_error(
    as_admin: FlaskClient,
    make: Factory,
    staff_db: Session,
    role: Role,
    new_role: Role,
    field_error: str,
) -> None:
    user = make.user(None if role.is_staff else make.tenant(), role=role)
    staff_db.commit()
    form = edit_form(as_admin, user)
    form["role"] = new_role.value

    answer = save(as_admin, user, form)

    assert answer.status_code == 200
    page = answer.get_data(as_text=True)
    assert field_error in page
    assert "invalid-feedback" in page or "help-block" in page  # shown at the field
    assert stored(staff_db, user).role is role
    assert audit_actions(staff_db, user) == []


def test_granting_platform_admin_needs_its_own_tick(
    as_admin: FlaskClient, make: Factory, staff_db: Session
) -> None:
    user = make.user(None, role=Role.SUPPORT)
    staff_db.commit()
    form = edit_form(as_admin, user)
    assert "grant_platform_admin" not in form  # unticked unless someone ticks it
    form["role"] = Role.PLATFORM_ADMIN.value

    refused = save(as_admin, user, form)
    assert refused.status_code == 200
    assert "also tick “Grant platform-admin rights”" in refused.get_data(as_text=True)
    assert stored(staff_db, user).role is Role.SUPPORT

    form["grant_platform_admin"] = "y"
    assert save(as_admin, user, form).status_code == 302
    assert stored(staff_db, user).role is Role.PLATFORM_ADMIN
    assert audit_actions(staff_db, user) == ["user.updated", "user.platform_admin_granted"]
    granted = staff_db.scalars(
        select(AuditEvent).where(AuditEvent.action == "user.platform_admin_granted")
    ).one()
    assert granted.before == {"role": "support"}
    assert granted.after == {"role": "platform_admin"}
    assert granted.actor_email is not None


def test_creating_a_platform_admin_needs_the_tick_too(
    as_admin: FlaskClient, staff_db: Session
) -> None:
    page = as_admin.get("/admin/user/new/")
    form = MultiDict(submitted_fields(page.get_data(as_text=True)))
    form["email"], form["name"], form["role"] = "neu@voiceagent.example", "Neu", "platform_admin"

    refused = as_admin.post("/admin/user/new/", data=form)
    assert refused.status_code == 200
    assert staff_db.scalars(select(User).where(User.email == "neu@voiceagent.example")).all() == []

    form["grant_platform_admin"] = "y"
    assert as_admin.post("/admin/user/new/", data=form).status_code == 302
    created = staff_db.scalars(select(User).where(User.email == "neu@voiceagent.example")).one()
    assert created.role is Role.PLATFORM_ADMIN
    assert audit_actions(staff_db, created) == ["user.created", "user.platform_admin_granted"]


@pytest.mark.parametrize("role", list(Role))
def test_renaming_a_user_in_the_browser_keeps_the_role(
    base_url: str, browser_page: Any, make: Factory, staff_db: Session, role: Role
) -> None:
    from playwright.sync_api import expect

    page = browser_page
    admin = make.user(None, role=Role.PLATFORM_ADMIN, locale="en-US")
    user = make.user(None if role.is_staff else make.tenant(), role=role, name="Vorher")
    staff_db.commit()

    log_in(page, base_url, admin.email, make.password)
    page.goto(f"{base_url}/admin/user/edit/?id={user.id}")
    page.fill("#name", "Nachher")
    page.screenshot(path=ARTIFACTS / f"user-edit-{role.value}.png", full_page=True)
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/admin/user/")
    expect(page.get_by_text("Record was successfully saved.")).to_be_visible()

    saved = stored(staff_db, user)
    assert (saved.name, saved.role, saved.tenant_id) == ("Nachher", role, user.tenant_id)
