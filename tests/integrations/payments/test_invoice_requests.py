"""The invoice sync's requests as the real stripe SDK sends them, on a recording server that
stands in for api.stripe.com: exactly which requests, with which parameters and idempotency
keys — no subscription, no plan, nothing that could make a €0 invoice."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from integrations.payments import PaymentsError, StripePayments
from models import Invoice, InvoiceLineKind, InvoiceStatus, Tenant
from services.billing import Period
from services.invoice_run import run_invoices
from services.stripe_invoices import SyncMismatch, invoices_to_sync, sync_invoice
from tests.factories import SELLER, Factory
from tests.integrations.payments.conftest import Recorder

KEY = "sk_test_recording_server_key"
HOSTED = "https://invoice.stripe.com/i/acct_1/test_abc"


def _list(*items: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    return 200, {"object": "list", "data": list(items), "has_more": False, "url": "/v1/x"}


def _added(recorder: Recorder) -> list[dict[str, list[str]]]:
    """The lines of each add_lines request, one form dict per line."""
    lines = []
    for request in recorder.requests:
        if request["path"].endswith("/add_lines"):
            form = request["form"]
            for n in range(len(form)):
                line = {
                    k.split("]", 1)[1]: v for k, v in form.items() if k.startswith(f"lines[{n}]")
                }
                if line:
                    lines.append(line)
    return lines


def _stripe_like(recorder: Recorder, *, invoice_total: int | None = None) -> None:
    """Answers as Stripe gives them; the draft's total is the sum of the lines added."""

    def invoice(status: str, hosted: str | None) -> Any:
        def answer(_request: dict[str, Any]) -> tuple[int, dict[str, Any]]:
            lines = _added(recorder)
            total = sum(int(line["[amount]"][0]) for line in lines)
            body = {
                "id": "in_rec1",
                "object": "invoice",
                "status": status,
                "total": total if invoice_total is None else invoice_total,
                "lines": {"object": "list", "data": [{"id": f"il_{n}"} for n in range(len(lines))]},
            }
            return 200, {**body, "hosted_invoice_url": hosted}

        return answer

    recorder.answer("POST", "/v1/customers", (200, {"id": "cus_rec1", "object": "customer"}))
    recorder.answer("POST", "/v1/invoices", invoice("draft", None))
    recorder.answer("POST", "/v1/invoices/in_rec1/add_lines", invoice("draft", None))
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


def test_the_sync_makes_the_invoice_with_its_lines_in_four_requests_and_no_subscription(
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
        ("POST", "/v1/invoices"),
        ("POST", "/v1/invoices/in_rec1/add_lines"),
        ("POST", "/v1/invoices/in_rec1/finalize"),
    ]
    # Nothing that recurs, and nothing that could become a €0 invoice.
    assert not any("subscription" in r["path"] or "plan" in r["path"] for r in recorder.requests)
    assert not any(k.startswith("subscription") for r in recorder.requests for k in r["form"])
    by_call = {(r["method"], r["path"]): r for r in recorder.requests}
    number = invoice.number
    assert [r["headers"].get("Idempotency-Key") for r in recorder.requests] == [
        f"voiceagent-tenant-{invoice.tenant_id}-customer",
        f"voiceagent-invoice-{invoice.id}-invoice",
        f"voiceagent-invoice-{invoice.id}-lines",
        f"voiceagent-invoice-{invoice.id}-finalize",
    ]
    assert all(r["headers"]["Authorization"] == f"Bearer {KEY}" for r in recorder.requests)
    created = by_call[("POST", "/v1/invoices")]["form"]
    assert created == {
        "customer": ["cus_rec1"],
        "currency": ["eur"],
        "auto_advance": ["false"],  # Stripe would finalize an untouched draft after an hour
        "pending_invoice_items_behavior": ["exclude"],
        "description": [f"VoiceAgent {number}"],
        "metadata[voiceagent_invoice_id]": [str(invoice.id)],
        "metadata[voiceagent_invoice_number]": [number],
    }
    lines = _added(recorder)
    assert [(line["[amount]"], line["[metadata][voiceagent_line]"]) for line in lines] == [
        (["2900"], ["1"]),
        (["18"], ["2"]),
        (["250"], ["3"]),
        (["634"], ["vat"]),
    ]
    assert lines[3]["[description]"] == ["USt. 20 %"]
    # November 2031 in Vienna: 1 Nov 00:00 CET to 30 Nov 23:59:59 CET.
    assert {(line["[period][start]"][0], line["[period][end]"][0]) for line in lines} == {
        ("1951254000", "1953845999")
    }
    assert {line["[metadata][voiceagent_invoice_id]"][0] for line in lines} == {str(invoice.id)}
    assert by_call[("POST", "/v1/invoices/in_rec1/finalize")]["form"] == {"auto_advance": ["true"]}
    staff_db.expire_all()
    assert invoice.status is InvoiceStatus.OPEN
    assert (invoice.stripe_invoice_id, invoice.hosted_invoice_url) == ("in_rec1", HOSTED)


