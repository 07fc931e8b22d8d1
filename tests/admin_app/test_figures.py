"""The home page's figures and the tenant page's overview, computed in SQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from models import (
    InvoiceStatus,
    PricePlan,
    ProvisioningStatus,
    TenantStatus,
    TicketStatus,
    UsageKind,
)
from models.scoping import tenant_session
from services.errors import ValidationFailed
from services.platform_stats import home_figures
from services.tenant_admin import set_concurrent_call_limit, takes_calls, tenant_overview
from tests.factories import Factory

TODAY = date(2026, 11, 20)
NOON = datetime(2026, 11, 20, 11, 0, tzinfo=UTC)


def test_home_figures(staff_db, make: Factory) -> None:
    active, other = make.tenant(), make.tenant()
    make.tenant(status=TenantStatus.SUSPENDED)
    make.call(active, started_at=NOON)
    make.call(other, started_at=NOON - timedelta(days=1))  # yesterday
    make.usage_event(active, quantity=600, occurred_at=NOON)
    make.usage_event(other, quantity=300, occurred_at=NOON - timedelta(days=3))
    make.usage_event(other, quantity=999, occurred_at=NOON, kind=UsageKind.TTS_CHARACTERS)
    make.usage_event(other, quantity=60, occurred_at=NOON - timedelta(days=40))  # out of range
    make.invoice(active, status=InvoiceStatus.PAID, total_cents=1200, issued_at=NOON)
    make.invoice(other, status=InvoiceStatus.DRAFT, total_cents=1200, issued_at=NOON)
    make.ticket(active, status=TicketStatus.OPEN)
    make.ticket(active, status=TicketStatus.CLOSED)
    make.provisioning_job(active, status=ProvisioningStatus.FAILED)

    figures = home_figures(session=staff_db, today=TODAY)

    assert figures.active_tenants == 2
    assert figures.calls_today == 1
    assert figures.minutes_this_month == 15.0
    assert figures.invoiced_cents_this_month == 1200
    assert figures.open_tickets == 1
    assert figures.failed_jobs == 1
    assert len(figures.daily_minutes) == 30 and figures.daily_minutes[-1].day == TODAY
    by_day = {d.day: d.minutes for d in figures.daily_minutes}
    assert by_day[TODAY] == 10.0 and by_day[TODAY - timedelta(days=3)] == 5.0
    assert sum(by_day.values()) == 15.0


def test_tenant_overview_sees_only_that_tenant(session_factory, make: Factory) -> None:
    plan = make._save(
        PricePlan(
            code="t", name="T", monthly_fee_cents=1000, per_minute_cents=12, included_minutes=0
        )
    )
    mine, theirs = make.tenant(price_plan_id=plan.id), make.tenant()
    make.user(mine)
    make.user(theirs)
    make.bot(mine)
    make.usage_event(mine, quantity=120, occurred_at=NOON)
    make.usage_event(theirs, quantity=6000, occurred_at=NOON)
    with tenant_session(session_factory, mine.id) as session:
        overview = tenant_overview(session=session, today=TODAY)
    assert overview.tenant.id == mine.id
    assert len(overview.users) == 1 and len(overview.bots) == 1
    assert overview.month_seconds == 120
    assert overview.month_cost_cents == 1000 + 24


def test_call_limit_bounds_and_suspension(staff_db, make: Factory) -> None:
    tenant = make.tenant()
    with pytest.raises(ValidationFailed):
        set_concurrent_call_limit(session=staff_db, tenant=tenant, limit=-1, actor=None)
    assert takes_calls(tenant)
    tenant.status = TenantStatus.SUSPENDED
    assert not takes_calls(tenant)


def test_home_figures_are_cached_for_a_minute(staff_db, make: Factory, redis_client) -> None:
    from admin_app.home_cache import cached_home_figures

    make.tenant()
    first = cached_home_figures(client=redis_client, session=staff_db, today=TODAY)
    make.tenant()
    again = cached_home_figures(client=redis_client, session=staff_db, today=TODAY)
    assert again == first and again.active_tenants == 1
    assert 0 < redis_client.ttl(f"voiceagent:admin:home:{TODAY.isoformat()}") <= 60
    redis_client.flushdb()
    assert (
        cached_home_figures(client=redis_client, session=staff_db, today=TODAY).active_tenants == 2
    )
