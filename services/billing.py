"""The bill: what each tenant owes for a month, as of a day, counted from its usage, its
numbers and its plan terms, and priced by services.pricing.

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
invoice run (services.invoice_run: the whole month), and "cost so far" on the dashboard, the
usage page, the billing page's preview and the API's `/usage/month` (`tenant_bill`, up to
today) all read it, so they can never disagree. It sums a month's usage per tenant in one
GROUP BY (never a Python loop over events). The whole Vienna days of a plan term are read
from the days the database keeps summed (models.UsageDay); only the day a term starts or
ends at some hour is read event by event, so a month of ten million events is summed from
a few thousand rows (bench/billing_run.py). SQLite (development only) keeps UTC days, so
there every call is read event by event.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import (
    ARRAY,
    BigInteger,
    ColumnElement,
    Date,
    and_,
    bindparam,
    column,
    false,
    func,
    or_,
    select,
)
from sqlalchemy.orm import Session

from models import PhoneNumber, PlanTerm, PricePlan, Tenant, UsageDay, UsageEvent, UsageKind
from services.pricing import PricedInvoice, Prices, Usage, price
from services.trial import TRIAL_DAYS
from services.vat import AUSTRIAN_VAT_BP, is_reverse_charge
from services.vienna_time import as_utc, vienna_day, vienna_midnight


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
    tenants = _tenants(session, sorted(terms))
    seconds = _call_seconds_by_tenant(session, terms, period, end)
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


def _tenants(session: Session, ids: list[int]) -> list[Tenant]:
    """The tenants `ids`, in that order. One tenant's (the portal's "cost so far") by its
    key, which the session answers without a query when the page already read the row."""
    if len(ids) == 1:
        return [tenant] if (tenant := session.get(Tenant, ids[0])) is not None else []
    return list(session.scalars(select(Tenant).where(Tenant.id.in_(ids)).order_by(Tenant.id)))


@dataclass(frozen=True)
class _Held:
    """A plan term as Vienna days: `first` counts, `last` (exclusive) does not."""

    first: date
    last: date | None
    plan: PricePlan
    starts_at: datetime
    ends_at: datetime | None  # exclusive


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
    rows = session.execute(
        _TERMS_OF_ONE if tenant_id is not None else _TERMS,
        {"until": vienna_midnight(end), "since": period.starts_at, "tenant_id": tenant_id},
    )
    held: dict[int, list[_Held]] = {}
    for owner, starts_at, ends_at, plan in rows:
        last = vienna_day(ends_at) if ends_at is not None else None
        held.setdefault(owner, []).append(
            _Held(vienna_day(starts_at), last, plan, as_utc(starts_at), ends_at and as_utc(ends_at))
        )
    return held


# The bill's statements are built once, for every tenant or for one: the portal shows a
# bill on its dashboard and usage page at every render, and building a statement cost a
# third of running it. (A tenant's session adds its tenant filter as each one runs.)
_TERMS = (
    select(PlanTerm.tenant_id, PlanTerm.starts_at, PlanTerm.ends_at, PricePlan)
    .join(PricePlan, PlanTerm.price_plan_id == PricePlan.id)
    .where(
        PlanTerm.starts_at < bindparam("until"),
        PlanTerm.ends_at.is_(None) | (PlanTerm.ends_at > bindparam("since")),
    )
    .order_by(PlanTerm.tenant_id, PlanTerm.starts_at, PlanTerm.id)
)
_TERMS_OF_ONE = _TERMS.where(PlanTerm.tenant_id == bindparam("tenant_id"))


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


def _call_seconds_by_tenant(
    session: Session, terms: dict[int, list[_Held]], period: Period, end: date
) -> dict[int, int]:
    """Call seconds from the period's start to Vienna day `end` (exclusive) per tenant, of
    calls made while a plan term held: whole days from the kept sums, the rest by event."""
    whole_days: list[tuple[int, date, date]] = []
    moments: list[tuple[int, datetime, datetime]] = []
    by_day = session.get_bind().dialect.name == "postgresql"
    for tenant_id, held in terms.items():
        for term in held:
            start = max(term.starts_at, period.starts_at)
            stop = min(term.ends_at or vienna_midnight(end), vienna_midnight(end))
            if start >= stop:
                continue
            first = vienna_day(start - timedelta(microseconds=1)) + timedelta(days=1)
            last = vienna_day(stop)  # the midnight at or before `stop`
            if not by_day or first >= last:
                moments.append((tenant_id, start, stop))
                continue
            whole_days.append((tenant_id, first, last))
            moments += [
                (tenant_id, start, vienna_midnight(first)),
                (tenant_id, vienna_midnight(last), stop),
            ]
    seconds: dict[int, int] = {}
    for owner, total in _summed_days(session, whole_days) + _summed_events(session, moments):
        seconds[owner] = seconds.get(owner, 0) + int(total)
    return seconds


def _summed_days(session: Session, spans: list[tuple[int, date, date]]) -> list[tuple[int, int]]:
    """Call seconds per tenant over its whole Vienna days `first` to `last` (exclusive).
    PostgreSQL only. The spans go as three array parameters, unnested into rows: the same
    statement for one tenant or a thousand, built and compiled once per process and not
    at every bill shown (a VALUES list of literal rows was compiled every time)."""
    if not spans:
        return []
    tenant_ids, firsts, lasts = zip(*spans, strict=True)
    rows = session.execute(
        _SUMMED_DAYS,
        {"tenant_ids": list(tenant_ids), "firsts": list(firsts), "lasts": list(lasts)},
    )
    return [(owner, int(total)) for owner, total in rows]


_SPANS = (
    func.unnest(
        bindparam("tenant_ids", type_=ARRAY(BigInteger)),
        bindparam("firsts", type_=ARRAY(Date)),
        bindparam("lasts", type_=ARRAY(Date)),
    )
    .table_valued(column("tenant_id", BigInteger), column("first", Date), column("last", Date))
    .render_derived(name="spans")
)
_SUMMED_DAYS = (
    select(_SPANS.c.tenant_id, func.sum(UsageDay.quantity))
    .join_from(
        _SPANS,
        UsageDay,
        and_(
            UsageDay.tenant_id == _SPANS.c.tenant_id,
            UsageDay.day >= _SPANS.c.first,
            UsageDay.day < _SPANS.c.last,
        ),
    )
    .where(UsageDay.kind == UsageKind.CALL_SECONDS)
    .group_by(_SPANS.c.tenant_id)
)


def _summed_events(
    session: Session, spans: list[tuple[int, datetime, datetime]]
) -> list[tuple[int, int]]:
    """Call seconds per tenant of the events from `start` to `stop` (exclusive): the part
    days of a term, few and short, or everything on SQLite."""
    windows: list[ColumnElement[bool]] = [
        and_(
            UsageEvent.tenant_id == owner,
            UsageEvent.occurred_at >= start,
            UsageEvent.occurred_at < stop,
        )
        for owner, start, stop in spans
        if start < stop
    ]
    if not windows:
        return []
    rows = session.execute(
        select(UsageEvent.tenant_id, func.sum(UsageEvent.quantity))
        .where(UsageEvent.kind == UsageKind.CALL_SECONDS, or_(false(), *windows))
        .group_by(UsageEvent.tenant_id)
    )
    return [(owner, int(total)) for owner, total in rows]


_NUMBERS = (
    select(PhoneNumber.tenant_id, PhoneNumber.created_at, PhoneNumber.released_at)
    .where(
        PhoneNumber.created_at < bindparam("until"),
        PhoneNumber.released_at.is_(None) | (PhoneNumber.released_at >= bindparam("since")),
    )
    .order_by(PhoneNumber.tenant_id, PhoneNumber.id)
)
_NUMBERS_OF_ONE = _NUMBERS.where(PhoneNumber.tenant_id == bindparam("tenant_id"))


def _number_spans_by_tenant(
    session: Session, period: Period, end: date, tenant_id: int | None
) -> dict[int, list[tuple[date, date]]]:
    """The Vienna days each number was held from the period's start to `end`: the day it was
    bought counts, the day it was released does not (first, last exclusive)."""
    rows = session.execute(
        _NUMBERS_OF_ONE if tenant_id is not None else _NUMBERS,
        {"until": vienna_midnight(end), "since": period.starts_at, "tenant_id": tenant_id},
    )
    held: dict[int, list[tuple[date, date]]] = {}
    for owner, created_at, released_at in rows:
        first = max(vienna_day(created_at), period.start)
        last = min(vienna_day(released_at), end) if released_at else end
        if last > first:
            held.setdefault(owner, []).append((first, last))
    return held
