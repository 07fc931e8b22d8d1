"""An invoice below Stripe's minimum charge (0,50 €), against the local Stripe: it is not
sent, the company's next invoice takes it in (on both documents, in the PDF too, and as a
line of Stripe's copy), and paying that one on the hosted page settles both. When no
invoice follows (the company cancelled), it is written off and says so."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import httpx
import pypdf
import stripe
from sqlalchemy import select
from sqlalchemy.orm import Session

from integrations.payments import StripePayments
from models import AuditEvent, Invoice, InvoiceStatus, PricePlan, Role, Tenant
from models.database import make_session_factory
from services.billing import Period
from services.invoice_document import invoice_document
from services.invoice_render import invoice_html, invoice_pdf
from services.invoice_run import run_invoices
from services.stripe_invoices import sync_invoice
from services.subscriptions import cancel_subscription
from tests.billing.conftest import STRIPE_KEY
from tests.factories import SELLER, Factory
from tests.jobs.conftest import wait_until

JUNE, JULY = Period.parse("2032-06"), Period.parse("2032-07")


def _pdf_text(invoice: Invoice, tenant: Tenant) -> str:
    document = invoice_document(invoice=invoice, tenant=tenant, seller=SELLER)
    reader = pypdf.PdfReader(io.BytesIO(invoice_pdf(document)))
    return " ".join((page.extract_text() or "") for page in reader.pages)


def _html_text(invoice: Invoice, tenant: Tenant) -> str:
    return invoice_html(invoice_document(invoice=invoice, tenant=tenant, seller=SELLER))


def test_an_amount_below_the_minimum_is_collected_with_the_next_invoice(
    committed: Session, make_committed: Factory, committed_plan: PricePlan, own_stripe: str
) -> None:
    # Signed up on 30 June at noon with a number that day: June's one number-day is
    # 5 € / 30 = 16.67 → 17 ct, VAT 3 ct: 0,20 € in all, which Stripe cannot charge.
    signed_up = datetime(2032, 6, 30, 10, tzinfo=UTC)
    tenant = make_committed.tenant(
        price_plan_id=committed_plan.id,
        created_at=signed_up,
        trial_ends_at=signed_up + timedelta(days=14),
        locale="de-AT",
    )
    make_committed.phone_number(tenant, created_at=signed_up + timedelta(minutes=5))
    payments = StripePayments(STRIPE_KEY, api_base=own_stripe)
    factory = make_session_factory(committed.get_bind())
    run_invoices(session=committed, period=JUNE, seller=SELLER)
    committed.commit()
    june = committed.scalars(select(Invoice).where(Invoice.tenant_id == tenant.id)).one()
    assert june.total_cents == 20

    assert sync_invoice(session_factory=factory, invoice_id=june.id, payments=payments) == (
        "carried forward"
    )
    committed.expire_all()
    assert june.status is InvoiceStatus.OPEN and june.carried_forward_at is not None
    assert june.stripe_invoice_id is None and june.hosted_invoice_url is None
    assert committed.get_one(Tenant, tenant.id).stripe_customer_id is None  # Stripe not asked
    assert "sondern mit Ihrer nächsten Rechnung" in _html_text(june, tenant)

    # July: the base fee from 15 July (17 of 31 days: 15,90 €) and the number (5 €), VAT
    # 4,18 €: 25,08 €; with June's 0,20 € carried in, 25,28 € to pay.
    run_invoices(session=committed, period=JULY, seller=SELLER)
    committed.commit()
    july = committed.scalars(
        select(Invoice).where(Invoice.tenant_id == tenant.id, Invoice.id != june.id)
    ).one()
    committed.refresh(june)
    assert (july.total_cents, july.carried_in_cents, july.amount_due_cents) == (2508, 20, 2528)
    assert june.carried_to_invoice_id == july.id
    for text in (_pdf_text(june, tenant), _html_text(june, tenant)):
        assert f"Er wird mit Rechnung {july.number} eingezogen." in " ".join(text.split())
    for text in (_pdf_text(july, tenant), _html_text(july, tenant)):
        words = " ".join(text.split())
        assert f"Übertrag aus Rechnung {june.number}" in words
        assert "Zu zahlen" in words and "25,28 €" in words

    assert sync_invoice(session_factory=factory, invoice_id=july.id, payments=payments) == "synced"
    committed.expire_all()
    theirs = stripe.StripeClient(STRIPE_KEY, base_addresses={"api": own_stripe})
    copy = theirs.v1.invoices.retrieve(july.stripe_invoice_id or "")
    assert copy.total == 2528
    assert (f"Übertrag aus Rechnung {june.number}", 20) in [
        (line.description, line.amount) for line in copy.lines.data
    ]
    customer = committed.get_one(Tenant, tenant.id).stripe_customer_id
    assert len(theirs.v1.invoices.list(params={"customer": customer or ""}).data) == 1

    paid = httpx.post(
        f"{july.hosted_invoice_url}/pay",
        data={"card": "4242 4242 4242 4242"},
        follow_redirects=True,
    )
    assert ">paid<" in paid.text and "25.28 EUR" in paid.text

    def both_paid() -> bool:
        committed.expire_all()
        return all(
            committed.get_one(Invoice, i).status is InvoiceStatus.PAID for i in (june.id, july.id)
        )

    wait_until(both_paid, what="the invoice.paid webhook settling both invoices")


WRITTEN_OFF = "Da keine weitere Rechnung folgt, wird er nicht eingehoben."


def _cancelling_sign_up(make: Factory, plan: PricePlan, signed_up: datetime) -> Tenant:
    """A sign-up at `signed_up` (14-day trial) whose number came 5 minutes later, and
    which cancels at once: its subscription ends with the trial."""
    tenant = make.tenant(
        price_plan_id=plan.id,
        created_at=signed_up,
        trial_ends_at=signed_up + timedelta(days=14),
        locale="de-AT",
    )
    admin = make.user(tenant, role=Role.CUSTOMER_ADMIN)
    make.session.commit()
    cancel_subscription(session=make.session, tenant_id=tenant.id, actor=admin, now=signed_up)
    return tenant


def _invoiced(committed: Session, tenant: Tenant, month: str) -> Invoice:
    """The month's invoice run, committed; the company's one invoice."""
    run_invoices(session=committed, period=Period.parse(month), seller=SELLER)
    committed.commit()
    return committed.scalars(select(Invoice).where(Invoice.tenant_id == tenant.id)).one()


def _sync(committed: Session, invoice: Invoice, stripe_base: str) -> str:
    payments = StripePayments(STRIPE_KEY, api_base=stripe_base)
    factory = make_session_factory(committed.get_bind())
    return sync_invoice(session_factory=factory, invoice_id=invoice.id, payments=payments)


def _written_off(committed: Session, invoice: Invoice, tenant: Tenant) -> None:
    committed.expire_all()
    assert invoice.status is InvoiceStatus.UNCOLLECTIBLE
    for text in (_pdf_text(invoice, tenant), _html_text(invoice, tenant)):
        assert WRITTEN_OFF in " ".join(text.split())
    audit = committed.scalars(
        select(AuditEvent.after).where(
            AuditEvent.tenant_id == tenant.id, AuditEvent.action == "invoice.written_off"
        )
    ).all()
    # Nothing was carried into it: the VAT to correct is its own (§ 16 (3) UStG).
    assert audit == [
        {"number": invoice.number, "amount_cents": 20, "vat_corrected_cents": invoice.tax_cents}
    ]


def test_carried_cents_that_no_invoice_follows_are_written_off_in_words(
    committed: Session, make_committed: Factory, committed_plan: PricePlan, own_stripe: str
) -> None:
    # Signed up on 30 June 2033 and cancelled in the trial (ends 14 July); its number went
    # on 1 July: June owes 0,20 €, carried (the subscription still ran on), July nothing.
    signed_up = datetime(2033, 6, 30, 10, tzinfo=UTC)
    tenant = _cancelling_sign_up(make_committed, committed_plan, signed_up)
    make_committed.phone_number(
        tenant,
        created_at=signed_up + timedelta(minutes=5),
        released_at=datetime(2033, 6, 30, 22, 30, tzinfo=UTC),  # 1 July, Vienna
    )
    june = _invoiced(committed, tenant, "2033-06")
    assert june.total_cents == 20
    assert _sync(committed, june, own_stripe) == "carried forward"

    run_invoices(session=committed, period=Period.parse("2033-07"), seller=SELLER)
    committed.commit()
    assert committed.scalars(select(Invoice.id).where(Invoice.tenant_id == tenant.id)).all() == [
        june.id
    ]  # no July invoice to take it in
    _written_off(committed, june, tenant)


def test_a_last_invoice_below_the_minimum_is_written_off_without_asking_stripe(
    committed: Session, make_committed: Factory, committed_plan: PricePlan, own_stripe: str
) -> None:
    # Signed up on 16 September 2033, cancelled in the trial: it ends with September, whose
    # one number-day (30 September) is the last thing billed: 0,20 €.
    signed_up = datetime(2033, 9, 16, 10, tzinfo=UTC)
    tenant = _cancelling_sign_up(make_committed, committed_plan, signed_up)
    make_committed.phone_number(tenant, created_at=datetime(2033, 9, 30, 10, tzinfo=UTC))
    september = _invoiced(committed, tenant, "2033-09")
    assert september.total_cents == 20

    assert _sync(committed, september, own_stripe) == "written off"
    assert committed.get_one(Tenant, tenant.id).stripe_customer_id is None  # Stripe not asked
    _written_off(committed, september, tenant)
