"""Prices, the monthly invoice run, and handing invoices to Stripe.

Money is integer cents; every rounding is half up, once per line. A plan has a monthly base
fee with included minutes, a per-minute rate billed per second beyond them, and a monthly
fee per phone number, charged for the days the number was held. Austrian VAT (20 %) is added
on the subtotal and shown on the invoice.

The invoice run sums a month's usage per tenant in one GROUP BY (never a Python loop over
events), prices each tenant and writes Invoice and InvoiceLine rows. A tenant that already
has an invoice for the period is skipped, so running the same period again changes nothing.
Our invoice is the source of truth; Stripe's copy collects the money
(services.stripe_invoices, run as one job per invoice after the run).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from integrations.payments import StripePayments
from models import (
    Invoice,
    InvoiceLine,
    InvoiceLineKind,
    InvoiceStatus,
    PhoneNumber,
    PricePlan,
    Tenant,
    UsageEvent,
    UsageKind,
)
from models.base import utcnow
from services.errors import NotFound

VIENNA = ZoneInfo("Europe/Vienna")
AUSTRIAN_VAT_BP = 2000  # basis points: 20 %
PAYMENT_TERMS = timedelta(days=14)


def _half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half up, in integers (no float ever touches money)."""
    return (2 * numerator + denominator) // (2 * denominator)


@dataclass(frozen=True)
class Prices:
    monthly_fee_cents: int
    included_minutes: int
    per_minute_cents: int
    number_monthly_fee_cents: int

    @classmethod
    def of(cls, plan: PricePlan) -> Prices:
        return cls(
            plan.monthly_fee_cents,
            plan.included_minutes,
            plan.per_minute_cents,
            plan.number_monthly_fee_cents,
        )


@dataclass(frozen=True)
class LineDraft:
    kind: InvoiceLineKind
    description: str
    quantity: int
    unit_amount_cents: int
    amount_cents: int


@dataclass(frozen=True)
class PricedInvoice:
    lines: list[LineDraft]
    subtotal_cents: int
    tax_rate_bp: int
    tax_cents: int

    @property
    def total_cents(self) -> int:
        return self.subtotal_cents + self.tax_cents


@dataclass(frozen=True)
class Usage:
    call_seconds: int = 0
    # One entry per number held during the period: the days it was held.
    number_days: list[int] = field(default_factory=list)


def price(
    prices: Prices,
    usage: Usage,
    *,
    days_in_period: int,
    locale: str = "de-AT",
    tax_rate_bp: int = AUSTRIAN_VAT_BP,
) -> PricedInvoice:
    """What one tenant owes for one period."""
    words = _WORDS["de" if locale.startswith("de") else "en"]
    lines = [
        LineDraft(
            InvoiceLineKind.BASE_FEE,
            words["base_fee"].format(minutes=prices.included_minutes),
            1,
            prices.monthly_fee_cents,
            prices.monthly_fee_cents,
        )
    ]
    billable_seconds = max(0, usage.call_seconds - prices.included_minutes * 60)
    if billable_seconds:
        lines.append(
            LineDraft(
                InvoiceLineKind.MINUTES,
                words["minutes"].format(
                    minutes=billable_seconds // 60, seconds=billable_seconds % 60
                ),
                billable_seconds,
                prices.per_minute_cents,
                _half_up(billable_seconds * prices.per_minute_cents, 60),
            )
        )
    for days in usage.number_days:
        held = min(days, days_in_period)
        lines.append(
            LineDraft(
                InvoiceLineKind.NUMBER_FEE,
                words["number"].format(days=held, of=days_in_period),
                held,
                prices.number_monthly_fee_cents,
                _half_up(held * prices.number_monthly_fee_cents, days_in_period),
            )
        )
    subtotal = sum(line.amount_cents for line in lines)
    return PricedInvoice(lines, subtotal, tax_rate_bp, _half_up(subtotal * tax_rate_bp, 10_000))


_WORDS = {
    "de": {
        "base_fee": "Grundgebühr inkl. {minutes} Gesprächsminuten",
        "minutes": "Weitere Gesprächszeit: {minutes} min {seconds} s (sekundengenau)",
        "number": "Rufnummer: {days} von {of} Tagen",
    },
    "en": {
        "base_fee": "Monthly fee incl. {minutes} call minutes",
        "minutes": "Further call time: {minutes} min {seconds} s (billed per second)",
        "number": "Phone number: {days} of {of} days",
    },
}


@dataclass(frozen=True)
class Period:
    """A calendar month; `end` is exclusive. Boundaries are Vienna midnights."""

    start: date
    end: date

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        days = calendar.monthrange(year, month)[1]
        start = date(year, month, 1)
        return cls(start, start + timedelta(days=days))

    @classmethod
    def parse(cls, text: str) -> Period:
        """'2026-11' → November 2026; anything else raises ValueError with a plain message."""
        try:
            year, month = (int(part) for part in text.split("-"))
            return cls.month(year, month)
        except ValueError:
            problem = f"{text!r} is not a month; write it as YYYY-MM, e.g. 2026-11"
            raise ValueError(problem) from None

    @classmethod
    def previous(cls, today: date) -> Period:
        last_month = today.replace(day=1) - timedelta(days=1)
        return cls.month(last_month.year, last_month.month)

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.start, time(), VIENNA).astimezone(UTC)

    @property
    def ends_at(self) -> datetime:
        return datetime.combine(self.end, time(), VIENNA).astimezone(UTC)


