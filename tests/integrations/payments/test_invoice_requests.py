"""The invoice sync's requests as the real stripe SDK sends them, on a recording server —
for the calls localstripe lacks or bends (finalize, a plan by id, hosted invoice URL,
invoice metadata), and for the idempotency keys, which localstripe ignores."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from integrations.payments import PaymentsError, StripePayments
from models import Invoice, InvoiceLineKind, InvoiceStatus, Tenant
from services.stripe_invoices import SyncMismatch, sync_invoice
from tests.factories import Factory
from tests.integrations.payments.conftest import Recorder

KEY = "sk_test_recording_server_key"
HOSTED = "https://invoice.stripe.com/i/acct_1/test_abc"


def _list(*items: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    return 200, {"object": "list", "data": list(items), "has_more": False, "url": "/v1/x"}


def _stripe_like(recorder: Recorder, *, invoice_total: int | None = None) -> None:
    """Answers as Stripe gives them; the draft's total is the sum of the items sent."""

    def items_total(_request: dict[str, Any]) -> int:
        return sum(
            int(r["form"]["amount"][0])
            for r in recorder.requests
            if r["method"] == "POST" and r["path"] == "/v1/invoiceitems"
        )

    def invoice(status: str, hosted: str | None) -> Any:
        def answer(request: dict[str, Any]) -> tuple[int, dict[str, Any]]:
            total = items_total(request) if invoice_total is None else invoice_total
            body = {"id": "in_rec1", "object": "invoice", "status": status, "total": total}
            return 200, {**body, "hosted_invoice_url": hosted}

        return answer

    recorder.answer("POST", "/v1/customers", (200, {"id": "cus_rec1", "object": "customer"}))
    recorder.answer("GET", "/v1/subscriptions", _list())
    recorder.answer(
        "GET", "/v1/plans/voiceagent-base-eur", (404, {"error": {"message": "No such plan"}})
    )
    recorder.answer("POST", "/v1/plans", (200, {"id": "voiceagent-base-eur", "object": "plan"}))
    recorder.answer(
        "POST", "/v1/subscriptions", (200, {"id": "sub_rec1", "object": "subscription"})
    )
    recorder.answer("GET", "/v1/invoiceitems", _list())
    recorder.answer("POST", "/v1/invoiceitems", (200, {"id": "ii_rec", "object": "invoiceitem"}))
    recorder.answer("POST", "/v1/invoices", invoice("draft", None))
    recorder.answer("POST", "/v1/invoices/in_rec1/finalize", invoice("open", HOSTED))


@pytest.fixture
def invoice(make: Factory) -> Invoice:
    tenant = make.tenant(name="Bäckerei Gruber", billing_email="office@gruber.at")
    invoice = make.invoice(
        tenant,
        number=f"VA-203111-{tenant.id:06d}",
        period_start=date(2031, 11, 1),
        period_end=date(2031, 12, 1),
        subtotal_cents=3168,
        tax_cents=634,
        total_cents=3802,
    )
    for position, kind, amount in [
        (1, InvoiceLineKind.BASE_FEE, 2900),
        (2, InvoiceLineKind.MINUTES, 18),
        (3, InvoiceLineKind.NUMBER_FEE, 250),
    ]:
        make.invoice_line(tenant, invoice, position=position, kind=kind, amount_cents=amount)
    return invoice


def _calls(recorder: Recorder) -> list[tuple[str, str]]:
    return [(r["method"], r["path"]) for r in recorder.requests]


