"""`POST /webhooks/stripe`: signatures, duplicates (also at once), order, and dunning."""

from __future__ import annotations

import json
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
import stripe
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from customer_ui.stripe_webhook import webhook_router
from integrations.payments import StripePayments
from models import Invoice, InvoiceStatus, OutboundEmail, Role, Tenant, TenantStatus, WebhookEvent
from models.database import make_session_factory
from models.scoping import staff_session
from services.stripe_webhooks import enforce_grace_period, handle_event
from tests.factories import Factory
from tests.ports import free_port

SECRET = "whsec_test_secret_for_webhooks"


def _event(kind: str, invoice: Invoice, *, created: int, event_id: str | None = None) -> bytes:
    return json.dumps(
        {
            "id": event_id or f"evt_{kind}_{invoice.id}_{created}",
            "object": "event",
            "type": kind,
            "created": created,
            "data": {
                "object": {
                    "id": f"in_test_{invoice.id}",
                    "object": "invoice",
                    "metadata": {"voiceagent_invoice_id": str(invoice.id)},
                }
            },
        }
    ).encode()


def _signed(payload: bytes, *, secret: str = SECRET, timestamp: int | None = None) -> str:
    return stripe.WebhookSignature.generate_signature_header(
        payload.decode(), secret, timestamp=timestamp or int(time.time())
    )


@pytest.fixture
def client(settings, session_factory: sessionmaker[Session]) -> TestClient:
    app = FastAPI()
    app.include_router(
        webhook_router(
            settings=settings.model_copy(update={"stripe_webhook_secret": SecretStrLike(SECRET)}),
            session_factory=session_factory,
        )
    )
    return TestClient(app)


class SecretStrLike:
    """Settings are frozen; a copy with another webhook secret needs a SecretStr-alike."""

    def __init__(self, value: str) -> None:
        self._value = value

    def get_secret_value(self) -> str:
        return self._value


@pytest.fixture
def billed(make: Factory) -> tuple[Tenant, Invoice]:
    tenant = make.tenant(locale="de-AT")
    make.user(tenant, role=Role.CUSTOMER_ADMIN, email=f"chefin{tenant.id}@example.at")
    return tenant, make.invoice(
        tenant, status=InvoiceStatus.OPEN, total_cents=3502, subtotal_cents=2918, tax_cents=584
    )


def _post(client: TestClient, payload: bytes, signature: str | None):  # noqa: ANN202
    headers = {"content-type": "application/json"}
    if signature is not None:
        headers["stripe-signature"] = signature
    return client.post("/webhooks/stripe", content=payload, headers=headers)


def _events(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(WebhookEvent))


@pytest.mark.parametrize(
    "signature",
    [
        None,
        "t=1,v1=deadbeef",
        "wrong-secret",
        "stale",
    ],
)
def test_bad_or_stale_signatures_are_refused_and_change_nothing(
    client: TestClient, staff_db: Session, billed, signature: str | None
) -> None:
    tenant, invoice = billed
    payload = _event("invoice.paid", invoice, created=int(time.time()))
    if signature == "wrong-secret":
        signature = _signed(payload, secret="whsec_someone_else")
    elif signature == "stale":
        signature = _signed(payload, timestamp=int(time.time()) - 301)
    before = _events(staff_db)

    answer = _post(client, payload, signature)

    assert answer.status_code == 400
    assert "Traceback" not in answer.text
    staff_db.expire_all()
    assert staff_db.get_one(Invoice, invoice.id).status is InvoiceStatus.OPEN
    assert _events(staff_db) == before


def test_junk_with_a_valid_signature_is_refused(client: TestClient) -> None:
    payload = b"not json at all"
    assert _post(client, payload, _signed(payload)).status_code == 400


def test_a_duplicate_delivery_is_processed_once(
    client: TestClient, staff_db: Session, billed
) -> None:
    tenant, invoice = billed
    payload = _event("invoice.payment_failed", invoice, created=int(time.time()))
    first = _post(client, payload, _signed(payload))
    second = _post(client, payload, _signed(payload))
    assert (first.text, second.text) == ("processed", "duplicate")
    mails = staff_db.scalar(
        select(func.count()).select_from(OutboundEmail).where(OutboundEmail.tenant_id == tenant.id)
    )
    assert mails == 1


def test_out_of_order_failure_after_payment_is_ignored(
    client: TestClient, staff_db: Session, billed
) -> None:
    tenant, invoice = billed
    now = int(time.time())
    paid = _event("invoice.paid", invoice, created=now)
    older_failure = _event("invoice.payment_failed", invoice, created=now - 60)
    finalized = _event("invoice.finalized", invoice, created=now - 120)
    for payload in (paid, older_failure, finalized):
        assert _post(client, payload, _signed(payload)).status_code == 200
    staff_db.expire_all()
    assert staff_db.get_one(Invoice, invoice.id).status is InvoiceStatus.PAID
    assert staff_db.get_one(Tenant, tenant.id).status is TenantStatus.ACTIVE