def test_a_run_that_died_waiting_for_the_draft_adopts_it_instead_of_making_another(
    recorder: Recorder,
    invoice: Invoice,
    staff_db: Session,
    session_factory: sessionmaker[Session],
) -> None:
    # Days ago a run asked for the draft and died before the answer was stored: the
    # idempotency key has expired, so only the draft's metadata can tell it is ours.
    _stripe_like(recorder)
    invoice.stripe_sync_started_at = datetime(2031, 12, 1, tzinfo=UTC)
    staff_db.get_one(Tenant, invoice.tenant_id).stripe_customer_id = "cus_rec1"
    staff_db.flush()
    other = {"id": "in_other", "object": "invoice", "status": "paid", "total": 100}
    draft = {
        "id": "in_rec1",
        "object": "invoice",
        "status": "draft",
        "total": 0,
        "metadata": {"voiceagent_invoice_id": str(invoice.id)},
        "lines": {"object": "list", "data": []},
    }
    recorder.answer("GET", "/v1/invoices", _list(other, draft))

    sync_invoice(
        session_factory=session_factory,
        invoice_id=invoice.id,
        payments=StripePayments(KEY, api_base=recorder.base_url),
    )

    assert _calls(recorder) == [
        ("GET", "/v1/invoices"),
        ("POST", "/v1/invoices/in_rec1/add_lines"),
        ("POST", "/v1/invoices/in_rec1/finalize"),
    ]
    assert recorder.requests[0]["form"]["customer"] == ["cus_rec1"]
    staff_db.expire_all()
    assert (invoice.status, invoice.stripe_invoice_id) == (InvoiceStatus.OPEN, "in_rec1")


def test_an_invoice_of_nothing_is_never_sent_to_stripe(
    recorder: Recorder,
    make: Factory,
    staff_db: Session,
    session_factory: sessionmaker[Session],
) -> None:
    tenant = make.tenant()
    nothing = make.invoice(tenant, subtotal_cents=0, tax_cents=0, total_cents=0)
    _stripe_like(recorder)

    outcome = sync_invoice(
        session_factory=session_factory,
        invoice_id=nothing.id,
        payments=StripePayments(KEY, api_base=recorder.base_url),
    )

    assert (outcome, recorder.requests) == ("nothing to collect", [])
    staff_db.expire_all()
    assert nothing.status is InvoiceStatus.PAID and nothing.paid_at is not None


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
                "lines": {"object": "list", "data": [{"id": "il_1"}]},
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


def test_a_months_run_hands_stripe_only_what_is_owed(
    recorder: Recorder,
    make: Factory,
    staff_db: Session,
    session_factory: sessionmaker[Session],
) -> None:
    """The month's run and its sync end to end, as the worker does them, with the real SDK:
    a sign-up whose trial filled the month gets no invoice, a free plan's invoice of 0 € is
    settled here, and only the company that owes something gets an invoice at Stripe."""
    paying_plan = make.price_plan()
    free_plan = make.price_plan(monthly_fee_cents=0, included_minutes=0, number_monthly_fee_cents=0)
    payer = make.tenant(price_plan_id=paying_plan.id, name="Bäckerei Gruber")
    trial_ends = datetime(2031, 12, 9, 9, tzinfo=UTC)
    make.tenant(
        price_plan_id=paying_plan.id,
        created_at=trial_ends - timedelta(days=14),
        trial_ends_at=trial_ends,
    )
    free = make.tenant(price_plan_id=free_plan.id)
    # One second beyond nothing included at 12 ct a minute: 0.2 ct, a line of 0 €.
    make.usage_event(free, quantity=1, occurred_at=datetime(2031, 11, 10, 9, tzinfo=UTC))
    run = run_invoices(session=staff_db, period=Period.parse("2031-11"), seller=SELLER)
    staff_db.commit()
    _stripe_like(recorder)
    payments = StripePayments(KEY, api_base=recorder.base_url)

    outcomes = {
        staff_db.get(Invoice, invoice_id).tenant_id: sync_invoice(  # type: ignore[union-attr]
            session_factory=session_factory, invoice_id=invoice_id, payments=payments
        )
        for invoice_id in invoices_to_sync(session=staff_db)
    }

    assert sorted(outcomes) == sorted([payer.id, free.id]) and len(run.invoice_ids) == 2
    assert outcomes[free.id] == "nothing to collect"
    assert _calls(recorder) == [
        ("POST", "/v1/customers"),
        ("POST", "/v1/invoices"),
        ("POST", "/v1/invoices/in_rec1/add_lines"),
        ("POST", "/v1/invoices/in_rec1/finalize"),
    ]
    payer_invoice = staff_db.scalars(select(Invoice).where(Invoice.tenant_id == payer.id)).one()
    created = recorder.requests[1]["form"]
    assert created["metadata[voiceagent_invoice_id]"] == [str(payer_invoice.id)]
    assert all(int(line["[amount]"][0]) > 0 for line in _added(recorder))
