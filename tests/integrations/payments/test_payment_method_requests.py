""" "Add payment method": the requests the real stripe SDK sends to open Stripe Checkout in
setup mode and, back from it, to read the session and make its card the default, checked on
the local recording server as api.stripe.com would receive them."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from integrations.payments import StripePayments
from services.payment_method import payment_method_setup_url, record_payment_method
from tests.factories import Factory
from tests.integrations.payments.conftest import Recorder

KEY = "sk_test_recording_server_key"
RETURN = "https://portal.example.at/billing/payment-method"


@pytest.fixture
def recorder(recorder: Recorder) -> Recorder:
    recorder.answer("POST", "/v1/customers", (200, {"id": "cus_rec", "object": "customer"}))
    session = {
        "id": "cs_test_rec",
        "object": "checkout.session",
        "mode": "setup",
        "customer": "cus_rec",
        "url": "https://checkout.stripe.com/c/pay/cs_test_rec",
    }
    recorder.answer("POST", "/v1/checkout/sessions", (200, session | {"status": "open"}))
    recorder.answer(
        "GET",
        "/v1/checkout/sessions/cs_test_rec",
        (200, session | {"status": "complete", "setup_intent": "seti_rec"}),
    )
    recorder.answer(
        "GET",
        "/v1/setup_intents/seti_rec",
        (
            200,
            {
                "id": "seti_rec",
                "object": "setup_intent",
                "status": "succeeded",
                "payment_method": "pm_rec",
            },
        ),
    )
    recorder.answer("POST", "/v1/customers/cus_rec", (200, {"id": "cus_rec", "object": "customer"}))
    return recorder


def test_checkout_in_setup_mode_and_the_card_as_the_default(
    recorder: Recorder, staff_db: Session, make: Factory
) -> None:
    tenant = make.tenant(name="Gasthaus Linde", locale="de-AT")
    payments = StripePayments(KEY, api_base=recorder.base_url)

    url = payment_method_setup_url(
        session=staff_db, tenant_id=tenant.id, payments=payments, return_url=RETURN
    )
    assert url == "https://checkout.stripe.com/c/pay/cs_test_rec"
    assert record_payment_method(
        session=staff_db, tenant_id=tenant.id, payments=payments, checkout_session_id="cs_test_rec"
    )
    assert tenant.payment_method_added_at is not None

    _customer, checkout, read_back, intent, default = recorder.requests
    assert checkout["path"] == "/v1/checkout/sessions"
    assert checkout["headers"]["Authorization"] == f"Bearer {KEY}"
    assert checkout["form"] == {
        "mode": ["setup"],
        "customer": ["cus_rec"],
        "currency": ["eur"],
        "locale": ["de"],
        "success_url": [f"{RETURN}?session_id={{CHECKOUT_SESSION_ID}}"],
        "cancel_url": [RETURN],
    }
    assert (read_back["method"], read_back["path"]) == ("GET", "/v1/checkout/sessions/cs_test_rec")
    assert (intent["method"], intent["path"]) == ("GET", "/v1/setup_intents/seti_rec")
    assert default["path"] == "/v1/customers/cus_rec"
    assert default["form"] == {"invoice_settings[default_payment_method]": ["pm_rec"]}
