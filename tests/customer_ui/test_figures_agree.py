"""One figure for "cost so far": the dashboard, the usage page, the billing page's preview,
the API's `/usage/month`, the back office's tenant overview and the monthly invoice run
all agree, for a tenant with calls, a number held all along, one added mid-month and one
released mid-month, set up long ago or in the middle of the month (its base fee by days) —
and the figure is the one worked out here by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
import redis
from fastapi.testclient import TestClient
from nicegui import ui
from nicegui.testing import User
from sqlalchemy.orm import Session, sessionmaker

from core.settings import Settings
from customer_ui.api import create_api
from customer_ui.i18n import VIENNA, texts
from models import Invoice, PhoneNumberStatus, PricePlan, Role, Tenant, TokenScope
from models.scoping import tenant_session
from services.api_tokens import create_api_token
from services.billing import Period, tenant_bill
from services.dashboard import dashboard
from services.invoice_run import run_invoices
from services.plan_terms import assign_plan
from services.usage_reports import month_cost_so_far
from tests.customer_ui.conftest import LoginAs
from tests.factories import SELLER, Factory

BASE, INCLUDED_MIN, PER_MIN, NUMBER_FEE = 2900, 100, 12, 300
EN = texts("en-US")


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), VIENNA).astimezone(UTC)


def _half_up(numerator: int, denominator: int) -> int:
    return (2 * numerator + denominator) // (2 * denominator)


@pytest.fixture
def plan(staff_db: Session) -> PricePlan:
    plan = PricePlan(
        code="figures",
        name="Standard",
        monthly_fee_cents=BASE,
        included_minutes=INCLUDED_MIN,
        per_minute_cents=PER_MIN,
        number_monthly_fee_cents=NUMBER_FEE,
    )
    staff_db.add(plan)
    staff_db.flush()
    return plan


def _month_of_use(
    make: Factory,
    staff_db: Session,
    tenant: Tenant,
    plan: PricePlan,
    period: Period,
    as_of: date,
    *,
    plan_mid_month: bool,
) -> int:
    """Calls and numbers in `period` up to `as_of`, by a tenant set up long ago, on `plan`
    since then or only from the middle of the month (staff gave it then: no trial, so the
    base fee, calls and number days from `mid`); returns the subtotal (cents, before VAT)
    they should cost by then, worked out by hand."""
    mid = period.start + (as_of - period.start) // 2
    plan_from = _at(mid, 7) if plan_mid_month else tenant.created_at
    assign_plan(session=staff_db, tenant=tenant, plan=plan, at=plan_from)
    bot = make.bot(tenant, name="Empfang")
    # 90 min on the first day, 20.5 min on `as_of`: 10.5 min beyond the 100 included. At 5
    # o'clock, before a plan given at 7 that day, so on the 1st `mid` is the 1st and only
    # the 20.5 min count in that case too.
    make.usage_event(tenant, bot_id=bot.id, quantity=90 * 60, occurred_at=_at(period.start, 5))
    make.usage_event(tenant, bot_id=bot.id, quantity=20 * 60 + 30, occurred_at=_at(as_of, 8))
    # After `as_of`, so not yet counted (when `as_of` is not the month's last day).
    make.usage_event(tenant, quantity=600, occurred_at=_at(as_of + timedelta(days=1), 8))
    long_ago = _at(period.start - timedelta(days=40), 12)
    make.phone_number(tenant, bot, created_at=long_ago)
    make.phone_number(tenant, created_at=_at(mid, 9))  # added mid-month
    make.phone_number(
        tenant,
        created_at=long_ago,
        released_at=_at(mid, 12),
        status=PhoneNumberStatus.RELEASED,
    )
    if plan_mid_month:  # only the 20.5 min on `as_of` count: within the included minutes
        base, minutes = _half_up((period.end - mid).days * BASE, period.days), 0
        held = [(as_of - mid).days + 1, (as_of - mid).days + 1]
    else:
        base, minutes = BASE, _half_up(630 * PER_MIN, 60)
        held = [(as_of - period.start).days + 1, (as_of - mid).days + 1, (mid - period.start).days]
    numbers = sum(_half_up(days * NUMBER_FEE, period.days) for days in held if days)
    return base + minutes + numbers


@pytest.fixture
def other_tenant_usage(make: Factory, plan: PricePlan) -> None:
    """Another tenant's calls and numbers, which must never count."""
    other = make.tenant(price_plan_id=plan.id)
    make.usage_event(other, quantity=50_000, occurred_at=datetime.now(UTC))
    make.phone_number(other, created_at=datetime(2020, 1, 1, tzinfo=UTC))


def _api(
    settings: Settings, factory: sessionmaker[Session], redis_client: redis.Redis
) -> TestClient:
    app = create_api(settings=settings, session_factory=factory, redis_client=redis_client)
    return TestClient(app, raise_server_exceptions=False)


def _token(staff_db: Session, make: Factory, tenant: Tenant) -> dict[str, str]:
    admin = make.user(tenant, role=Role.CUSTOMER_ADMIN)
    token = create_api_token(session=staff_db, creator=admin, name="ro", scope=TokenScope.READ)
    staff_db.flush()
    return {"Authorization": f"Bearer {token.plain}"}