def test_the_sync_sends_customer_subscription_items_invoice_and_finalize(
    recorder: Recorder,
    invoice: Invoice,
    staff_db: Session,
    session_factory: sessionmaker[Session],
) -> None:
    _stripe_like(recorder)
    payments = StripePayments(KEY, api_base=recorder.base_url)

    sync_invoice(session_factory=session_factory, invoice_id=invoice.id, payments=payments)

    assert _calls(recorder) == [
        ("POST", "/v1/customers"),
        ("GET", "/v1/subscriptions"),
        ("GET", "/v1/plans/voiceagent-base-eur"),
        ("POST", "/v1/plans"),
        ("POST", "/v1/subscriptions"),
        ("GET", "/v1/invoiceitems"),
        *[("POST", "/v1/invoiceitems")] * 4,
        ("POST", "/v1/invoices"),
        ("POST", "/v1/invoices/in_rec1/finalize"),
    ]
    by_call = {(r["method"], r["path"]): r for r in recorder.requests}
    keys = [r["headers"].get("Idempotency-Key") for r in recorder.requests]
    number = invoice.number
    assert [key for key in keys if key] == [
        f"voiceagent-tenant-{invoice.tenant_id}-customer",
        "voiceagent-plan-voiceagent-base-eur",
        f"voiceagent-tenant-{invoice.tenant_id}-base-subscription",
        *(f"voiceagent-{number}-line-{line}" for line in ("1", "2", "3", "vat")),
        f"voiceagent-{number}-invoice",
        f"voiceagent-{number}-finalize",
    ]
    assert all(r["headers"]["Authorization"] == f"Bearer {KEY}" for r in recorder.requests)
    plan = by_call[("POST", "/v1/plans")]["form"]
    assert plan == {
        "id": ["voiceagent-base-eur"],
        "amount": ["0"],
        "currency": ["eur"],
        "interval": ["month"],
        "product[name]": ["VoiceAgent"],
    }
    subscription = by_call[("POST", "/v1/subscriptions")]["form"]
    assert subscription["customer"] == ["cus_rec1"]
    assert subscription["items[0][plan]"] == ["voiceagent-base-eur"]
    items = [r["form"] for r in recorder.requests if r["path"] == "/v1/invoiceitems"][1:]
    assert [(i["amount"], i["metadata[voiceagent_line]"]) for i in items] == [
        (["2900"], ["1"]),
        (["18"], ["2"]),
        (["250"], ["3"]),
        (["634"], ["vat"]),
    ]
    assert all(i["currency"] == ["eur"] and i["subscription"] == ["sub_rec1"] for i in items)
    assert items[3]["description"] == ["USt. 20 %"]
    created = by_call[("POST", "/v1/invoices")]["form"]
    assert created["customer"] == ["cus_rec1"]
    assert created["subscription"] == ["sub_rec1"]
    assert created["pending_invoice_items_behavior"] == ["include"]
    assert created["metadata[voiceagent_invoice_id]"] == [str(invoice.id)]
    assert created["metadata[voiceagent_invoice_number]"] == [number]
    assert by_call[("POST", "/v1/invoices/in_rec1/finalize")]["form"] == {"auto_advance": ["true"]}
    staff_db.expire_all()
    assert invoice.status is InvoiceStatus.OPEN
    assert (invoice.stripe_invoice_id, invoice.hosted_invoice_url) == ("in_rec1", HOSTED)


def test_a_copy_that_does_not_add_up_is_never_finalized(
    recorder: Recorder,
    invoice: Invoice,
    staff_db: Session,
    session_factory: sessionmaker[Session],
) -> None:
    _stripe_like(recorder, invoice_total=3801)
    payments = StripePayments(KEY, api_base=recorder.base_url)

    with pytest.raises(SyncMismatch, match="3801"):
        sync_invoice(session_factory=session_factory, invoice_id=invoice.id, payments=payments)

    assert ("POST", "/v1/invoices/in_rec1/finalize") not in _calls(recorder)
    staff_db.expire_all()
    assert invoice.status is InvoiceStatus.DRAFT


def test_a_finalize_that_already_happened_is_taken_as_done(
    recorder: Recorder,
    invoice: Invoice,
    staff_db: Session,
    session_factory: sessionmaker[Session],
) -> None:
    # An earlier run finalized the invoice but died before storing it, days ago (so the
    # idempotency key has expired): Stripe refuses a second finalize.
    _stripe_like(recorder)
    invoice.stripe_invoice_id = "in_rec1"
    staff_db.get_one(Tenant, invoice.tenant_id).stripe_customer_id = "cus_rec1"
    staff_db.flush()
    refusal = {"error": {"type": "invalid_request_error", "message": "already finalized"}}
    recorder.answer("POST", "/v1/invoices/in_rec1/finalize", (400, refusal))
    states = iter(["draft", "open"])
    recorder.answer(
        "GET",
        "/v1/invoices/in_rec1",
        lambda _r: (
            200,
            {
                "id": "in_rec1",
                "object": "invoice",
                "status": next(states),
                "total": 3802,
                "hosted_invoice_url": HOSTED,
            },
        ),
    )

    sync_invoice(
        session_factory=session_factory,
        invoice_id=invoice.id,
        payments=StripePayments(KEY, api_base=recorder.base_url),
    )

    staff_db.expire_all()
    assert invoice.status is InvoiceStatus.OPEN
    assert invoice.hosted_invoice_url == HOSTED


def test_rate_limited_answers_become_a_plain_error(recorder: Recorder) -> None:
    recorder.answer("POST", "/v1/customers", (429, {"error": {"message": "Too many requests"}}))
    payments = StripePayments(KEY, api_base=recorder.base_url)
    with pytest.raises(PaymentsError, match="Stripe answered 429") as refused:
        payments.ensure_customer(tenant_id=1, name="x", email=None, locale="de-AT")
    assert KEY not in str(refused.value)
