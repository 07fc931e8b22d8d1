"""A sign-up without a payment method: one bot (so one number) and no calls after the trial;
a saved payment method lifts both at once. Companies staff set up are never asked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from models import BotLanguage, BotStatus, Role, Tenant, User
from models.base import utcnow
from models.scoping import tenant_session
from services.bots import BotSpec, create_bot, delete_bot
from services.call_records import RouteStatus, route_call
from services.payment_method import PaymentMethodRequired
from tests.conftest import sqlite_migrated_to
from tests.factories import Factory


def _spec(name: str) -> BotSpec:
    return BotSpec(name=name, language=BotLanguage.DE_AT.value, greeting="Grüß Gott!")


def _sign_up(make: Factory, *, trial_days: float) -> tuple[Tenant, User]:
    tenant = make.tenant(trial_ends_at=utcnow() + timedelta(days=trial_days))
    return tenant, make.user(tenant, role=Role.CUSTOMER_ADMIN)


def test_a_second_bot_needs_a_payment_method(
    session_factory: sessionmaker[Session], make: Factory
) -> None:
    tenant, admin = _sign_up(make, trial_days=10)
    with tenant_session(session_factory, tenant.id) as db:
        actor = db.get_one(User, admin.id)
        first = create_bot(session=db, spec=_spec("Empfang"), actor=actor)
        with pytest.raises(PaymentMethodRequired, match="add a payment method first"):
            create_bot(session=db, spec=_spec("Küche"), actor=actor)
        # Deleting the one bot releases its number: a new one may take its place.
        delete_bot(session=db, bot=first, actor=actor)
        create_bot(session=db, spec=_spec("Küche"), actor=actor)

        db.get_one(Tenant, tenant.id).payment_method_added_at = utcnow()
        create_bot(session=db, spec=_spec("Bar"), actor=actor)


def test_companies_staff_set_up_are_not_asked(
    session_factory: sessionmaker[Session], make: Factory
) -> None:
    tenant = make.tenant()  # no trial
    admin = make.user(tenant, role=Role.CUSTOMER_ADMIN)
    with tenant_session(session_factory, tenant.id) as db:
        actor = db.get_one(User, admin.id)
        for name in ("Empfang", "Küche", "Bar"):
            create_bot(session=db, spec=_spec(name), actor=actor)


def _dialled(make: Factory, tenant: Tenant) -> str:
    bot = make.bot(tenant, status=BotStatus.LIVE)
    return make.phone_number(tenant, bot).e164


def test_after_the_trial_calls_wait_for_a_payment_method(staff_db: Session, make: Factory) -> None:
    running, _ = _sign_up(make, trial_days=1)
    over, _ = _sign_up(make, trial_days=-1)
    paying, _ = _sign_up(make, trial_days=-1)
    paying.payment_method_added_at = utcnow() - timedelta(days=3)
    staff_made = make.tenant()
    statuses = {
        tenant.name: route_call(
            session=staff_db, to_number=_dialled(make, tenant), default_language="de-AT"
        ).status
        for tenant in (running, over, paying, staff_made)
    }
    assert statuses == {
        running.name: RouteStatus.ACCEPT,
        over.name: RouteStatus.NO_PAYMENT_METHOD,
        paying.name: RouteStatus.ACCEPT,
        staff_made.name: RouteStatus.ACCEPT,
    }


def test_sign_ups_from_before_get_a_weeks_notice(tmp_path: Path) -> None:
    """The migration that brought the pause: no sign-up without a payment method goes silent
    within a week of it, and each is reminded again with the new words."""
    now = datetime.now(UTC).replace(tzinfo=None)  # as SQLite gives it back
    rows = {  # trial end, reminder sent, payment method saved
        "over": (now - timedelta(days=1), now - timedelta(days=4), None),
        "ending": (now + timedelta(days=2), now - timedelta(hours=1), None),
        "later": (now + timedelta(days=20), None, None),
        "paying": (now - timedelta(days=1), now - timedelta(days=4), now - timedelta(days=5)),
        "staff-made": (None, None, None),
    }
    with sqlite_migrated_to(tmp_path / "before.db", "number_accounts") as (db, migrate_to):
        db.execute(
            TENANTS.insert(),
            [
                NEW_TENANT
                | {
                    "name": slug,
                    "slug": slug,
                    "trial_ends_at": end,
                    "trial_reminder_sent_at": reminded,
                    "payment_method_added_at": saved,
                }
                for slug, (end, reminded, saved) in rows.items()
            ],
        )
        migrate_to("payment_method_notice")
        after = {
            row.slug: (row.trial_ends_at, row.trial_reminder_sent_at)
            for row in db.execute(sa.select(TENANTS))
        }
    week = now + timedelta(days=7)
    for slug in ("over", "ending"):
        end, reminded = after[slug]
        assert week <= end < week + timedelta(minutes=5) and reminded is None, slug
    assert after["later"] == (rows["later"][0], None)
    assert after["paying"] == rows["paying"][:2]
    assert after["staff-made"] == (None, None)


NEW_TENANT = {
    "status": "active",
    "locale": "de-AT",
    "country": "AT",
    "currency": "EUR",
    "max_concurrent_calls": 5,
}
TENANTS = sa.table(
    "tenants",
    sa.column("name", sa.String),
    sa.column("slug", sa.String),
    sa.column("status", sa.String),
    sa.column("locale", sa.String),
    sa.column("country", sa.String),
    sa.column("currency", sa.String),
    sa.column("max_concurrent_calls", sa.Integer),
    sa.column("trial_ends_at", sa.DateTime(timezone=True)),
    sa.column("trial_reminder_sent_at", sa.DateTime(timezone=True)),
    sa.column("payment_method_added_at", sa.DateTime(timezone=True)),
)
