"""The billing page: "Pay now" on each open invoice (Stripe's hosted page), and "Manage
payment" when Stripe refuses — a plain sentence for the customer, Stripe's words in the log."""

from __future__ import annotations

import asyncio
import logging
from datetime import date, timedelta

import pytest
from nicegui import ui
from nicegui.testing import User
from pydantic import SecretStr
from sqlalchemy.orm import Session

from core.settings import Settings
from customer_ui.i18n import VIENNA, texts
from models import InvoiceStatus, Role, Tenant
from models.base import utcnow
from services.plan_terms import assign_plan
from tests.billing.conftest import STRIPE_KEY, local_stripe
from tests.customer_ui.conftest import WAIT, LoginAs, log_in
from tests.factories import Factory

EN = texts("en-US")
DE = texts("de-AT")

__all__ = ["local_stripe"]  # the fixture, for this module's tests

HOSTED = "https://invoice.stripe.com/i/acct_1/test_open"


@pytest.fixture
def settings(settings: Settings, local_stripe: str) -> Settings:
    return settings.model_copy(
        update={"stripe_api_base": local_stripe, "stripe_secret_key": SecretStr(STRIPE_KEY)}
    )


async def test_each_open_invoice_can_be_paid_now(
    login_as: LoginAs, user: User, make: Factory, tenant: Tenant
) -> None:
    make.invoice(
        tenant,
        status=InvoiceStatus.OPEN,
        hosted_invoice_url=HOSTED,
        period_start=date(2026, 10, 1),
        period_end=date(2026, 11, 1),
    )
    make.invoice(
        tenant,
        status=InvoiceStatus.PAID,
        hosted_invoice_url="https://invoice.stripe.com/i/acct_1/test_paid",
        period_start=date(2026, 9, 1),
        period_end=date(2026, 10, 1),
    )
    await login_as()
    await user.open("/billing")
    await user.should_see("Invoices")
    [table] = [t for t in user.find(kind=ui.table).elements if "pay" in t.rows[0]]
    assert [row["pay"] for row in table.rows] == [HOSTED, None]
    assert "Pay now" in str(table.slots["body-cell-pay"].template)

    await user.open(f"/billing/invoices/{table.rows[0]['id']}")
    await user.should_see(marker="pay-now")
    await user.open(f"/billing/invoices/{table.rows[1]['id']}")
    await user.should_see("View online")
    await user.should_not_see(marker="pay-now")


async def test_a_stripe_refusal_is_a_plain_sentence_and_logged_for_staff(
    user: User,
    make: Factory,
    tenant: Tenant,
    staff_db: Session,
    caplog: pytest.LogCaptureFixture,
) -> None:
    tenant.stripe_customer_id = "cus_gone_from_stripe"
    staff_db.flush()
    german = make.user(tenant, role=Role.CUSTOMER_ADMIN, locale="de-AT")
    await log_in(user, german.email, make.password)
    await user.should_see("Minuten diesen Monat", retries=WAIT)
    await user.open("/billing")
    with caplog.at_level(logging.WARNING, logger="services.customer_portal"):
        user.find(kind=ui.button, content="Zahlung verwalten").click()
        await user.should_see(
            "Die Zahlungsdaten lassen sich gerade nicht öffnen. Bitte versuchen Sie es in ein "
            "paar Minuten wieder; unser Team ist informiert."
        )
    await user.should_not_see("Stripe")
    [record] = [r for r in caplog.records if r.name == "services.customer_portal"]
    assert record.levelname == "WARNING"
    assert "No such customer: 'cus_gone_from_stripe'" in record.getMessage()
    assert STRIPE_KEY not in record.getMessage()


