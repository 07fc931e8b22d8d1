""" "Manage payment": the requests the real stripe SDK sends, checked on a local recording
server (localstripe has no customer portal)."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from integrations.payments import PaymentsError, StripePayments
from services.customer_portal import customer_portal_url
from tests.factories import Factory
from tests.integrations.payments.conftest import Recorder

KEY = "sk_test_recording_server_key"


@pytest.fixture
def recorder(recorder: Recorder) -> Recorder:
    recorder.answer("POST", "/v1/customers", (200, {"id": "cus_recorded1", "object": "customer"}))
    recorder.answer(
        "POST",
        "/v1/billing_portal/sessions",
        (
            200,
            {
                "id": "bps_1",
                "object": "billing_portal.session",
                "url": "https://billing.stripe.com/p/session/test_abc",
            },
        ),
    )
    return recorder


def _payments(recorder: Recorder) -> StripePayments:
    return StripePayments(KEY, api_base=recorder.base_url)


def test_manage_payment_creates_the_customer_once_and_opens_a_portal_session(
    recorder: Recorder, staff_db: Session, make: Factory
) -> None:
    tenant = make.tenant(name="Tischlerei Huber", billing_email="buero@huber.at")
    back = "http://localhost:8080/billing"

    url = customer_portal_url(
        session=staff_db, tenant_id=tenant.id, payments=_payments(recorder), return_url=back
    )
    again = customer_portal_url(
        session=staff_db, tenant_id=tenant.id, payments=_payments(recorder), return_url=back
    )

    assert url == again == "https://billing.stripe.com/p/session/test_abc"
    assert tenant.stripe_customer_id == "cus_recorded1"
    create, portal, portal_again = recorder.requests
    assert create["path"] == "/v1/customers"
    assert create["headers"]["Authorization"] == f"Bearer {KEY}"
    assert create["headers"]["Idempotency-Key"] == f"voiceagent-tenant-{tenant.id}-customer"
    assert create["form"]["name"] == ["Tischlerei Huber"]
    assert create["form"]["email"] == ["buero@huber.at"]
    assert create["form"]["metadata[voiceagent_tenant_id]"] == [str(tenant.id)]
    assert portal["path"] == portal_again["path"] == "/v1/billing_portal/sessions"
    assert portal["form"] == {"customer": ["cus_recorded1"], "return_url": [back]}


def test_a_stripe_refusal_is_a_plain_error_without_the_key(recorder: Recorder) -> None:
    with pytest.raises(PaymentsError, match="Stripe answered 400") as refused:
        _payments(recorder).customer_portal_url(customer_id="cus_refused", return_url="http://x")
    assert KEY not in str(refused.value)