def test_dunning_from_failed_payment_to_suspension_to_reactivation(
    client: TestClient, staff_db: Session, billed
) -> None:
    tenant, invoice = billed
    failed_at = datetime.now(UTC) - timedelta(days=1)
    payload = _event("invoice.payment_failed", invoice, created=int(failed_at.timestamp()))
    assert _post(client, payload, _signed(payload)).text == "processed"

    staff_db.expire_all()
    tenant = staff_db.get_one(Tenant, tenant.id)
    assert tenant.status is TenantStatus.PAST_DUE
    assert abs((tenant.past_due_since - failed_at).total_seconds()) < 1
    [mail] = staff_db.scalars(select(OutboundEmail).where(OutboundEmail.tenant_id == tenant.id))
    assert mail.to_address == f"chefin{tenant.id}@example.at"
    assert invoice.number in mail.subject and "35,02\xa0€" in mail.body_text

    # Within the grace period nothing happens; after it, the tenant is suspended.
    in_grace = failed_at + timedelta(days=6)
    assert enforce_grace_period(session=staff_db, grace_days=7, now=in_grace) == 0
    staff_db.refresh(tenant)
    assert tenant.status is TenantStatus.PAST_DUE
    past_grace = failed_at + timedelta(days=7, hours=1)
    assert enforce_grace_period(session=staff_db, grace_days=7, now=past_grace) == 1
    staff_db.refresh(tenant)
    assert tenant.status is TenantStatus.SUSPENDED and tenant.suspended_at is not None

    paid = _event("invoice.paid", invoice, created=int(time.time()))
    assert _post(client, paid, _signed(paid)).text == "processed"
    staff_db.expire_all()
    tenant = staff_db.get_one(Tenant, tenant.id)
    assert tenant.status is TenantStatus.ACTIVE
    assert tenant.past_due_since is None and tenant.suspended_at is None
    subjects = list(
        staff_db.scalars(
            select(OutboundEmail.subject)
            .where(OutboundEmail.tenant_id == tenant.id)
            .order_by(OutboundEmail.id)
        )
    )
    assert len(subjects) == 3 and "pausiert" in subjects[1] and "wieder aktiv" in subjects[2]


def test_two_deliveries_at_once_are_processed_once(
    committed: Session, make_committed: Factory, engine
) -> None:
    tenant = make_committed.tenant()
    make_committed.user(tenant, role=Role.CUSTOMER_ADMIN)
    invoice = make_committed.invoice(tenant, status=InvoiceStatus.OPEN)
    committed.commit()
    payload = _event(
        "invoice.payment_failed",
        invoice,
        created=int(time.time()),
        event_id=f"evt_twins_{invoice.id}",
    )
    factory = make_session_factory(engine)
    outcomes: list[str] = []
    start = threading.Barrier(2)

    def deliver() -> None:
        start.wait()
        outcomes.append(
            handle_event(
                session_factory=factory,
                payload=payload,
                signature=_signed(payload),
                secret=SECRET,
                payments=StripePayments("sk_test_unused"),  # invoice events never ask Stripe
            )
        )

    try:
        threads = [threading.Thread(target=deliver) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=20)
        assert sorted(outcomes) == ["duplicate", "processed"]
        with staff_session(factory) as db:
            mails = db.scalar(
                select(func.count())
                .select_from(OutboundEmail)
                .where(OutboundEmail.tenant_id == tenant.id)
            )
            assert mails == 1
    finally:
        with staff_session(factory) as db, db.begin():
            db.execute(
                delete(WebhookEvent).where(WebhookEvent.event_id == f"evt_twins_{invoice.id}")
            )


def test_a_saved_card_waits_for_stripe_to_answer_and_is_sent_again(
    settings, session_factory: sessionmaker[Session], staff_db: Session, make: Factory
) -> None:
    """Checkout's webhook reads the session back from Stripe (services/payment_method.py);
    when Stripe cannot be reached the delivery is refused with 503 and nothing is stored,
    so Stripe's next delivery of the same event still counts."""
    tenant = make.tenant(stripe_customer_id="cus_tab_closed", trial_ends_at=datetime.now(UTC))
    staff_db.flush()
    stripe_away = settings.model_copy(
        update={
            "stripe_webhook_secret": SecretStrLike(SECRET),
            "stripe_api_base": f"http://127.0.0.1:{free_port()}",  # nobody listens
        }
    )
    app = FastAPI()
    app.include_router(webhook_router(settings=stripe_away, session_factory=session_factory))
    payload = json.dumps(
        {
            "id": "evt_checkout_while_stripe_is_away",
            "object": "event",
            "type": "checkout.session.completed",
            "created": int(time.time()),
            "data": {
                "object": {
                    "id": "cs_test_tab_closed",
                    "object": "checkout.session",
                    "mode": "setup",
                    "customer": tenant.stripe_customer_id,
                }
            },
        }
    ).encode()
    events = _events(staff_db)

    answer = _post(TestClient(app), payload, _signed(payload))

    assert answer.status_code == 503
    assert answer.text == "Stripe could not be asked about this event now; please send it again."
    assert _events(staff_db) == events
    staff_db.expire_all()
    assert staff_db.get_one(Tenant, tenant.id).payment_method_added_at is None
