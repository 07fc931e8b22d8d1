"""The dashboard tells a tenant in its trial how many days are left, when it ends and what
follows, with the button to add a payment method; after a trial that ended without one, why
the bots take no calls. Others see nothing."""

from __future__ import annotations

from datetime import timedelta

from nicegui.testing import User
from sqlalchemy.orm import Session

from models import PricePlan, Tenant
from models.base import utcnow
from services.plan_terms import assign_plan
from tests.customer_ui.conftest import LoginAs


async def test_the_dashboard_shows_the_trial_end(
    login_as: LoginAs, user: User, tenant: Tenant, staff_db: Session
) -> None:
    plan = PricePlan(
        code="trial-ui",
        name="Start",
        monthly_fee_cents=2900,
        included_minutes=100,
        per_minute_cents=12,
        number_monthly_fee_cents=300,
    )
    staff_db.add(plan)
    staff_db.flush()
    assign_plan(session=staff_db, tenant=tenant, plan=plan, at=tenant.created_at)
    tenant.trial_ends_at = utcnow() + timedelta(days=5)
    staff_db.flush()

    await login_as()
    await user.should_see("5 days left in your trial")
    await user.should_see("please add a payment method before then")
    await user.should_see(marker="add-payment-method")

    tenant.payment_method_added_at = utcnow()
    staff_db.flush()
    await user.open("/")
    await user.should_see("After that your account goes on on the Start plan")
    await user.should_not_see(marker="add-payment-method")


async def test_after_a_trial_without_a_payment_method(
    login_as: LoginAs, user: User, tenant: Tenant, staff_db: Session
) -> None:
    tenant.trial_ends_at = utcnow() - timedelta(days=2)
    staff_db.flush()
    await login_as()
    await user.should_see("Your bots take no calls until you add a payment method.")
    await user.should_see(marker="add-payment-method")


async def test_no_trial_no_notice(login_as: LoginAs, user: User) -> None:
    await login_as()
    await user.should_not_see("Your trial ends")
