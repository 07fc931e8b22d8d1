"""Cancelling in the portal (Billing): the dialog, "Gekündigt …" with the last day, taking it
back — German, as an administrator sees it."""

from __future__ import annotations

from datetime import timedelta

from nicegui.testing import User
from sqlalchemy.orm import Session

from customer_ui.i18n import texts
from models import Role, Tenant
from models.base import utcnow
from services.plan_terms import assign_plan
from services.subscriptions import cancellation_end
from services.vienna_time import vienna_day
from tests.customer_ui.conftest import WAIT, log_in
from tests.factories import Factory

DE = texts("de-AT")


async def test_an_administrator_cancels_and_withdraws_in_the_portal(
    user: User, make: Factory, tenant: Tenant, staff_db: Session
) -> None:
    assign_plan(session=staff_db, tenant=tenant, plan=make.price_plan(), at=tenant.created_at)
    staff_db.flush()
    last_day = DE.day(vienna_day(cancellation_end(tenant, now=utcnow())) - timedelta(days=1))
    admin = make.user(tenant, role=Role.CUSTOMER_ADMIN, locale="de-AT")
    await log_in(user, admin.email, make.password)
    await user.should_see(DE("Minutes this month"), retries=WAIT)
    await user.open("/billing")
    user.find(marker="cancel-subscription").click()
    await user.should_see(f"Es läuft bis einschließlich {last_day}")
    user.find(marker="confirm-cancel").click()
    await user.should_see(f"Gekündigt: Ihr Abo läuft bis einschließlich {last_day}.")
    user.find("Kündigung zurücknehmen").click()
    await user.should_see(marker="cancel-subscription")
    await user.should_not_see("Gekündigt")
