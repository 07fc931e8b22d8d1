"""Staff change the plan of a company whose customer cancelled: the cancellation stands
(services/plan_terms.py), and the back office says so in words, not only "changed"."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from models import Role
from services.subscriptions import cancel_subscription, subscription_ended
from services.vienna_time import vienna_day
from tests.admin_app.test_audit import post
from tests.factories import Factory


def test_a_plan_change_says_the_customers_cancellation_stands(
    as_admin: FlaskClient, staff_db: Session, make: Factory
) -> None:
    start = make.price_plan()
    signed_up = datetime.now(UTC) - timedelta(days=40)  # trial long over
    tenant = make.tenant(
        price_plan_id=start.id, created_at=signed_up, trial_ends_at=signed_up + timedelta(days=14)
    )
    admin = make.user(tenant, role=Role.CUSTOMER_ADMIN)
    ends = cancel_subscription(session=staff_db, tenant_id=tenant.id, actor=admin)
    business = make.price_plan(monthly_fee_cents=9900)
    before = as_admin.get(f"/admin/tenant/page/?id={tenant.id}").get_data(as_text=True)
    shown = re.search(r'id="tenant-cancellation">Ends after ([^<]+)</dd>', before)
    assert shown is not None, before[:3000]  # staff see the cancellation before changing
    last_day = shown.group(1)
    assert str((vienna_day(ends) - timedelta(days=1)).day) in last_day

    response = post(as_admin, "/admin/tenant/page/plan/", id=tenant.id, price_plan_id=business.id)

    page = as_admin.get(response.headers["Location"]).get_data(as_text=True)
    assert f"The customer&#39;s cancellation stands: the subscription ends after {last_day}." in (
        page
    ), page[:3000]
    staff_db.expire_all()
    assert tenant.price_plan_id == business.id
    assert subscription_ended(session=staff_db, tenant_id=tenant.id, now=ends)