def _bill_rows(user: User) -> dict[str, str]:
    rows = [row for table in user.find(kind=ui.table).elements for row in table.rows]
    return {str(row["id"]): row["amount"] for row in rows if row.get("id") in ("subtotal", "total")}


@pytest.mark.usefixtures("other_tenant_usage")
@pytest.mark.parametrize("plan_mid_month", [False, True], ids=["plan-long-ago", "plan-mid-month"])
async def test_this_month_so_far_is_one_figure_everywhere(
    plan_mid_month: bool,
    login_as: LoginAs,
    user: User,
    make: Factory,
    staff_db: Session,
    tenant: Tenant,
    plan: PricePlan,
    settings: Settings,
    session_factory: sessionmaker[Session],
    redis_client: redis.Redis,
) -> None:
    today = datetime.now(VIENNA).date()
    period = Period.month(today.year, today.month)
    expected = _month_of_use(
        make, staff_db, tenant, plan, period, today, plan_mid_month=plan_mid_month
    )
    headers = _token(staff_db, make, tenant)

    with tenant_session(session_factory, tenant.id) as db:
        bill = tenant_bill(session=db, today=today)
        assert bill is not None
        assert bill.priced.subtotal_cents == expected
        assert dashboard(session=db, today=today).month_cost_cents == expected
        assert month_cost_so_far(session=db, today=today) == expected  # the back office's
    total = bill.priced.total_cents

    answer = _api(settings, session_factory, redis_client).get("/usage/month", headers=headers)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["subtotal_cents"], body["total_cents"]) == (expected, total)
    assert [line["amount_cents"] for line in body["lines"]] == [
        line.amount_cents for line in bill.priced.lines
    ]

    await login_as()
    await user.should_see(EN.money(expected))  # the dashboard's "Cost so far" tile
    await user.open("/billing")
    await user.should_see("This month so far")
    await user.should_see("Each bot gets its own phone number: €\xa03.00 a month", retries=5)
    assert _bill_rows(user) == {"subtotal": EN.money(expected), "total": EN.money(total)}
    await user.open("/usage")
    await user.should_see("By bot")
    assert _bill_rows(user) == {"subtotal": EN.money(expected), "total": EN.money(total)}


@pytest.mark.usefixtures("other_tenant_usage")
@pytest.mark.parametrize("plan_mid_month", [False, True], ids=["plan-long-ago", "plan-mid-month"])
async def test_a_months_bill_so_far_on_its_last_day_is_its_invoice(
    plan_mid_month: bool,
    login_as: LoginAs,
    user: User,
    make: Factory,
    staff_db: Session,
    tenant: Tenant,
    plan: PricePlan,
    settings: Settings,
    session_factory: sessionmaker[Session],
    redis_client: redis.Redis,
) -> None:
    period = Period.previous(datetime.now(VIENNA).date())
    last_day = period.end - timedelta(days=1)
    expected = _month_of_use(
        make, staff_db, tenant, plan, period, last_day, plan_mid_month=plan_mid_month
    )
    headers = _token(staff_db, make, tenant)

    run_invoices(session=staff_db, period=period, seller=SELLER)
    invoice = next(i for i in staff_db.query(Invoice).filter_by(tenant_id=tenant.id))
    assert invoice.subtotal_cents == expected
    with tenant_session(session_factory, tenant.id) as db:
        bill = tenant_bill(session=db, today=last_day)
        assert bill is not None
        assert dashboard(session=db, today=last_day).month_cost_cents == expected
    assert (bill.priced.subtotal_cents, bill.priced.total_cents) == (
        invoice.subtotal_cents,
        invoice.total_cents,
    )
    assert [(line.description, line.amount_cents) for line in bill.priced.lines] == [
        (line.description, line.amount_cents) for line in invoice.lines
    ]

    answer = _api(settings, session_factory, redis_client).get(
        f"/usage/month?month={period.start:%Y-%m}", headers=headers
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["total_cents"] == invoice.total_cents
    assert answer.json()["as_of"] == last_day.isoformat()

    await login_as()
    await user.open(f"/usage?month={period.start:%Y-%m}")
    await user.should_see(f"Costs in {period.start:%B %Y}")
    assert _bill_rows(user) == {
        "subtotal": EN.money(invoice.subtotal_cents),
        "total": EN.money(invoice.total_cents),
    }


def test_api_month_bill_refuses_bad_months(
    staff_db: Session,
    make: Factory,
    tenant: Tenant,
    plan: PricePlan,
    settings: Settings,
    session_factory: sessionmaker[Session],
    redis_client: redis.Redis,
) -> None:
    headers = _token(staff_db, make, tenant)
    client = _api(settings, session_factory, redis_client)
    no_plan = client.get("/usage/month", headers=headers)
    assert no_plan.status_code == 404
    assert no_plan.json()["error"]["message"] == "There is no price plan for this account yet."
    assign_plan(session=staff_db, tenant=tenant, plan=plan, at=tenant.created_at)
    staff_db.flush()
    for month, status in [("2026-13", 422), ("nope", 422), ("2999-01", 422), ("1999-12", 422)]:
        answer = client.get(f"/usage/month?month={month}", headers=headers)
        assert answer.status_code == status, (month, answer.text)
        assert "month" in answer.text
