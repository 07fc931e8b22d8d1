"""The platform's Stripe and Twilio keys: one stored in the back office wins over the
environment's (services/platform_keys.py). The Stripe key is checked where it arrives, on a
recording server the real stripe SDK talks to; a tenant's own keys never stand in."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from core.encryption import CredentialCipher
from core.settings import Settings
from integrations.payments import payments_from_settings
from models import Provider
from services.credentials import store_credential
from services.customer_portal import customer_portal_url
from services.platform_keys import with_platform_keys
from tests.factories import Factory
from tests.integrations.payments.conftest import Recorder

STORED_STRIPE = "sk_live_stored_in_the_back_office_51Hx"


@pytest.fixture
def recorder(recorder: Recorder) -> Recorder:
    recorder.answer(
        "POST",
        "/v1/customers",
        lambda _: (200, {"id": f"cus_keys{len(recorder.requests)}", "object": "customer"}),
    )
    portal = {"id": "bps_1", "object": "billing_portal.session", "url": "https://b.example/s"}
    recorder.answer("POST", "/v1/billing_portal/sessions", (200, portal))
    return recorder


def _store(
    staff_db: Session, settings: Settings, provider: Provider, name: str, value: str, **kw: object
) -> None:
    store_credential(
        session=staff_db,
        cipher=CredentialCipher.from_settings(settings),
        provider=provider,
        name=name,
        value=value,
        **kw,
    )
    staff_db.flush()


def _open_stripe_portal(
    settings: Settings, session_factory: sessionmaker[Session], staff_db: Session, make: Factory
) -> None:
    """What "Manage payment" does (customer_ui/pages/billing.py), for a new tenant."""
    customer_portal_url(
        session=staff_db,
        tenant_id=make.tenant().id,
        payments=payments_from_settings(with_platform_keys(settings, session_factory)),
        return_url="http://localhost:8080/billing",
    )


def test_the_stored_stripe_key_is_the_one_stripe_receives(
    recorder: Recorder,
    settings: Settings,
    session_factory: sessionmaker[Session],
    staff_db: Session,
    make: Factory,
) -> None:
    settings = settings.model_copy(update={"stripe_api_base": recorder.base_url})
    environment_key = settings.stripe_secret_key.get_secret_value()
    # A tenant's own Stripe key is not the platform's.
    tenant = make.tenant()
    _store(
        staff_db,
        settings,
        Provider.STRIPE,
        "secret_key",
        "sk_live_a_tenants_own_key",
        tenant_id=tenant.id,
    )
    _open_stripe_portal(settings, session_factory, staff_db, make)
    _store(staff_db, settings, Provider.STRIPE, "secret_key", STORED_STRIPE)
    _open_stripe_portal(settings, session_factory, staff_db, make)

    sent = [
        r["headers"]["Authorization"] for r in recorder.requests if r["path"] == "/v1/customers"
    ]
    assert sent == [f"Bearer {environment_key}", f"Bearer {STORED_STRIPE}"]


def test_a_stored_twilio_account_counts_only_with_its_token(
    settings: Settings, session_factory: sessionmaker[Session], staff_db: Session
) -> None:
    settings = settings.model_copy(update={"twilio_account_sid": "AC" + "1" * 32})
    _store(staff_db, settings, Provider.TWILIO, "account_sid", "AC" + "2" * 32)
    assert with_platform_keys(settings, session_factory).twilio_account_sid == "AC" + "1" * 32

    _store(staff_db, settings, Provider.TWILIO, "auth_token", "stored-twilio-token-0042")
    both = with_platform_keys(settings, session_factory)

    assert both.twilio_account_sid == "AC" + "2" * 32
    assert both.twilio_auth_token is not None
    assert both.twilio_auth_token.get_secret_value() == "stored-twilio-token-0042"
    assert "stored-twilio-token-0042" not in repr(both) + str(both)
