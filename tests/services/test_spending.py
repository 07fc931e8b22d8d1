"""The monthly spending limit: e-mails at 80 % and 100 % once each per month (delivered to
the mail folder as .eml files and read back), calls turned away at 100 % and let in again
when the limit is raised; only administrators set it, within bounds."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from integrations.email import MailFolderSender
from models import AuditEvent, Role, SpendingAlert, Tenant, User
from models.base import utcnow
from models.scoping import tenant_session
from services.call_records import RouteStatus, route_call
from services.email_outbox import deliver_pending
from services.errors import ValidationFailed
from services.permissions import NotAllowed
from services.spending import queue_spending_alerts, set_spending_limit, spending
from tests.factories import Factory

PORTAL = "https://portal.example.at"


@pytest.fixture
def limited(staff_db: Session, make: Factory) -> tuple[Tenant, User, str]:
    """A tenant on 29 €/month incl. 100 min (12 ct a minute beyond) with a limit of 40 €, a
    live bot on a number, and a German administrator; the number dialled."""
    plan = make.price_plan(number_monthly_fee_cents=0)
    tenant = make.tenant(price_plan_id=plan.id, spending_limit_cents=4000)
    admin = make.user(tenant, role=Role.CUSTOMER_ADMIN, locale="de-AT", name="Anna Gruber")
    bot = make.bot(tenant, status="live")
    number = make.phone_number(tenant, bot)
    return tenant, admin, number.e164


def _talk(make: Factory, tenant: Tenant, minutes: int) -> None:
    make.usage_event(tenant, quantity=minutes * 60, occurred_at=utcnow() - timedelta(minutes=1))


def _mails(staff_db: Session, folder: Path, to: str) -> list[email.message.EmailMessage]:
    deliver_pending(session=staff_db, sender=MailFolderSender("VoiceAgent <a@b.at>", folder))
    found = []
    for path in sorted(folder.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if message["To"] == to:
            found.append(message)
    return found


def test_alerts_at_80_and_100_percent_once_each_and_calls_stop_until_the_limit_rises(
    staff_db: Session,
    make: Factory,
    session_factory: sessionmaker[Session],
    limited: tuple[Tenant, User, str],
    tmp_path: Path,
) -> None:
    tenant, admin, dialled = limited
    folder = tmp_path / "mail"

    # 29 € base fee + 50 min beyond the included 100 (6 €) = 35 € of 40 €: 87 %.
    _talk(make, tenant, 150)
    assert queue_spending_alerts(session=staff_db, portal_url=PORTAL) == 1
    assert queue_spending_alerts(session=staff_db, portal_url=PORTAL) == 0  # once a month
    [warning] = _mails(staff_db, folder, admin.email)
    assert warning["Subject"] == "VoiceAgent: 80 % Ihres Ausgabenlimits erreicht"
    assert "35,00\xa0€" in warning.get_content() and "40,00\xa0€" in warning.get_content()
    assert route_call(session=staff_db, to_number=dialled, default_language="de-AT").status is (
        RouteStatus.ACCEPT
    )

    # 50 more minutes: 41 € ≥ 40 €.
    _talk(make, tenant, 50)
    assert queue_spending_alerts(session=staff_db, portal_url=PORTAL) == 1
    assert queue_spending_alerts(session=staff_db, portal_url=PORTAL) == 0
    mails = _mails(staff_db, folder, admin.email)
    [stop] = [m for m in mails if m["Subject"] != warning["Subject"]]
    assert len(mails) == 2  # the 80 % e-mail was not sent again
    assert stop["Subject"].startswith("VoiceAgent: Ausgabenlimit erreicht")
    assert f"{PORTAL}/settings#spending-limit" in stop.get_content()
    route = route_call(session=staff_db, to_number=dialled, default_language="de-AT")
    assert route.status is RouteStatus.SPENDING_LIMIT

    with tenant_session(session_factory, tenant.id) as db:
        set_spending_limit(session=db, actor=db.get_one(User, admin.id), limit_cents=10_000)
        db.flush()
        assert spending(session=db, tenant=db.get_one(Tenant, tenant.id)).percent == 41
        route = route_call(session=db, to_number=dialled, default_language="de-AT")
    assert route.status is RouteStatus.ACCEPT
    levels = staff_db.scalars(
        select(SpendingAlert.level).where(SpendingAlert.tenant_id == tenant.id)
    ).all()
    assert sorted(levels) == [80, 100]


def test_a_new_month_starts_afresh(
    staff_db: Session, make: Factory, limited: tuple[Tenant, User, str]
) -> None:
    tenant, _admin, _dialled = limited
    # May: 29 € + 300 min beyond the included 100 at 12 ct = 65 €: both alerts.
    make.usage_event(tenant, quantity=400 * 60, occurred_at=datetime(2031, 5, 20, tzinfo=UTC))

    assert (
        queue_spending_alerts(
            session=staff_db, portal_url=PORTAL, now=datetime(2031, 5, 21, tzinfo=UTC)
        )
        == 2
    )
    # June 1st: only the base fee so far, 29 € of 40 € (72 %): nothing to say.
    assert (
        queue_spending_alerts(
            session=staff_db, portal_url=PORTAL, now=datetime(2031, 6, 1, 10, tzinfo=UTC)
        )
        == 0
    )
    # 170 minutes in June: 29 € + 8,40 € = 93 %: June's own 80 % e-mail.
    make.usage_event(tenant, quantity=170 * 60, occurred_at=datetime(2031, 6, 2, tzinfo=UTC))
    assert (
        queue_spending_alerts(
            session=staff_db, portal_url=PORTAL, now=datetime(2031, 6, 3, tzinfo=UTC)
        )
        == 1
    )


def test_only_administrators_set_a_limit_within_bounds(
    make: Factory, session_factory: sessionmaker[Session]
) -> None:
    tenant = make.tenant()
    admin = make.user(tenant, role=Role.CUSTOMER_ADMIN)
    member = make.user(tenant, role=Role.CUSTOMER_USER)
    with tenant_session(session_factory, tenant.id) as db:
        with pytest.raises(NotAllowed):
            set_spending_limit(session=db, actor=db.get_one(User, member.id), limit_cents=5000)
        for wrong in (0, 99, 10_000_001):
            with pytest.raises(ValidationFailed):
                set_spending_limit(session=db, actor=db.get_one(User, admin.id), limit_cents=wrong)
        set_spending_limit(session=db, actor=db.get_one(User, admin.id), limit_cents=5000)
        changed = set_spending_limit(session=db, actor=db.get_one(User, admin.id), limit_cents=None)
        assert changed.spending_limit_cents is None
        audited = db.execute(
            select(AuditEvent.before, AuditEvent.after)
            .where(AuditEvent.action == "tenant.spending_limit_changed")
            .order_by(AuditEvent.id)
        ).all()
    assert [tuple(row) for row in audited] == [
        ({"limit_cents": None}, {"limit_cents": 5000}),
        ({"limit_cents": 5000}, {"limit_cents": None}),
    ]
