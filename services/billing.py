"""Prices, the monthly invoice run, and handing invoices to Stripe.

Money is integer cents; every rounding is half up, once per line. A plan has a monthly base
fee with included minutes, a per-minute rate billed per second beyond them, and a monthly
fee per phone number. Austrian VAT (20 %) is added on the subtotal and shown on the invoice —
0 % for an EU business outside Austria with its VAT id, which owes the VAT itself (reverse
charge, services/vat.py).

The number fee is charged pro rata, by the Vienna calendar days a number was held in the
month: the day it was set up counts, the day it was released does not. A number held all
month costs the full monthly fee (3 € on the standard plan); one set up on the 16th of a
30-day month costs 15/30 of it; one released on the 11th costs 10/30. We chose days over
whole months so that trying a bot for a week, or replacing a number, costs what it used.

A month is billed for exactly the time a price plan held (services/subscriptions.py: the
company's plan terms): its calls and number days inside a term, and the base fee pro rata by
the days a term held — from the day a plan was given (a company staff set up pays none for
the days before it got one) to the day it ended (that day carries none, like a released
number's). A month no term touches is not invoiced. For a self-service sign-up the base fee
starts the day after its 14-day trial — the trial's days carry none, while its calls and
numbers are billed like later ones: a company that signs up on 30 November pays no base fee
for November and 17/31 of it for December. A month with two plans (staff changed it) is
priced on the later one. The included minutes are not cut down with the days: they are the
month's.

`bills` is the one place that says what a tenant owes for a month, as of a day: the monthly
invoice run (the whole month), and "cost so far" on the dashboard, the usage page, the
billing page's preview and the API's `/usage/month` (`tenant_bill`, up to today) all read
it, so they can never disagree. It sums a month's usage per tenant in one GROUP BY (never a
Python loop over events). The invoice run writes its bills as Invoice and InvoiceLine rows;
a tenant that already has an invoice for the period is skipped, so running the same period
again changes nothing. Our invoice is the source of truth; Stripe's copy collects the money
(services.stripe_invoices, run as one job per invoice after the run).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.catalogue import N_, translate
from models import (
    Invoice,
    InvoiceLine,
    InvoiceLineKind,
    InvoiceStatus,
    PhoneNumber,
    PlanTerm,
    PricePlan,
    Tenant,
    UsageEvent,
    UsageKind,
    User,
)
from models.base import utcnow
from services.audit import record_audit
from services.invoice_numbers import next_invoice_numbers
from services.job_requests import request_job
from services.minimum_charge import take_in_carried, write_off_stranded
from services.seller import Seller
from services.trial import TRIAL_DAYS
from services.vat import AUSTRIAN_VAT_BP, is_reverse_charge
from services.vienna_time import vienna_day, vienna_midnight

PAYMENT_TERMS = timedelta(days=14)


def half_up(numerator: int, denominator: int) -> int:
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
    # The days of the period the base fee runs (a plan held, the trial over); None: all.
    base_fee_days: int | None = None


def price(
    prices: Prices,
    usage: Usage,
    *,
    days_in_period: int,
    locale: str = "de-AT",
    tax_rate_bp: int = AUSTRIAN_VAT_BP,
) -> PricedInvoice:
    """What one tenant owes for one period."""
    words = {key: translate(locale, text) for key, text in LINE_WORDS.items()}
    lines = _base_fee(prices, usage, days_in_period, words)
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
                half_up(billable_seconds * prices.per_minute_cents, 60),
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
                half_up(held * prices.number_monthly_fee_cents, days_in_period),
            )
        )
    subtotal = sum(line.amount_cents for line in lines)
    return PricedInvoice(lines, subtotal, tax_rate_bp, half_up(subtotal * tax_rate_bp, 10_000))


def _base_fee(
    prices: Prices, usage: Usage, days_in_period: int, words: dict[str, str]
) -> list[LineDraft]:
    """The base fee's line: the whole fee for a whole month, else its share by days, and no
    line for a month the base fee has not started in."""
    days = days_in_period if usage.base_fee_days is None else usage.base_fee_days
    days = min(days, days_in_period)
    fee, name = prices.monthly_fee_cents, words["base_fee"].format(minutes=prices.included_minutes)
    if days <= 0:
        return []
    if days == days_in_period:
        return [LineDraft(InvoiceLineKind.BASE_FEE, name, 1, fee, fee)]
    description = words["base_fee_days"].format(base_fee=name, days=days, of=days_in_period)
    amount = half_up(days * fee, days_in_period)
    return [LineDraft(InvoiceLineKind.BASE_FEE, description, days, fee, amount)]


# The invoice lines' descriptions, written in the tenant's language when the invoice is made.
LINE_WORDS = {
    "base_fee": N_("Monthly fee incl. {minutes} call minutes"),
    "base_fee_days": N_("{base_fee}: {days} of {of} days"),
    "minutes": N_("Further call time: {minutes} min {seconds} s (billed per second)"),
    "number": N_("Phone number: {days} of {of} days"),
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
        return vienna_midnight(self.start)

    @property
    def ends_at(self) -> datetime:
        return vienna_midnight(self.end)


@dataclass(frozen=True)
class Bill:
    """What one tenant owes for a period, as far as it has run."""

    tenant_id: int
    locale: str
    currency: str
    prices: Prices
    usage: Usage
    priced: PricedInvoice
    reverse_charge: bool
    customer_details: dict[str, str | None]


def bills(
    *, session: Session, period: Period, until: date | None = None, tenant_id: int | None = None
) -> list[Bill]:
    """What every tenant that held a price plan in `period` owes for it, in the session's
    scope, counting calls and number days inside its plan terms before the Vienna day
    `until` (exclusive; the period's end when None or later). A tenant-bound session sees its
    own tenant only; `tenant_id` narrows a staff session to one. Tenants no term of which
    touches the period owe nothing and are left out."""
    end = period.end if until is None else max(period.start, min(until, period.end))
    terms = _terms_by_tenant(session, period, end, tenant_id)
    if not terms:
        return []
    tenants = session.scalars(select(Tenant).where(Tenant.id.in_(terms)).order_by(Tenant.id))
    seconds = _call_seconds_by_tenant(session, period.starts_at, vienna_midnight(end), tenant_id)
    numbers = _number_spans_by_tenant(session, period, end, tenant_id)
    result = []
    for tenant in tenants:
        held = terms[tenant.id]
        plan = held[-1].plan  # a month with two plans is priced on the later one
        base_fee_from = max(period.start, base_fee_starts_on(tenant))
        usage = Usage(
            seconds.get(tenant.id, 0),
            [days for span in numbers.get(tenant.id, []) if (days := _days_within(span, held))],
            base_fee_days=_days_within((base_fee_from, period.end), held, to=period.end),
        )
        prices = Prices.of(plan)
        reverse_charge = is_reverse_charge(tenant.country, tenant.vat_id)
        priced = price(
            prices,
            usage,
            days_in_period=period.days,
            locale=tenant.locale,
            tax_rate_bp=0 if reverse_charge else AUSTRIAN_VAT_BP,
        )
        bill = Bill(
            tenant.id,
            tenant.locale,
            tenant.currency,
            prices,
            usage,
            priced,
            reverse_charge,
            customer_details(tenant),
        )
        result.append(bill)
    return result


@dataclass(frozen=True)
class _Held:
    """A plan term as Vienna days: `first` counts, `last` (exclusive) does not."""

    first: date
    last: date | None
    plan: PricePlan


def _days_within(span: tuple[date, date], held: list[_Held], *, to: date | None = None) -> int:
    """How many days of `span` (first counts, last not) some term held. A term still open
    runs to `to` (the period's end for the base fee) or the span's end."""
    first, last = span
    days: set[date] = set()
    for term in held:
        start = max(first, term.first)
        stop = min(last, term.last or to or last)
        days.update(start + timedelta(days=n) for n in range((stop - start).days))
    return len(days)


def _terms_by_tenant(
    session: Session, period: Period, end: date, tenant_id: int | None
) -> dict[int, list[_Held]]:
    """Each tenant's plan terms that overlap the period up to `end`, oldest first."""
    only = [] if tenant_id is None else [PlanTerm.tenant_id == tenant_id]
    rows = session.execute(
        select(PlanTerm.tenant_id, PlanTerm.starts_at, PlanTerm.ends_at, PricePlan)
        .join(PricePlan, PlanTerm.price_plan_id == PricePlan.id)
        .where(
            PlanTerm.starts_at < vienna_midnight(end),
            PlanTerm.ends_at.is_(None) | (PlanTerm.ends_at > period.starts_at),
            *only,
        )
        .order_by(PlanTerm.tenant_id, PlanTerm.starts_at, PlanTerm.id)
    )
    held: dict[int, list[_Held]] = {}
    for owner, starts_at, ends_at, plan in rows:
        last = vienna_day(ends_at) if ends_at is not None else None
        held.setdefault(owner, []).append(_Held(vienna_day(starts_at), last, plan))
    return held


def base_fee_starts_on(tenant: Tenant) -> date:
    """The first Vienna day a sign-up's base fee may be charged for: the day after its
    14-day trial (trial_ends_at may since have been moved for the payment-method pause
    alone, by the migration payment_method_notice, which promised billing unchanged).
    A company staff set up has no trial: its terms alone say (date.min)."""
    if tenant.trial_ends_at is None:
        return date.min
    return vienna_day(tenant.created_at + timedelta(days=TRIAL_DAYS)) + timedelta(days=1)


def customer_details(tenant: Tenant) -> dict[str, str | None]:
    """Whom an invoice is made out to, as stored on it at issue (Invoice.customer_details)."""
    return {
        "name": tenant.name,
        "street": tenant.billing_street,
        "postal_code": tenant.billing_postal_code,
        "city": tenant.billing_city,
        "country": tenant.country,
        "vat_id": tenant.vat_id,
    }


def tenant_bill(
    *, session: Session, today: date, period: Period | None = None, tenant_id: int | None = None
) -> Bill | None:
    """The session tenant's (or, in a staff session, tenant `tenant_id`'s) bill for `period`
    (default: the month of `today`) with everything up to the end of Vienna day `today`:
    "cost so far" wherever it is shown. None when the tenant has no price plan."""
    period = period or Period.month(today.year, today.month)
    until = today + timedelta(days=1)
    found = bills(session=session, period=period, until=until, tenant_id=tenant_id)
    return found[0] if found else None


INVOICE_RUN_JOB = "jobs.billing.invoice_run"


@dataclass(frozen=True)
class RunResult:
    created: int
    skipped: int
    invoice_ids: list[int]


def request_invoice_run(
    *, session: Session, period: Period, actor: User, ip_address: str | None = None
) -> None:
    """Staff ask for `period`'s invoice run on the billing queue (the cron runs it on the
    1st): it is enqueued as the caller's transaction commits, once while it is waiting or
    running; a rerun changes nothing for tenants invoiced already."""
    month = f"{period.start:%Y-%m}"
    request_job(session, name=INVOICE_RUN_JOB, argument=month)
    record_audit(
        session=session,
        actor=actor,
        action="invoice_run.requested",
        entity_type="Invoice",
        after={"period": month},
        ip_address=ip_address,
    )


def run_invoices(*, session: Session, period: Period, seller: Seller) -> RunResult:
    """Invoice every tenant with a price plan for `period`. Needs a staff session; the caller
    commits. Tenants invoiced for the period already are skipped, and so are those that owe
    nothing for it (no line: say, a sign-up whose trial filled the month without a number).
    The invoices get the next numbers of the issue year in tenant order
    (services.invoice_numbers), and the year's series stays locked until the caller's
    transaction ends. Each invoice keeps `seller` and its customer's billing details as
    they are now."""
    invoiced = set(
        session.scalars(
            select(Invoice.tenant_id).where(
                Invoice.period_start == period.start, Invoice.period_end == period.end
            )
        )
    )
    issued_at = utcnow()
    new = [
        bill
        for bill in bills(session=session, period=period)
        if bill.tenant_id not in invoiced and bill.priced.lines
    ]
    numbers = next_invoice_numbers(session=session, issued_at=issued_at, count=len(new))
    invoices = [
        invoice_for(bill, period=period, number=number, issued_at=issued_at, seller=seller)
        for number, bill in zip(numbers, new, strict=True)
    ]
    session.add_all(invoices)
    session.flush()
    take_in_carried(session=session, invoices=invoices)
    write_off_stranded(session=session, period_end=period.end, now=issued_at)
    return RunResult(len(invoices), len(invoiced), [invoice.id for invoice in invoices])


def invoice_for(
    bill: Bill, *, period: Period, number: str, issued_at: datetime, seller: Seller
) -> Invoice:
    """The draft invoice for `bill`, not yet added to the session: what the invoice run
    stores (and the demo loader, for months gone by)."""
    priced, tenant_id = bill.priced, bill.tenant_id
    return Invoice(
        tenant_id=tenant_id,
        number=number,
        period_start=period.start,
        period_end=period.end,
        status=InvoiceStatus.DRAFT,
        currency=bill.currency,
        subtotal_cents=priced.subtotal_cents,
        tax_rate_bp=priced.tax_rate_bp,
        tax_cents=priced.tax_cents,
        total_cents=priced.total_cents,
        reverse_charge=bill.reverse_charge,
        seller_details=seller.details(),
        customer_details=bill.customer_details,
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


def _call_seconds_by_tenant(
    session: Session, start: datetime, end: datetime, tenant_id: int | None
) -> dict[int, int]:
    """Call seconds from `start` to `end` per tenant, of calls made while a plan term held."""
    only = [] if tenant_id is None else [UsageEvent.tenant_id == tenant_id]
    rows = session.execute(
        select(UsageEvent.tenant_id, func.sum(UsageEvent.quantity))
        .join(
            PlanTerm,
            (PlanTerm.tenant_id == UsageEvent.tenant_id)
            & (UsageEvent.occurred_at >= PlanTerm.starts_at)
            & (PlanTerm.ends_at.is_(None) | (UsageEvent.occurred_at < PlanTerm.ends_at)),
        )
        .where(
            UsageEvent.kind == UsageKind.CALL_SECONDS,
            UsageEvent.occurred_at >= start,
            UsageEvent.occurred_at < end,
            *only,
        )
        .group_by(UsageEvent.tenant_id)
    )
    return {tenant_id: int(total) for tenant_id, total in rows}


def _number_spans_by_tenant(
    session: Session, period: Period, end: date, tenant_id: int | None
) -> dict[int, list[tuple[date, date]]]:
    """The Vienna days each number was held from the period's start to `end`: the day it was
    bought counts, the day it was released does not (first, last exclusive)."""
    only = [] if tenant_id is None else [PhoneNumber.tenant_id == tenant_id]
    rows = session.execute(
        select(PhoneNumber.tenant_id, PhoneNumber.created_at, PhoneNumber.released_at)
        .where(
            PhoneNumber.created_at < vienna_midnight(end),
            (PhoneNumber.released_at.is_(None)) | (PhoneNumber.released_at >= period.starts_at),
            *only,
        )
        .order_by(PhoneNumber.tenant_id, PhoneNumber.id)
    )
    held: dict[int, list[tuple[date, date]]] = {}
    for owner, created_at, released_at in rows:
        first = max(vienna_day(created_at), period.start)
        last = min(vienna_day(released_at), end) if released_at else end
        if last > first:
            held.setdefault(owner, []).append((first, last))
    return held
