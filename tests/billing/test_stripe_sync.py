"""The invoice sync against a real local Stripe (localstripe with our invoice endpoints):
what ends up there, in cents, and nothing else (no subscription, no €0 invoice); a rerun
that creates nothing; an interrupted run picked up without billing twice; Stripe down,
then back."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
import stripe
from sqlalchemy.orm import Session, sessionmaker

from integrations.payments import PaymentsError, StripePayments
from models import Invoice, InvoiceStatus, Tenant
from services.billing import Period
from services.invoice_run import run_invoices
from services.stripe_invoices import SyncMismatch, sync_invoice
from services.stripe_webhooks import INVOICE_METADATA_KEY
from tests.billing.conftest import STRIPE_KEY
from tests.factories import SELLER, Factory
from tests.ports import free_port

NOVEMBER = Period.parse("2031-11")


def invoice_for(db: Session, make: Factory, **tenant: object) -> Invoice:
    """A tenant with 100 min + 90 s of calls and a number from 16 November: 29 € + 18 ct +
    2.50 € = 31.68 €, VAT 6.34 €, total 38.02 €."""
    owner = make.tenant(price_plan_id=make.price_plan().id, **tenant)
    make.usage_event(owner, quantity=6090, occurred_at=datetime(2031, 11, 3, 9, tzinfo=UTC))
    make.phone_number(owner, created_at=datetime(2031, 11, 16, 8, tzinfo=UTC))
    run_invoices(session=db, period=NOVEMBER, seller=SELLER)
    return next(i for i in db.query(Invoice).filter_by(tenant_id=owner.id))


def _stripe_objects(client: stripe.StripeClient, customer_id: str) -> tuple[int, int, int]:
    """The customer's invoices, how many of them are €0, and subscriptions."""
    invoices = client.v1.invoices.list(params={"customer": customer_id, "limit": 100}).data
    subscriptions = client.v1.subscriptions.list(params={"customer": customer_id}).data
    return len(invoices), sum(1 for i in invoices if not i.total), len(subscriptions)


def test_an_invoice_arrives_in_stripe_in_cents_and_is_finalized(
    staff_db: Session,
    session_factory: sessionmaker[Session],
    make: Factory,
    local_stripe: str,
    stripe_client: stripe.StripeClient,
) -> None:
    invoice = invoice_for(staff_db, make, name="Tischlerei Huber", billing_email="b@huber.at")
    assert (invoice.subtotal_cents, invoice.tax_cents, invoice.total_cents) == (3168, 634, 3802)
    payments = StripePayments(STRIPE_KEY, api_base=local_stripe)

    outcome = sync_invoice(
        session_factory=session_factory, invoice_id=invoice.id, payments=payments
    )

    assert outcome == "synced"
    staff_db.expire_all()
    tenant = staff_db.get_one(Tenant, invoice.tenant_id)
    assert invoice.status is InvoiceStatus.OPEN
    assert invoice.stripe_invoice_id and tenant.stripe_customer_id
    customer = stripe_client.v1.customers.retrieve(tenant.stripe_customer_id)
    assert customer.name == "Tischlerei Huber"
    assert customer.metadata["voiceagent_tenant_id"] == str(tenant.id)
    theirs = stripe_client.v1.invoices.retrieve(invoice.stripe_invoice_id)
    assert theirs.status == "open"
    assert theirs.customer == tenant.stripe_customer_id
    assert (theirs.currency, theirs.total) == ("eur", 3802)
    assert theirs.metadata[INVOICE_METADATA_KEY] == str(invoice.id)
    assert {line.metadata[INVOICE_METADATA_KEY] for line in theirs.lines.data} == {str(invoice.id)}
    assert _stripe_objects(stripe_client, tenant.stripe_customer_id) == (1, 0, 0)
    assert sorted((line.description, line.amount) for line in theirs.lines.data) == sorted(
        [
            ("Grundgebühr inkl. 100 Gesprächsminuten", 2900),
            ("Weitere Gesprächszeit: 1 min 30 s (sekundengenau)", 18),
            ("Rufnummer: 15 von 30 Tagen", 250),
            ("USt. 20 %", 634),
        ]
    )


