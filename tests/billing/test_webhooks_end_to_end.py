"""Stripe's webhooks end to end: the local Stripe (localstripe) signs and delivers real
events to our `/webhooks/stripe`, served on a loopback port, while a customer's SEPA direct
debit bounces and then a card pays. Our invoice and tenant follow."""

from __future__ import annotations

import time

import stripe
from sqlalchemy import select
from sqlalchemy.orm import Session

from integrations.payments import StripePayments
from models import Invoice, InvoiceStatus, OutboundEmail, PricePlan, Role, Tenant, TenantStatus
from models.database import make_session_factory
from services.billing import Period
from services.invoice_run import run_invoices
from services.stripe_invoices import sync_invoice
from tests.billing.conftest import STRIPE_KEY
from tests.factories import SELLER, Factory
from tests.jobs.conftest import wait_until

# localstripe's test IBAN whose debit bounces (asynchronously, as a real one would), and a
# card that pays. (A declined *card* on `/pay` sends no invoice.payment_failed there.)
BOUNCING_DEBIT = {"type": "sepa_debit", "sepa_debit": {"iban": "DE62370400440532013001"}}
GOOD_CARD = {
    "type": "card",
    "card": {"number": "4242424242424242", "exp_month": 12, "exp_year": 2034, "cvc": "123"},
}


def _pay_with(client: stripe.StripeClient, customer_id: str, invoice_id: str, means: dict) -> None:
    method = client.v1.payment_methods.create(params=means)
    client.v1.payment_methods.attach(method.id, params={"customer": customer_id})
    client.v1.customers.update(
        customer_id, params={"invoice_settings": {"default_payment_method": method.id}}
    )
    client.v1.invoices.pay(invoice_id)


def test_a_bounced_debit_makes_the_tenant_past_due_and_a_payment_reactivates_it(
    committed: Session, make_committed: Factory, committed_plan: PricePlan, own_stripe: str
) -> None:
    tenant = make_committed.tenant(price_plan_id=committed_plan.id, locale="de-AT")
    make_committed.user(tenant, role=Role.CUSTOMER_ADMIN, email=f"chefin{tenant.id}@example.at")
    run_invoices(session=committed, period=Period.parse("2032-05"), seller=SELLER)
    committed.commit()
    invoice = committed.scalar(select(Invoice).where(Invoice.tenant_id == tenant.id))
    factory = make_session_factory(committed.get_bind())
    sync_invoice(
        session_factory=factory,
        invoice_id=invoice.id,
        payments=StripePayments(STRIPE_KEY, api_base=own_stripe),
    )
    committed.expire_all()
    assert invoice.status is InvoiceStatus.OPEN
    client = stripe.StripeClient(STRIPE_KEY, base_addresses={"api": own_stripe})

    _pay_with(client, tenant.stripe_customer_id, invoice.stripe_invoice_id, BOUNCING_DEBIT)

    def tenant_status() -> TenantStatus:
        committed.expire_all()
        return committed.get_one(Tenant, tenant.id).status

    wait_until(lambda: tenant_status() is TenantStatus.PAST_DUE, what="invoice.payment_failed")
    mail = committed.scalar(select(OutboundEmail).where(OutboundEmail.tenant_id == tenant.id))
    assert mail.subject == f"Zahlung fehlgeschlagen: Rechnung {invoice.number}"

    _pay_with(client, tenant.stripe_customer_id, invoice.stripe_invoice_id, GOOD_CARD)

    wait_until(lambda: tenant_status() is TenantStatus.ACTIVE, what="invoice.payment_succeeded")
    committed.expire_all()
    assert invoice.status is InvoiceStatus.PAID and invoice.paid_at is not None
    assert time.time() - invoice.paid_at.timestamp() < 60
