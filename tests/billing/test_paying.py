"""Paying: an open invoice's hosted page on the local Stripe pays it and the signed
`invoice.paid` webhook marks ours paid; customer-portal sessions are checked as Stripe
checks them. Everything through the real stripe SDK and plain HTTP, as a browser would."""

from __future__ import annotations

import re

import httpx
import stripe
from sqlalchemy import select
from sqlalchemy.orm import Session

from integrations.payments import StripePayments
from models import Invoice, InvoiceStatus, PricePlan, WebhookEvent
from models.database import make_session_factory
from services.billing import Period
from services.customer_portal import customer_portal_url
from services.invoice_run import run_invoices
from services.stripe_invoices import sync_invoice
from tests.billing.conftest import STRIPE_KEY, assert_refused_like_stripe
from tests.factories import SELLER, Factory
from tests.jobs.conftest import wait_until

DECLINED_CARD = "4000000000000002"


def test_an_open_invoice_is_paid_on_its_hosted_page_and_the_webhook_marks_it_paid(
    committed: Session, make_committed: Factory, committed_plan: PricePlan, own_stripe: str
) -> None:
    tenant = make_committed.tenant(price_plan_id=committed_plan.id)
    run_invoices(session=committed, period=Period.parse("2032-06"), seller=SELLER)
    committed.commit()
    invoice = committed.scalar(select(Invoice).where(Invoice.tenant_id == tenant.id))
    sync_invoice(
        session_factory=make_session_factory(committed.get_bind()),
        invoice_id=invoice.id,
        payments=StripePayments(STRIPE_KEY, api_base=own_stripe),
    )
    committed.expire_all()
    assert invoice.status is InvoiceStatus.OPEN
    hosted = invoice.hosted_invoice_url
    assert hosted and re.fullmatch(rf"{own_stripe}/i/[\w-]{{20,}}", hosted)

    page = httpx.get(hosted)
    assert page.status_code == 200
    assert "34.80 EUR" in page.text and ">open<" in page.text  # 29 € + 20 % VAT

    declined = httpx.post(f"{hosted}/pay", data={"card": DECLINED_CARD}, follow_redirects=True)
    assert "Your card was declined." in declined.text and ">open<" in declined.text
    committed.expire_all()
    assert invoice.status is InvoiceStatus.OPEN

    paid = httpx.post(f"{hosted}/pay", data={"card": "4242 4242 4242 4242"}, follow_redirects=True)
    assert ">paid<" in paid.text and "<form" not in paid.text

    def ours_paid() -> bool:
        committed.expire_all()
        return committed.get_one(Invoice, invoice.id).status is InvoiceStatus.PAID

    wait_until(ours_paid, what="the invoice.paid webhook")
    wait_until(
        lambda: (
            committed.scalar(
                select(WebhookEvent.id).where(WebhookEvent.event_type == "invoice.paid")
            )
            is not None
        ),
        what="the invoice.paid event stored",
    )
    assert httpx.get(f"{own_stripe}/i/not-a-token").status_code == 404
    bad_card = httpx.post(f"{hosted}/pay", data={"card": "12"})
    assert bad_card.status_code == 400


def test_portal_sessions_are_checked_like_stripe_checks_them(
    stripe_client: stripe.StripeClient, local_stripe: str
) -> None:
    customer = stripe_client.v1.customers.create(params={"name": "Bäckerei Gruber"})
    back = "http://localhost:8080/billing"

    session = stripe_client.v1.billing_portal.sessions.create(
        params={"customer": customer.id, "return_url": back}
    )

    assert session.object == "billing_portal.session" and session.customer == customer.id
    assert session.url.startswith(f"{local_stripe}/p/session/bps_")
    page = httpx.get(session.url)
    assert page.status_code == 200 and f'href="{back}"' in page.text
    refusals: list[tuple[dict[str, str], str]] = [
        ({"return_url": back}, "Missing required param: customer."),
        ({"customer": "cus_nobody"}, "No such customer: 'cus_nobody'"),
        ({"customer": customer.id, "colour": "red"}, "Received unknown parameter: colour"),
        ({"customer": customer.id, "return_url": "javascript:alert(1)"}, "Not a valid URL"),
    ]
    assert_refused_like_stripe(stripe_client.v1.billing_portal.sessions.create, refusals)
    url = f"{local_stripe}/v1/billing_portal/sessions"
    assert httpx.post(url, data={"customer": customer.id}).status_code == 401
    publishable = {"Authorization": "Bearer pk_test_not_secret"}
    assert httpx.post(url, data={"customer": customer.id}, headers=publishable).status_code == 401
    assert httpx.get(f"{local_stripe}/p/session/bps_unknown").status_code == 404


def test_manage_payment_opens_a_portal_session_on_the_local_stripe(
    staff_db: Session, make: Factory, local_stripe: str
) -> None:
    tenant = make.tenant(name="Tischlerei Huber", billing_email="buero@huber.at")

    url = customer_portal_url(
        session=staff_db,
        tenant_id=tenant.id,
        payments=StripePayments(STRIPE_KEY, api_base=local_stripe),
        return_url="http://localhost:8080/billing",
    )

    assert tenant.stripe_customer_id and tenant.stripe_customer_id.startswith("cus_")
    assert url.startswith(f"{local_stripe}/p/session/")
    assert httpx.get(url).status_code == 200