def test_a_rerun_creates_nothing_new(
    staff_db: Session,
    session_factory: sessionmaker[Session],
    make: Factory,
    local_stripe: str,
    stripe_client: stripe.StripeClient,
) -> None:
    invoice = invoice_for(staff_db, make, locale="en-US")
    sync_invoice(
        session_factory=session_factory,
        invoice_id=invoice.id,
        payments=StripePayments(STRIPE_KEY, api_base=local_stripe),
    )
    staff_db.expire_all()
    customer_id = staff_db.get_one(Tenant, invoice.tenant_id).stripe_customer_id
    before = _stripe_objects(stripe_client, customer_id)
    again = StripePayments(STRIPE_KEY, api_base=local_stripe)

    outcome = sync_invoice(session_factory=session_factory, invoice_id=invoice.id, payments=again)

    assert outcome == "unchanged"
    assert again.calls == 0
    assert _stripe_objects(stripe_client, customer_id) == before == (1, 0, 0)


def test_an_interrupted_sync_reuses_what_it_created(
    staff_db: Session,
    session_factory: sessionmaker[Session],
    make: Factory,
    local_stripe: str,
    stripe_client: stripe.StripeClient,
) -> None:
    invoice = invoice_for(staff_db, make)
    payments = StripePayments(STRIPE_KEY, api_base=local_stripe)
    tenant = staff_db.get_one(Tenant, invoice.tenant_id)
    # A first run got as far as the customer and the draft, then its worker died before
    # the draft's id reached our database (and days passed: the idempotency key is gone).
    tenant.stripe_customer_id = payments.ensure_customer(
        tenant_id=tenant.id, name=tenant.name, email=None, locale=tenant.locale
    )
    invoice.stripe_sync_started_at = datetime(2031, 12, 1, tzinfo=UTC)
    staff_db.flush()
    lost = payments.create_invoice(
        customer_id=tenant.stripe_customer_id,
        currency="EUR",
        description="VoiceAgent",
        metadata={INVOICE_METADATA_KEY: str(invoice.id)},
        idempotency_key=f"an-expired-key-{uuid.uuid4()}",
    )

    sync_invoice(session_factory=session_factory, invoice_id=invoice.id, payments=payments)

    staff_db.expire_all()
    assert invoice.stripe_invoice_id == lost.id
    theirs = stripe_client.v1.invoices.retrieve(lost.id)
    assert (theirs.status, theirs.total) == ("open", invoice.total_cents)
    assert _stripe_objects(stripe_client, tenant.stripe_customer_id) == (1, 0, 0)


def test_stripe_down_leaves_the_invoice_a_draft_and_a_later_run_finishes_it(
    staff_db: Session,
    session_factory: sessionmaker[Session],
    make: Factory,
    local_stripe: str,
) -> None:
    invoice = invoice_for(staff_db, make)
    nobody = StripePayments(STRIPE_KEY, api_base=f"http://127.0.0.1:{free_port()}")

    with pytest.raises(PaymentsError, match="could not be reached"):
        sync_invoice(session_factory=session_factory, invoice_id=invoice.id, payments=nobody)
    staff_db.expire_all()
    assert (invoice.status, invoice.stripe_invoice_id) == (InvoiceStatus.DRAFT, None)

    sync_invoice(
        session_factory=session_factory,
        invoice_id=invoice.id,
        payments=StripePayments(STRIPE_KEY, api_base=local_stripe),
    )
    staff_db.expire_all()
    assert invoice.status is InvoiceStatus.OPEN and invoice.stripe_invoice_id


def test_a_balance_at_stripe_that_would_change_the_charge_leaves_the_invoice_a_draft(
    staff_db: Session,
    session_factory: sessionmaker[Session],
    make: Factory,
    local_stripe: str,
    stripe_client: stripe.StripeClient,
) -> None:
    # Someone gave the customer a debit of 5 € in Stripe's dashboard: Stripe would charge
    # 43,02 € for our invoice of 38,02 €.
    customer = stripe_client.v1.customers.create(params={"name": "Bäckerei Ott", "balance": 500})
    invoice = invoice_for(staff_db, make, stripe_customer_id=customer.id)
    payments = StripePayments(STRIPE_KEY, api_base=local_stripe)

    with pytest.raises(SyncMismatch, match="would charge 4302 cents"):
        sync_invoice(session_factory=session_factory, invoice_id=invoice.id, payments=payments)

    staff_db.expire_all()
    assert invoice.status is InvoiceStatus.DRAFT and invoice.stripe_invoice_id
    theirs = stripe_client.v1.invoices.retrieve(invoice.stripe_invoice_id)
    assert (theirs.status, theirs.total, theirs.amount_due) == ("draft", 3802, 4302)
