"""A monthly spending limit a customer may set (Settings → Ausgabenlimit), as Vapi and Retell
offer one.

What counts is the month's net cost so far — the figure the dashboard shows ("Kosten
bisher (netto)"), from services.billing: base fee, call time beyond the included minutes,
number days. At 80 % and at 100 % the customer's administrators get one e-mail each per
month (a row in `spending_alerts`, unique per tenant, month and level, makes it once
however many runs see it; the cron checks every five minutes). From 100 % the bots take no
calls: the caller hears the short "not reachable right now" message every turned-away
call gets (callers never hear about their host's billing) and the call is recorded as
rejected, at no cost. Raising or removing the limit lets calls in again at once, since each
call checks the limit against the cost so far; a new month starts from nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from core.catalogue import N_
from models import SpendingAlert, Tenant, User
from models.base import utcnow
from services.billing import tenant_bill
from services.email_outbox import queue_email
from services.email_texts import email_text
from services.errors import ValidationFailed
from services.local_formats import money
from services.permissions import Action, require
from services.team import tenant_administrators
from services.tenant_settings import set_own_setting
from services.vienna_time import vienna_day

ALERT_LEVELS = (80, 100)
MIN_LIMIT_CENTS, MAX_LIMIT_CENTS = 100, 10_000_000  # 1 € to 100.000 €
LIMIT_RANGE = N_("Please enter an amount from 1 € to 100.000 €, or leave the field empty.")


@dataclass(frozen=True)
class Spending:
    limit_cents: int | None
    spent_cents: int  # net cost so far this month

    @property
    def percent(self) -> int:
        return self.spent_cents * 100 // self.limit_cents if self.limit_cents else 0

    @property
    def blocked(self) -> bool:
        return self.limit_cents is not None and self.spent_cents >= self.limit_cents


def spending(*, session: Session, tenant: Tenant, today: date | None = None) -> Spending:
    """Tenant `tenant`'s limit and net cost so far this month (tenant or staff session)."""
    today = today or vienna_day(utcnow())
    bill = tenant_bill(session=session, today=today, tenant_id=tenant.id)
    return Spending(tenant.spending_limit_cents, bill.priced.subtotal_cents if bill else 0)


def calls_blocked(*, session: Session, tenant: Tenant) -> bool:
    """Whether the tenant's bots are paused by its spending limit; costs nothing without one."""
    return (
        tenant.spending_limit_cents is not None and spending(session=session, tenant=tenant).blocked
    )


def set_spending_limit(*, session: Session, actor: User, limit_cents: int | None) -> Tenant:
    """An administrator sets the session tenant's monthly limit (None: no limit)."""
    require(actor, Action.BILLING)
    if limit_cents is not None and not MIN_LIMIT_CENTS <= limit_cents <= MAX_LIMIT_CENTS:
        raise ValidationFailed({"limit": LIMIT_RANGE})
    limit = Tenant.spending_limit_cents
    return set_own_setting(
        session, actor, "tenant.spending_limit_changed", limit, limit_cents, audit_key="limit_cents"
    )


def queue_spending_alerts(*, session: Session, portal_url: str, now: datetime | None = None) -> int:
    """E-mail the administrators of every tenant that reached 80 % or 100 % of its limit this
    month and was not told yet. Needs a staff session; returns how many alerts were made."""
    today = vienna_day(now or utcnow())
    limited = session.scalars(
        select(Tenant).where(Tenant.spending_limit_cents.is_not(None)).order_by(Tenant.id)
    ).all()
    made = 0
    for tenant in limited:
        state = spending(session=session, tenant=tenant, today=today)
        for level in ALERT_LEVELS:
            if state.percent >= level and _first_alert(session, tenant, today, level, state):
                _tell_the_administrators(session, tenant, level, state, portal_url)
                made += 1
    return made


def _first_alert(
    session: Session, tenant: Tenant, today: date, level: int, state: Spending
) -> bool:
    """Record the alert; False when this month's alert of that level exists already."""
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    made = session.execute(
        insert(SpendingAlert)
        .values(
            tenant_id=tenant.id,
            month=today.replace(day=1),
            level=level,
            spent_cents=state.spent_cents,
            limit_cents=state.limit_cents,
            created_at=utcnow(),
        )
        .on_conflict_do_nothing(index_elements=["tenant_id", "month", "level"])
        .returning(SpendingAlert.id)
    ).first()
    return made is not None


def _tell_the_administrators(
    session: Session, tenant: Tenant, level: int, state: Spending, portal_url: str
) -> None:
    for admin in tenant_administrators(session=session, tenant_id=tenant.id):
        locale = admin.locale
        queue_email(
            session=session,
            to=admin.email,
            tenant_id=tenant.id,
            subject=email_text(f"spending_{level}_subject", locale),
            body=email_text(
                f"spending_{level}_body",
                locale,
                name=admin.name,
                spent=money(state.spent_cents, locale),
                limit=money(state.limit_cents or 0, locale),
                link=f"{portal_url}/settings#spending-limit",
            ),
        )