async def test_a_sign_up_is_asked_for_a_payment_method_where_it_matters(
    login_as: LoginAs,
    user: User,
    make: Factory,
    tenant: Tenant,
    staff_db: Session,
    local_stripe: str,
) -> None:
    assign_plan(session=staff_db, tenant=tenant, plan=make.price_plan(), at=tenant.created_at)
    tenant.created_at = utcnow() - timedelta(days=5)  # signed up five days ago
    tenant.trial_ends_at = tenant.created_at + timedelta(days=14)
    make.bot(tenant, name="Empfang")
    staff_db.flush()
    await login_as()

    await user.open("/bots/new")
    await user.should_see("Each further bot gets a phone number of its own")
    await user.should_see(marker="add-payment-method")  # the button is right there, so the
    await user.should_not_see("Billing → Add payment method")  # sentence says not where
    await user.should_not_see("Create bot")

    await user.open("/billing")
    await user.should_see(marker="no-payment-method")
    last_trial_day = tenant.trial_ends_at.astimezone(VIENNA).date()
    await user.should_see(
        "No base fee is charged during your trial. It is charged from "
        f"{EN.day(last_trial_day + timedelta(days=1))}, in its first month only"
    )
    user.find(marker="add-payment-method").click()
    for _ in range(WAIT * 10):  # the simulated browser cannot follow it off the portal
        if any("/c/pay/cs_test_" in page for page in user.back_history):
            break
        await asyncio.sleep(0.1)
    [checkout] = [page for page in user.back_history if "/c/pay/" in page]
    assert checkout.startswith(f"{local_stripe}/c/pay/cs_test_")  # Stripe Checkout's page

    # Back from Checkout without a session (cancelled): nothing saved, and another try.
    await user.open("/billing/payment-method")
    await user.should_see("No payment method was saved.")
    await user.should_see(marker="add-payment-method")
    await user.open("/billing/payment-method?session_id=cs_test_made_up")
    await user.should_see("No payment method was saved.")
    staff_db.refresh(tenant)
    assert tenant.payment_method_added_at is None


@pytest.mark.parametrize(
    ("status", "shown"),
    [
        (InvoiceStatus.OPEN, "Mit nächster Rechnung"),
        (InvoiceStatus.UNCOLLECTIBLE, "Erlassen: unter dem Mindestbetrag"),  # none followed
    ],
)
async def test_an_invoice_below_the_minimum_charge_says_it_goes_with_the_next(
    user: User, make: Factory, tenant: Tenant, status: InvoiceStatus, shown: str
) -> None:
    make.invoice(
        tenant,
        status=status,
        total_cents=20,
        subtotal_cents=17,
        tax_cents=3,
        carried_forward_at=utcnow(),
        period_start=date(2026, 10, 1),
        period_end=date(2026, 11, 1),
    )
    admin = make.user(tenant, role=Role.CUSTOMER_ADMIN, locale="de-AT")
    await log_in(user, admin.email, make.password)
    await user.should_see(DE("Minutes this month"), retries=WAIT)
    await user.open("/billing")
    [table] = [t for t in user.find(kind=ui.table).elements if "pay" in t.rows[0]]
    assert [(row["status"], row["pay"]) for row in table.rows] == [(shown, None)]


async def test_the_price_list_names_every_price_of_the_plan_in_german(
    user: User, make: Factory, tenant: Tenant
) -> None:
    plan = make.price_plan(
        monthly_fee_cents=4900,
        included_minutes=250,
        per_minute_cents=9,
        number_monthly_fee_cents=300,
    )
    assign_plan(session=make.session, tenant=tenant, plan=plan)
    admin = make.user(tenant, role=Role.CUSTOMER_ADMIN, locale="de-AT")
    await log_in(user, admin.email, make.password)
    await user.should_see(DE("Minutes this month"), retries=WAIT)
    await user.open("/billing")
    await user.should_see(marker="price-list")
    await user.should_see("Grundgebühr: 49,00\xa0€ im Monat, 250 Gesprächsminuten inklusive.")
    await user.should_see("Jede weitere Minute: 0,09\xa0€, sekundengenau abgerechnet.")
    await user.should_see("3,00\xa0€ im Monat")
    await user.should_see("Alle Preise zzgl. 20 % USt.")
