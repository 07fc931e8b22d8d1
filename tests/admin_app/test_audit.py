"""Every staff write leaves an audit event: who, what, before and after, secrets masked."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from models import (
    AuditEvent,
    PricePlan,
    ProvisioningStatus,
    Role,
    SupportTicket,
    Tenant,
    TenantStatus,
    User,
)
from tests.admin_app.conftest import csrf_token
from tests.factories import Factory

Write = Callable[[FlaskClient, Factory, dict], object]


def post(client: FlaskClient, path: str, **data: object):  # noqa: ANN201
    response = client.post(path, data={"csrf_token": csrf_token(client), **data})
    assert response.status_code in (200, 302), response.get_data(as_text=True)[:2000]
    return response


def edit_tenant(c: FlaskClient, make: Factory, ctx: dict) -> None:
    t = ctx["tenant"]
    post(
        c,
        f"/admin/tenant/edit/?id={t.id}",
        name="Neuer Name GmbH",
        billing_email="",
        locale=t.locale,
        country=t.country,
    )


def create_user(c: FlaskClient, make: Factory, ctx: dict) -> None:
    post(
        c,
        "/admin/user/new/",
        email="New.Staff@Example.at",
        name="New Staff",
        role="support",
        is_active="y",
        locale="de-AT",
        new_password="long enough password",
    )


def edit_user(c: FlaskClient, make: Factory, ctx: dict) -> None:
    u = ctx["customer"]
    post(
        c,
        f"/admin/user/edit/?id={u.id}",
        email=u.email,
        name="Renamed",
        role=u.role.value,
        tenant=str(u.tenant_id),
        is_active="y",
        locale=u.locale,
        new_password="another long one",
    )


def edit_bot(c: FlaskClient, make: Factory, ctx: dict) -> None:
    b = ctx["bot"]
    post(
        c,
        f"/admin/bot/edit/?id={b.id}",
        name="Rezeption",
        status=b.status.value,
        language=b.language.value,
        greeting="Servus!",
        instructions="",
        handover_number="",
        voice="default",
        stt_engine="offline",
        tts_engine="offline",
        dialogue_engine="offline",
        max_call_seconds="600",
        silence_timeout_seconds="20",
    )


def create_plan(c: FlaskClient, make: Factory, ctx: dict) -> None:
    post(
        c,
        "/admin/priceplan/new/",
        code="pro",
        name="Pro",
        currency="EUR",
        monthly_fee_cents="4900",
        included_minutes="500",
        per_minute_cents="9",
        number_monthly_fee_cents="300",
        is_active="y",
    )


def edit_plan(c: FlaskClient, make: Factory, ctx: dict) -> None:
    p = ctx["plan"]
    post(
        c,
        f"/admin/priceplan/edit/?id={p.id}",
        code=p.code,
        name=p.name,
        currency="EUR",
        monthly_fee_cents="1900",
        included_minutes="100",
        per_minute_cents="12",
        number_monthly_fee_cents="0",
        is_active="y",
    )


def suspend(c: FlaskClient, make: Factory, ctx: dict) -> None:
    post(c, "/admin/tenant/page/suspend/", id=ctx["tenant"].id)


def reactivate(c: FlaskClient, make: Factory, ctx: dict) -> None:
    post(c, "/admin/tenant/page/reactivate/", id=ctx["suspended"].id)


def change_plan(c: FlaskClient, make: Factory, ctx: dict) -> None:
    post(c, "/admin/tenant/page/plan/", id=ctx["tenant"].id, price_plan_id=ctx["plan"].id)


def set_limit(c: FlaskClient, make: Factory, ctx: dict) -> None:
    post(c, "/admin/tenant/page/limit/", id=ctx["tenant"].id, max_concurrent_calls="12")


def set_bundle(c: FlaskClient, make: Factory, ctx: dict) -> None:
    post(c, "/admin/tenant/page/bundle/", id=ctx["tenant"].id, twilio_bundle_sid="BU" + "4" * 32)


def reply(c: FlaskClient, make: Factory, ctx: dict) -> None:
    post(c, "/admin/supportticket/thread/reply/", id=ctx["ticket"].id, body="Grüß Gott!")


def internal_note(c: FlaskClient, make: Factory, ctx: dict) -> None:
    post(c, "/admin/supportticket/thread/reply/", id=ctx["ticket"].id, body="Intern", internal="1")


def ticket_status(c: FlaskClient, make: Factory, ctx: dict) -> None:
    post(c, "/admin/supportticket/thread/status/", id=ctx["ticket"].id, status="resolved")


def assign(c: FlaskClient, make: Factory, ctx: dict) -> None:
    post(c, "/admin/supportticket/thread/assign/", id=ctx["ticket"].id, assignee_id=ctx["me"].id)


def retry_job(c: FlaskClient, make: Factory, ctx: dict) -> None:
    post(c, "/admin/provisioningjob/action/", action="retry", rowid=str(ctx["job"].id))


def credential(c: FlaskClient, make: Factory, ctx: dict) -> None:
    post(
        c,
        "/admin/credentials/save/",
        provider="twilio",
        name="auth_token",
        value="0123456789abcdef0123456789abcdef",
    )


def language(c: FlaskClient, make: Factory, ctx: dict) -> None:
    post(c, "/account", form="language", locale="de-AT")


WRITES: dict[str, tuple[Write, str]] = {
    "edit tenant": (edit_tenant, "tenant.updated"),
    "create user": (create_user, "user.created"),
    "edit user": (edit_user, "user.updated"),
    "edit bot": (edit_bot, "bot.updated"),
    "create price plan": (create_plan, "price_plan.created"),
    "edit price plan": (edit_plan, "price_plan.updated"),
    "suspend tenant": (suspend, "tenant.suspended"),
    "reactivate tenant": (reactivate, "tenant.reactivated"),
    "change price plan": (change_plan, "tenant.price_plan_changed"),
    "set call limit": (set_limit, "tenant.call_limit_set"),
    "attach regulatory bundle": (set_bundle, "tenant.bundle_set"),
    "reply to ticket": (reply, "ticket.replied"),
    "internal note": (internal_note, "ticket.internal_note"),
    "ticket status": (ticket_status, "ticket.status_changed"),
    "assign ticket": (assign, "ticket.assigned"),
    "retry provisioning job": (retry_job, "provisioning_job.retried"),
    "store credential": (credential, "credential.added"),
    "change language": (language, "user.locale_changed"),
}


@pytest.fixture
def ctx(make: Factory, platform_admin: User, staff_db) -> dict:
    tenant = make.tenant()
    plan = PricePlan(code="start", name="Start", monthly_fee_cents=900, per_minute_cents=12)
    staff_db.add(plan)
    staff_db.flush()
    return {
        "me": platform_admin,
        "tenant": tenant,
        "suspended": make.tenant(status=TenantStatus.SUSPENDED),
        "customer": make.user(tenant, role=Role.CUSTOMER_USER),
        "bot": make.bot(tenant),
        "plan": plan,
        "ticket": make.ticket(tenant),
        "job": make.provisioning_job(tenant, status=ProvisioningStatus.FAILED, last_error="boom"),
    }


@pytest.mark.parametrize("name", list(WRITES))
def test_every_staff_write_is_audited(
    as_admin: FlaskClient, make: Factory, ctx: dict, staff_db, platform_admin: User, name: str
) -> None:
    write, action = WRITES[name]
    before = staff_db.scalar(select(func.count()).select_from(AuditEvent))
    write(as_admin, make, ctx)
    events = staff_db.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert len(events) == before + 1, [e.action for e in events]
    event = events[-1]
    assert event.action == action
    assert event.actor_id == platform_admin.id and event.actor_email == platform_admin.email
    assert event.ip_address == "127.0.0.1"
    text = repr((event.before, event.after))
    assert "long enough password" not in text and "another long one" not in text
    assert "$argon2" not in text and "0123456789abcdef" not in text


def test_audit_shows_before_and_after_with_secrets_masked(
    as_admin: FlaskClient, make: Factory, ctx: dict, staff_db
) -> None:
    edit_user(as_admin, make, ctx)
    event = staff_db.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event.before["name"] != "Renamed" and event.after["name"] == "Renamed"
    assert event.after["password_hash"] == "••••••••"
    assert event.tenant_id == ctx["tenant"].id


def test_every_editable_view_is_covered_here(app: Flask) -> None:
    """A view that lets staff change data joins WRITES above before it ships."""
    covered = {"tenant", "user", "bot", "priceplan"}
    admin = app.extensions["admin"][0]
    editable = {
        view.endpoint
        for view in admin._views
        if getattr(view, "allow_create", False)
        or getattr(view, "allow_edit", False)
        or getattr(view, "allow_delete", False)
    }
    assert editable == covered


def test_support_cannot_suspend(as_support: FlaskClient, ctx: dict, staff_db) -> None:
    response = as_support.post(
        "/admin/tenant/page/suspend/",
        data={"csrf_token": csrf_token(as_support), "id": ctx["tenant"].id},
    )
    assert response.status_code == 403
    staff_db.refresh(ctx["tenant"])
    assert ctx["tenant"].status is TenantStatus.ACTIVE
    assert staff_db.scalar(select(func.count()).select_from(AuditEvent)) == 0


def test_suspend_and_reactivate(as_admin: FlaskClient, ctx: dict, staff_db) -> None:
    tenant: Tenant = ctx["tenant"]
    suspend(as_admin, None, ctx)
    staff_db.refresh(tenant)
    assert tenant.status is TenantStatus.SUSPENDED and tenant.suspended_at is not None
    page = as_admin.get(f"/admin/tenant/page/?id={tenant.id}").get_data(as_text=True)
    assert "The tenant was suspended" in page and 'id="reactivate"' in page
    post(as_admin, "/admin/tenant/page/reactivate/", id=tenant.id)
    staff_db.refresh(tenant)
    assert tenant.status is TenantStatus.ACTIVE and tenant.suspended_at is None


def test_a_bad_call_limit_is_refused_plainly(as_admin: FlaskClient, ctx: dict, staff_db) -> None:
    tenant = ctx["tenant"]
    response = post(
        as_admin, "/admin/tenant/page/limit/", id=tenant.id, max_concurrent_calls="5000"
    )
    page = as_admin.get(response.headers["Location"]).get_data(as_text=True)
    assert "Please enter a whole number from 0 to 1000." in page
    staff_db.refresh(tenant)
    assert tenant.max_concurrent_calls == 5


def test_staff_attach_a_bundle_and_see_what_an_austrian_number_needs(
    as_admin: FlaskClient, ctx: dict, staff_db
) -> None:
    tenant = ctx["tenant"]
    page = as_admin.get(f"/admin/tenant/page/?id={tenant.id}").get_data(as_text=True)
    assert "None yet: the customer enters it under Settings" in page
    assert "None: Austrian numbers cannot be bought" in page

    response = post(as_admin, "/admin/tenant/page/bundle/", id=tenant.id, twilio_bundle_sid="BU12")
    page = as_admin.get(response.headers["Location"]).get_data(as_text=True)
    assert "A bundle&#39;s id starts with BU and has 34 characters" in page
    staff_db.refresh(tenant)
    assert tenant.twilio_bundle_sid is None

    bundle = "BU" + "ab" * 16
    post(as_admin, "/admin/tenant/page/bundle/", id=tenant.id, twilio_bundle_sid=f" {bundle} ")
    staff_db.refresh(tenant)
    assert tenant.twilio_bundle_sid == bundle
    assert bundle in as_admin.get(f"/admin/tenant/page/?id={tenant.id}").get_data(as_text=True)

    post(as_admin, "/admin/tenant/page/bundle/", id=tenant.id, twilio_bundle_sid="")
    staff_db.refresh(tenant)
    assert tenant.twilio_bundle_sid is None


def test_internal_notes_stay_internal(as_support: FlaskClient, ctx: dict, staff_db) -> None:
    from services.support import visible_messages

    ticket: SupportTicket = ctx["ticket"]
    internal_note(as_support, None, ctx)
    reply(as_support, None, ctx)
    customer = ctx["customer"]
    seen = [m.body for m in visible_messages(session=staff_db, ticket=ticket, viewer=customer)]
    assert seen == ["Grüß Gott!"]
    page = as_support.get(f"/admin/supportticket/thread/?id={ticket.id}").get_data(as_text=True)
    assert "Intern" in page and "internal note" in page
