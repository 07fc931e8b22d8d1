"""Saving a payment method through Stripe Checkout in setup mode, on the local Stripe: the
session is checked as Stripe checks it, its page saves a card (a declined one is refused),
the signed `checkout.session.completed` webhook marks the company, and the return page's
read-back makes the card the default for invoices — only for the company's own session. A
customer who closes the tab after Checkout gets the same from the webhook alone."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import stripe
from sqlalchemy.orm import Session

from integrations.payments import StripePayments
from models import Tenant
from models.base import utcnow
from services.payment_method import payment_method_setup_url, record_payment_method
from tests.billing.conftest import STRIPE_KEY, assert_refused_like_stripe
from tests.factories import Factory
from tests.jobs.conftest import wait_until

RETURN = "http://127.0.0.1:8080/billing/payment-method"
DECLINED_CARD = "4000000000000002"


def test_a_card_saved_in_checkout_is_the_companys_payment_method(
    committed: Session, make_committed: Factory, own_stripe: str
) -> None:
    payments = StripePayments(STRIPE_KEY, api_base=own_stripe)
    tenant = make_committed.tenant(name="Gasthaus Linde", trial_ends_at=utcnow())
    other = make_committed.tenant(name="Konkurrenz GmbH", trial_ends_at=utcnow())
    committed.commit()

    url = payment_method_setup_url(
        session=committed, tenant_id=tenant.id, payments=payments, return_url=RETURN
    )
    committed.commit()
    assert url.startswith(f"{own_stripe}/c/pay/cs_test_")
    page = httpx.get(url)
    assert page.status_code == 200 and "Save card" in page.text
    declined = httpx.post(url, data={"card": DECLINED_CARD}, follow_redirects=True)
    assert "Your card was declined." in declined.text
    assert httpx.post(url, data={"card": "12"}).status_code == 400

    saved = httpx.post(url, data={"card": "4242 4242 4242 4242"})
    assert saved.status_code == 303
    back = saved.headers["location"]
    assert back.startswith(f"{RETURN}?session_id=cs_test_")
    [session_id] = parse_qs(urlsplit(back).query)["session_id"]
    assert httpx.get(url).status_code == 404  # a completed session's page is gone

    def marked_by_the_webhook() -> bool:
        committed.expire_all()
        return committed.get_one(Tenant, tenant.id).payment_method_added_at is not None

    wait_until(marked_by_the_webhook, what="the checkout.session.completed webhook")

    # Another company cannot claim this session, nor a made-up one.
    for claimed in (session_id, "cs_test_made_up", "not-a-session"):
        assert not record_payment_method(
            session=committed, tenant_id=other.id, payments=payments, checkout_session_id=claimed
        )
    assert committed.get_one(Tenant, other.id).payment_method_added_at is None

    assert record_payment_method(
        session=committed, tenant_id=tenant.id, payments=payments, checkout_session_id=session_id
    )
    customer = stripe.StripeClient(STRIPE_KEY, base_addresses={"api": own_stripe}).v1.customers
    default = customer.retrieve(tenant.stripe_customer_id).invoice_settings.default_payment_method
    assert default and default.startswith("pm_")


def test_checkout_sessions_are_checked_like_stripe_checks_them(
    stripe_client: stripe.StripeClient, local_stripe: str
) -> None:
    customer = stripe_client.v1.customers.create(params={"name": "Bäckerei Gruber"})
    good = {
        "mode": "setup",
        "customer": customer.id,
        "currency": "eur",
        "success_url": "http://localhost:8080/billing/payment-method?session_id={CHECKOUT_SESSION_ID}",
        "cancel_url": "http://localhost:8080/billing/payment-method",
    }
    session = stripe_client.v1.checkout.sessions.create(params=good)  # type: ignore[arg-type]
    assert session.object == "checkout.session" and session.status == "open"
    assert session.setup_intent.startswith("seti_") and session.customer == customer.id
    refusals: list[tuple[dict[str, str], str]] = [
        ({k: v for k, v in good.items() if k != "mode"}, "Missing required param: mode."),
        (
            good | {"mode": "payment"},
            "The local Stripe makes Checkout Sessions in setup mode only.",
        ),
        (good | {"mode": "rent"}, "Invalid mode: must be one of payment, setup, subscription"),
        (good | {"customer": "cus_nobody"}, "No such customer: 'cus_nobody'"),
        (
            {k: v for k, v in good.items() if k != "currency"},
            "currency is required in setup mode when payment_method_types is not set.",
        ),
        (
            {k: v for k, v in good.items() if k != "success_url"},
            "Missing required param: success_url.",
        ),
        (good | {"cancel_url": "javascript:alert(1)"}, "Not a valid URL"),
        (good | {"colour": "red"}, "Received unknown parameter: colour"),
        (good | {"ui_mode": "embedded"}, "The local Stripe does not do ui_mode."),
    ]
    assert_refused_like_stripe(stripe_client.v1.checkout.sessions.create, refusals)
    url = f"{local_stripe}/v1/checkout/sessions"
    assert httpx.post(url, data=good).status_code == 401  # no key
    with pytest.raises(stripe.InvalidRequestError) as missing:
        stripe_client.v1.checkout.sessions.retrieve("cs_test_nobody")
    assert missing.value.http_status == 404


def test_the_webhook_alone_makes_the_card_the_default_when_the_tab_is_closed(
    committed: Session, make_committed: Factory, own_stripe: str
) -> None:
    payments = StripePayments(STRIPE_KEY, api_base=own_stripe)
    tenant = make_committed.tenant(name="Tischlerei Berger", trial_ends_at=utcnow())
    committed.commit()
    url = payment_method_setup_url(
        session=committed, tenant_id=tenant.id, payments=payments, return_url=RETURN
    )
    committed.commit()

    saved = httpx.post(url, data={"card": "4242 4242 4242 4242"})
    assert saved.status_code == 303  # the browser is sent back; the tab is closed instead

    def marked_by_the_webhook() -> bool:
        committed.expire_all()
        return committed.get_one(Tenant, tenant.id).payment_method_added_at is not None

    wait_until(marked_by_the_webhook, what="the checkout.session.completed webhook")
    customers = stripe.StripeClient(STRIPE_KEY, base_addresses={"api": own_stripe}).v1.customers
    customer = customers.retrieve(committed.get_one(Tenant, tenant.id).stripe_customer_id or "")
    default = customer.invoice_settings.default_payment_method
    assert default and default.startswith("pm_")
