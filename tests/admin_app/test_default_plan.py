"""A platform admin makes a price plan the default for new sign-ups; support may not."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import AuditEvent, PricePlan
from tests.admin_app.conftest import csrf_token
from tests.admin_app.test_audit import post


def _plan(session: Session, code: str, **kw: object) -> PricePlan:
    plan = PricePlan(
        code=code,
        name=code.title(),
        monthly_fee_cents=2900,
        included_minutes=100,
        per_minute_cents=12,
        number_monthly_fee_cents=300,
        **kw,
    )
    session.add(plan)
    session.flush()
    return plan


def test_a_platform_admin_moves_the_default(as_admin: FlaskClient, staff_db: Session) -> None:
    start, business = _plan(staff_db, "start", is_default=True), _plan(staff_db, "business")

    post(as_admin, "/admin/priceplan/action/", action="make_default", rowid=str(business.id))

    staff_db.expire_all()
    assert (start.is_default, business.is_default) == (False, True)
    assert staff_db.scalars(
        select(AuditEvent.after).where(AuditEvent.action == "price_plan.made_default")
    ).all() == [{"default_plan": "business"}]
    listed = as_admin.get("/admin/priceplan/").get_data(as_text=True)
    assert "Standard für neue Anmeldungen" in listed or "Default for new sign-ups" in listed


def test_an_inactive_plan_is_refused_in_words(as_admin: FlaskClient, staff_db: Session) -> None:
    old = _plan(staff_db, "old", is_active=False)

    response = post(as_admin, "/admin/priceplan/action/", action="make_default", rowid=str(old.id))

    staff_db.expire_all()
    assert not old.is_default
    page = as_admin.get(response.headers.get("Location", "/admin/priceplan/"))
    text = page.get_data(as_text=True)
    assert "Nur ein aktiver Tarif" in text or "Only an active price plan" in text


def test_support_cannot_move_the_default(as_support: FlaskClient, staff_db: Session) -> None:
    plan = _plan(staff_db, "start")

    response = as_support.post(
        "/admin/priceplan/action/",
        data={"csrf_token": csrf_token(as_support), "action": "make_default", "rowid": plan.id},
    )

    assert response.status_code in (302, 403)
    staff_db.expire_all()
    assert not plan.is_default