@dataclass(frozen=True)
class RunResult:
    created: int
    skipped: int
    invoice_ids: list[int]


def run_invoices(*, session: Session, period: Period) -> RunResult:
    """Invoice every tenant with a price plan for `period`. Needs a staff session; the caller
    commits. Tenants invoiced for the period already are skipped."""
    tenants = session.execute(
        select(Tenant.id, Tenant.locale, Tenant.currency, PricePlan)
        .join(PricePlan, Tenant.price_plan_id == PricePlan.id)
        .order_by(Tenant.id)
    ).all()
    invoiced = set(
        session.scalars(
            select(Invoice.tenant_id).where(
                Invoice.period_start == period.start, Invoice.period_end == period.end
            )
        )
    )
    seconds = _call_seconds_by_tenant(session, period)
    number_days = _number_days_by_tenant(session, period)
    issued_at = utcnow()
    invoices = []
    for tenant_id, locale, currency, plan in tenants:
        if tenant_id in invoiced:
            continue
        usage = Usage(seconds.get(tenant_id, 0), number_days.get(tenant_id, []))
        priced = price(Prices.of(plan), usage, days_in_period=period.days, locale=locale)
        invoices.append(_invoice(tenant_id, currency, period, priced, issued_at))
    session.add_all(invoices)
    session.flush()
    return RunResult(len(invoices), len(invoiced), [invoice.id for invoice in invoices])


def invoice_number(tenant_id: int, period: Period) -> str:
    return f"VA-{period.start:%Y%m}-{tenant_id:06d}"


def _invoice(
    tenant_id: int, currency: str, period: Period, priced: PricedInvoice, issued_at: datetime
) -> Invoice:
    return Invoice(
        tenant_id=tenant_id,
        number=invoice_number(tenant_id, period),
        period_start=period.start,
        period_end=period.end,
        status=InvoiceStatus.DRAFT,
        currency=currency,
        subtotal_cents=priced.subtotal_cents,
        tax_rate_bp=priced.tax_rate_bp,
        tax_cents=priced.tax_cents,
        total_cents=priced.total_cents,
        issued_at=issued_at,
        due_at=issued_at + PAYMENT_TERMS,
        lines=[
            InvoiceLine(
                tenant_id=tenant_id,
                position=position,
                kind=line.kind,
                description=line.description,
                quantity=line.quantity,
                unit_amount_cents=line.unit_amount_cents,
                amount_cents=line.amount_cents,
            )
            for position, line in enumerate(priced.lines, start=1)
        ],
    )


def _call_seconds_by_tenant(session: Session, period: Period) -> dict[int, int]:
    rows = session.execute(
        select(UsageEvent.tenant_id, func.sum(UsageEvent.quantity))
        .where(
            UsageEvent.kind == UsageKind.CALL_SECONDS,
            UsageEvent.occurred_at >= period.starts_at,
            UsageEvent.occurred_at < period.ends_at,
        )
        .group_by(UsageEvent.tenant_id)
    )
    return {tenant_id: int(total) for tenant_id, total in rows}


def _number_days_by_tenant(session: Session, period: Period) -> dict[int, list[int]]:
    """Days each number was held within the period, counted in Vienna calendar days: the day
    it was bought counts, the day it was released does not."""
    rows = session.execute(
        select(PhoneNumber.tenant_id, PhoneNumber.created_at, PhoneNumber.released_at)
        .where(
            PhoneNumber.created_at < period.ends_at,
            (PhoneNumber.released_at.is_(None)) | (PhoneNumber.released_at >= period.starts_at),
        )
        .order_by(PhoneNumber.tenant_id, PhoneNumber.id)
    )
    held: dict[int, list[int]] = {}
    for tenant_id, created_at, released_at in rows:
        first = max(_vienna_day(created_at), period.start)
        last = min(_vienna_day(released_at), period.end) if released_at else period.end
        if last > first:
            held.setdefault(tenant_id, []).append((last - first).days)
    return held


def _vienna_day(moment: datetime) -> date:
    if moment.tzinfo is None:  # SQLite hands back naive UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(VIENNA).date()


def customer_portal_url(
    *, session: Session, tenant_id: int, payments: StripePayments, return_url: str
) -> str:
    """ "Manage payment" on the portal's billing page: a link to Stripe's customer portal.
    Creates the tenant's Stripe customer on first use. Raises PaymentsError (message fit for
    the page) when Stripe cannot help right now."""
    tenant = session.get(Tenant, tenant_id)
    if tenant is None:
        raise NotFound("This account does not exist.")
    if tenant.stripe_customer_id is None:
        tenant.stripe_customer_id = payments.ensure_customer(
            tenant_id=tenant.id, name=tenant.name, email=tenant.billing_email, locale=tenant.locale
        )
        session.flush()
    return payments.customer_portal_url(
        customer_id=tenant.stripe_customer_id, return_url=return_url
    )
