"""Invoice arithmetic as a table, and the invoice run over real usage rows in PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import Invoice, InvoiceLine, InvoiceLineKind, PricePlan, Tenant
from services.billing import Period
from services.invoice_document import invoice_document
from services.invoice_run import RunResult, run_invoices
from services.pricing import Prices, Usage, price
from tests.factories import SELLER, Factory

# 29 €/month incl. 100 min, 12 ct/min beyond (per second), 5 €/month per number.
PLAN = Prices(
    monthly_fee_cents=2900, included_minutes=100, per_minute_cents=12, number_monthly_fee_cents=500
)


@pytest.mark.parametrize(
    ("case", "usage", "days", "lines", "subtotal", "tax"),
    [
        ("zero usage: base fee only", Usage(), 30, [2900], 2900, 580),
        ("inside the included minutes", Usage(call_seconds=100 * 60), 30, [2900], 2900, 580),
        # 90 s beyond at 12 ct/min = 18 ct exactly.
        ("90 s beyond", Usage(call_seconds=100 * 60 + 90), 30, [2900, 18], 2918, 584),
        # 1 s beyond = 0.2 ct → 0; 3 s = 0.6 ct → 1 (half up).
        ("1 s rounds down", Usage(call_seconds=6001), 30, [2900, 0], 2900, 580),
        ("3 s round up", Usage(call_seconds=6003), 30, [2900, 1], 2901, 580),
        ("a number all month", Usage(number_days=[30]), 30, [2900, 500], 3400, 680),
        # Bought on the 16th of a 30-day month: 15 days held = 250 ct.
        ("a number added mid-month", Usage(number_days=[15]), 30, [2900, 250], 3150, 630),
        # 10 of 31 days of 5 € = 161.29 ct → 161.
        ("10 days of 31", Usage(number_days=[10]), 31, [2900, 161], 3061, 612),
        (
            "everything",
            Usage(call_seconds=200 * 60, number_days=[31, 10]),
            31,
            [2900, 1200, 500, 161],
            4761,
            952,  # 952.2 → 952
        ),
        # The base fee by days, from a mid-month start (services.billing.base_fee_starts_on).
        ("base fee all month", Usage(base_fee_days=30), 30, [2900], 2900, 580),
        # Set up on the 16th of 30: 15 days = 1450 ct.
        ("base fee from the 16th", Usage(base_fee_days=15), 30, [1450], 1450, 290),
        # Set up on the 30th of 30: 1 day of 29 € = 96.67 ct → 97; VAT 19.4 → 19.
        ("base fee on the last day", Usage(base_fee_days=1), 30, [97], 97, 19),
        # A trial to 14 December: 17 of 31 days = 1590.32 ct → 1590.
        ("base fee after a trial", Usage(base_fee_days=17), 31, [1590], 1590, 318),
        # Sign-up on 30 November, its trial all the rest of the month: no base fee, but the
        # number's day (5 € / 30 = 16.67 → 17) and calls beyond the included minutes (18).
        (
            "a trial month: calls and number only",
            Usage(call_seconds=6090, number_days=[1], base_fee_days=0),
            30,
            [18, 17],
            35,
            7,
        ),
        ("nothing at all", Usage(base_fee_days=0), 30, [], 0, 0),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_invoice_arithmetic(
    case: str, usage: Usage, days: int, lines: list[int], subtotal: int, tax: int
) -> None:
    priced = price(PLAN, usage, days_in_period=days)
    assert [line.amount_cents for line in priced.lines] == lines
    assert priced.subtotal_cents == subtotal
    assert priced.tax_rate_bp == 2000
    assert priced.tax_cents == tax
    assert priced.total_cents == subtotal + tax


def test_exact_halves_round_up() -> None:
    # 15 ct/min is 0.25 ct/s: 2 s = 0.5 ct → 1 ct; 6 s = 1.5 ct → 2 ct.
    per_quarter_cent = Prices(0, 0, 15, 0)
    assert (
        price(per_quarter_cent, Usage(call_seconds=2), days_in_period=30).lines[1].amount_cents == 1
    )
    assert (
        price(per_quarter_cent, Usage(call_seconds=6), days_in_period=30).lines[1].amount_cents == 2
    )
    # VAT is a fifth of whole cents, so it is never an exact half: 12 ct → 2.4 → 2, 13 → 2.6 → 3.
    assert price(Prices(12, 0, 0, 0), Usage(), days_in_period=30).tax_cents == 2
    assert price(Prices(13, 0, 0, 0), Usage(), days_in_period=30).tax_cents == 3


def test_lines_speak_the_tenant_language() -> None:
    usage = Usage(call_seconds=6000 + 125, number_days=[3])
    german = price(PLAN, usage, days_in_period=30, locale="de-AT").lines
    english = price(PLAN, usage, days_in_period=30, locale="en-US").lines
    assert german[1].description == "Weitere Gesprächszeit: 2 min 5 s (sekundengenau)"
    assert english[2].description == "Phone number: 3 of 30 days"
    started = Usage(base_fee_days=12)
    [german_fee] = price(PLAN, started, days_in_period=30, locale="de-AT").lines
    [english_fee] = price(PLAN, started, days_in_period=30, locale="en-US").lines
    assert german_fee.description == "Grundgebühr inkl. 100 Gesprächsminuten: 12 von 30 Tagen"
    assert english_fee.description == "Monthly fee incl. 100 call minutes: 12 of 30 days"
    assert (german_fee.quantity, german_fee.unit_amount_cents) == (12, 2900)


@pytest.mark.parametrize("text", ["2026", "2026-13", "november", "2026-11-01", ""])
def test_a_period_must_be_a_month(text: str) -> None:
    with pytest.raises(ValueError, match="YYYY-MM"):
        Period.parse(text)


def test_a_period_is_a_vienna_calendar_month() -> None:
    period = Period.parse("2026-03")
    assert (period.start, period.end, period.days) == (date(2026, 3, 1), date(2026, 4, 1), 31)
    # Vienna is UTC+1 on 1 March and UTC+2 (summer time) on 1 April.
    assert period.starts_at == datetime(2026, 2, 28, 23, 0, tzinfo=UTC)
    assert period.ends_at == datetime(2026, 3, 31, 22, 0, tzinfo=UTC)


@pytest.fixture
def plan(staff_db: Session) -> PricePlan:
    plan = PricePlan(
        code="test-standard",
        name="Standard",
        monthly_fee_cents=2900,
        included_minutes=100,
        per_minute_cents=12,
        number_monthly_fee_cents=500,
    )
    staff_db.add(plan)
    staff_db.flush()
    return plan


def test_the_invoice_run_prices_usage_and_numbers_per_tenant(
    staff_db: Session, make: Factory, plan: PricePlan
) -> None:
    alpha = make.tenant(price_plan_id=plan.id)
    beta = make.tenant(price_plan_id=plan.id, locale="en-US")
    make.tenant()  # no plan: not invoiced
    november = Period.parse("2026-11")
    for seconds, when in [
        (4000, datetime(2026, 11, 2, 10, tzinfo=UTC)),
        (2090, datetime(2026, 11, 30, 22, 59, tzinfo=UTC)),  # 23:59 Vienna: still November
        (9999, datetime(2026, 11, 30, 23, 0, tzinfo=UTC)),  # 00:00 Vienna on 1 December
        (9999, datetime(2026, 10, 31, 22, 59, tzinfo=UTC)),  # 23:59 Vienna on 31 October
    ]:
        make.usage_event(alpha, quantity=seconds, occurred_at=when)
    # Beta's number was bought on 16 November (Vienna): 15 of 30 days.
    make.phone_number(beta, created_at=datetime(2026, 11, 16, 8, tzinfo=UTC))

    result = run_invoices(session=staff_db, period=november, seller=SELLER)

    assert result.created >= 2
    by_tenant = {
        i.tenant_id: i
        for i in staff_db.scalars(select(Invoice).where(Invoice.id.in_(result.invoice_ids)))
    }
    assert set(by_tenant) == {alpha.id, beta.id}
    a, b = by_tenant[alpha.id], by_tenant[beta.id]
    assert [line.amount_cents for line in a.lines] == [2900, 18]  # 90 s beyond 100 min
    assert (a.subtotal_cents, a.tax_cents, a.total_cents) == (2918, 584, 3502)
    # Consecutive numbers of the issue year, in tenant order.
    year, first = a.number.split("-")
    assert b.number == f"{year}-{int(first) + 1:06d}" and year == f"{a.issued_at:%Y}"
    assert [(line.kind, line.amount_cents) for line in b.lines] == [
        (InvoiceLineKind.BASE_FEE, 2900),
        (InvoiceLineKind.NUMBER_FEE, 250),
    ]
    assert b.lines[1].description == "Phone number: 15 of 30 days"


def test_running_the_same_period_again_changes_nothing(
    staff_db: Session, make: Factory, plan: PricePlan
) -> None:
    tenant = make.tenant(price_plan_id=plan.id)
    make.usage_event(tenant, quantity=7000, occurred_at=datetime(2026, 11, 5, tzinfo=UTC))
    november = Period.parse("2026-11")
    first = run_invoices(session=staff_db, period=november, seller=SELLER)
    snapshot = staff_db.execute(
        select(Invoice.id, Invoice.total_cents).where(Invoice.tenant_id == tenant.id)
    ).all()
    lines = staff_db.scalar(select(func.count()).select_from(InvoiceLine))

    # Late usage arrives; the run is repeated: the issued invoice stays as it was.
    make.usage_event(tenant, quantity=600, occurred_at=datetime(2026, 11, 6, tzinfo=UTC))
    again = run_invoices(session=staff_db, period=november, seller=SELLER)

    assert first.created >= 1 and again.created == 0 and again.skipped >= 1
    assert (
        staff_db.execute(
            select(Invoice.id, Invoice.total_cents).where(Invoice.tenant_id == tenant.id)
        ).all()
        == snapshot
    )
    assert staff_db.scalar(select(func.count()).select_from(InvoiceLine)) == lines


def _signed_up(make: Factory, plan: PricePlan, when: datetime) -> Tenant:
    """A self-service sign-up at `when`, with its 14-day trial (services/signup.py)."""
    return make.tenant(
        price_plan_id=plan.id, created_at=when, trial_ends_at=when + timedelta(days=14)
    )


def test_the_base_fee_starts_with_the_plan_and_after_the_trial(
    staff_db: Session, make: Factory, plan: PricePlan
) -> None:
    # Signed up on 30 November at 19:00 Vienna with a number that day: the trial runs to
    # 14 December, so November has no base fee and December 17 of its 31 days.
    sign_up = _signed_up(make, plan, datetime(2026, 11, 30, 18, tzinfo=UTC))
    make.phone_number(sign_up, created_at=datetime(2026, 11, 30, 18, 5, tzinfo=UTC))
    # Set up by staff on 16 November (Vienna), no trial: 15 of November's 30 days.
    staff_made = make.tenant(
        price_plan_id=plan.id, created_at=datetime(2026, 11, 16, 8, tzinfo=UTC)
    )
    # Signed up on 25 November with nothing used: its trial fills the month, nothing owed.
    idle = _signed_up(make, plan, datetime(2026, 11, 25, 9, tzinfo=UTC))

    november = run_invoices(session=staff_db, period=Period.parse("2026-11"), seller=SELLER)
    december = run_invoices(session=staff_db, period=Period.parse("2026-12"), seller=SELLER)

    def lines(tenant: Tenant, period: RunResult) -> list[tuple[InvoiceLineKind, int, int]]:
        invoices = staff_db.scalars(
            select(Invoice).where(
                Invoice.id.in_(period.invoice_ids), Invoice.tenant_id == tenant.id
            )
        ).all()
        return [(x.kind, x.quantity, x.amount_cents) for i in invoices for x in i.lines]

    base, number = InvoiceLineKind.BASE_FEE, InvoiceLineKind.NUMBER_FEE
    assert lines(sign_up, november) == [(number, 1, 17)]  # 5 € / 30 → 16.67 ct
    assert lines(sign_up, december) == [(base, 17, 1590), (number, 31, 500)]
    assert lines(staff_made, november) == [(base, 15, 1450)]
    assert lines(staff_made, december) == [(base, 1, 2900)]
    assert lines(idle, november) == []  # no invoice of 0 €
    assert lines(idle, december) == [(base, 22, 2058)]  # from 10 December: 22/31 → 2058.06


def test_a_whole_months_base_fee_reads_one_month_a_share_its_days(
    staff_db: Session, make: Factory, plan: PricePlan
) -> None:
    staff_made = make.tenant(
        price_plan_id=plan.id, created_at=datetime(2026, 11, 30, 8, tzinfo=UTC)
    )
    november = run_invoices(session=staff_db, period=Period.parse("2026-11"), seller=SELLER)
    december = run_invoices(session=staff_db, period=Period.parse("2026-12"), seller=SELLER)
    quantities = [
        invoice_document(invoice=invoice, tenant=staff_made, seller=SELLER).lines[0].quantity
        for invoice in staff_db.scalars(
            select(Invoice)
            .where(
                Invoice.id.in_(november.invoice_ids + december.invoice_ids),
                Invoice.tenant_id == staff_made.id,
            )
            .order_by(Invoice.period_start)
        )
    ]
    assert quantities == ["1 Tag", "1 Monat"]
