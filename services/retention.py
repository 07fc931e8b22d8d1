"""Retention: how long a tenant keeps its callers' data, and the nightly run that deletes or
anonymises what is older (README N_("Privacy")).

- transcripts (call turns), calls' summaries (they quote the caller) and the webhook
  deliveries that carried them: 90 days, then deleted;
- a call's caller number: 13 months, then cut to its country code ("+43"); the call stays,
  without a person, for usage and invoices;
- a finished booking's caller name and number: 13 months after it ended, then emptied;
- messages taken for the owner: 90 days, then deleted.

Invoices and usage events are never touched: they hold no caller, and the law wants them.

The run works per tenant, in a session bound to that tenant (row security holds every
statement to it), in batches of at most BATCH_SIZE rows, each its own short transaction: calls
walk the tenant's (tenant_id, id) index by id ranges, the smaller tables take the next batch
of what is still due until none is left. What a run has done is never due again, so a run that
died is resumed by the next one, and a second run changes nothing. Each run leaves one audit
event per tenant with its counts.
"""

from __future__ import annotations

import calendar
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, TextClause, select, text
from sqlalchemy.orm import Session, sessionmaker

from core.catalogue import Phrase
from models import Tenant, User
from models.base import utcnow
from models.scoping import tenant_session
from services.audit import record_audit
from services.caller_numbers import use_country_code_function
from services.errors import ValidationFailed
from services.permissions import Action, require
from services.tenant_settings import own_tenant

BATCH_SIZE = 5000
# What a tenant may choose: at least a day (or month), at most ten years.
LIMITS = {
    "transcript_days": (1, 3650),
    "call_months": (1, 120),
    "booking_months": (1, 120),
    "message_days": (1, 3650),
}
AUDIT_ACTION = "privacy.retention_applied"


@dataclass(frozen=True)
class RetentionSettings:
    transcript_days: int = 90
    call_months: int = 13
    booking_months: int = 13
    message_days: int = 90

    @classmethod
    def of(cls, tenant: Tenant) -> RetentionSettings:
        return cls(
            transcript_days=tenant.transcript_retention_days,
            call_months=tenant.call_retention_months,
            booking_months=tenant.booking_retention_months,
            message_days=tenant.message_retention_days,
        )


def retention_settings(*, session: Session) -> RetentionSettings:
    return RetentionSettings.of(own_tenant(session=session))


def update_retention(*, session: Session, actor: User, wanted: RetentionSettings) -> Tenant:
    """Administrators choose the periods; the next nightly run applies them."""
    require(actor, Action.PRIVACY)
    errors = {}
    for name, (low, high) in LIMITS.items():
        value = getattr(wanted, name)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            # One sentence per range, so the front doors can translate it.
            errors[name] = Phrase(
                "Please choose a whole number from {low} to {high}.", low=low, high=high
            )
    if errors:
        raise ValidationFailed(errors)
    tenant = own_tenant(session=session)
    before = RetentionSettings.of(tenant)
    tenant.transcript_retention_days = wanted.transcript_days
    tenant.call_retention_months = wanted.call_months
    tenant.booking_retention_months = wanted.booking_months
    tenant.message_retention_days = wanted.message_days
    session.flush()
    record_audit(
        session=session,
        actor=actor,
        action="privacy.retention_changed",
        entity_type="Tenant",
        entity_id=tenant.id,
        tenant_id=tenant.id,
        before=vars(before),
        after=vars(wanted),
    )
    return tenant


@dataclass(frozen=True)
class Cutoffs:
    """Data from before these moments is due."""

    transcripts: datetime
    calls: datetime
    bookings: datetime
    messages: datetime

    @classmethod
    def at(cls, now: datetime, settings: RetentionSettings) -> Cutoffs:
        return cls(
            transcripts=now - timedelta(days=settings.transcript_days),
            calls=months_before(now, settings.call_months),
            bookings=months_before(now, settings.booking_months),
            messages=now - timedelta(days=settings.message_days),
        )


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` earlier (the month's last day where it is shorter)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


# One batch of calls: the next BATCH_SIZE of the tenant's call ids after :after.
_NEXT_CALLS = text(
    "SELECT max(id) FROM (SELECT id FROM calls WHERE tenant_id = :tenant AND id > :after"
    " ORDER BY id LIMIT :size) AS batch"
)
_DELETE_TURNS = text(
    "DELETE FROM call_turns WHERE tenant_id = :tenant AND call_id IN (SELECT id FROM calls"
    " WHERE tenant_id = :tenant AND id > :after AND id <= :last AND started_at < :cutoff)"
)
# A call's summary quotes the caller's questions: it goes with the transcript.
_DROP_SUMMARIES = text(
    "UPDATE calls SET summary = NULL, summary_fields = NULL, left_questions = false,"
    " updated_at = :now"
    " WHERE tenant_id = :tenant AND id > :after AND id <= :last AND started_at < :cutoff"
    " AND (summary IS NOT NULL OR summary_fields IS NOT NULL)"
)
_CUT_NUMBERS = text(
    "UPDATE calls SET from_number = caller_country_code(from_number), updated_at = :now"
    " WHERE tenant_id = :tenant AND id > :after AND id <= :last AND started_at < :cutoff"
    " AND length(from_number) > 4"  # cut already: at most "+" and three digits
)
# The smaller tables: the next batch of what is still due, until nothing is.
_DELETE_DELIVERIES = text(
    "DELETE FROM webhook_deliveries WHERE id IN (SELECT id FROM webhook_deliveries"
    " WHERE tenant_id = :tenant AND created_at < :cutoff ORDER BY id LIMIT :size)"
)
_DELETE_MESSAGES = text(
    "DELETE FROM messages WHERE id IN (SELECT id FROM messages"
    " WHERE tenant_id = :tenant AND created_at < :cutoff ORDER BY id LIMIT :size)"
)
_EMPTY_BOOKINGS = text(
    "UPDATE bookings SET caller_name = '', caller_phone = '', updated_at = :now"
    " WHERE id IN (SELECT id FROM bookings WHERE tenant_id = :tenant AND ends_at < :cutoff"
    " AND (caller_name <> '' OR caller_phone <> '') ORDER BY id LIMIT :size)"
)


@dataclass(frozen=True)
class RetentionRun:
    tenant_id: int
    counts: dict[str, int]

    @property
    def changed(self) -> int:
        return sum(self.counts.values())


def apply_retention(
    *,
    session_factory: sessionmaker[Session],
    tenant_id: int,
    now: datetime | None = None,
    batch_size: int = BATCH_SIZE,
) -> RetentionRun:
    """Delete or anonymise what tenant `tenant_id` keeps past its periods, and record the
    run in the audit log. A tenant that no longer exists has nothing to do."""
    now = now or utcnow()
    counts: Counter[str] = Counter()
    with tenant_session(session_factory, tenant_id) as session:
        tenant = session.scalars(select(Tenant)).first()
        if tenant is None:
            return RetentionRun(tenant_id, {})
        settings = RetentionSettings.of(tenant)
        cutoffs = Cutoffs.at(now, settings)
        session.commit()
        _calls(session, tenant_id, cutoffs, now, batch_size, counts)
        values = {"tenant": tenant_id, "now": now, "size": batch_size}
        counts["webhook_deliveries_deleted"] = _until_done(
            session, _DELETE_DELIVERIES, {**values, "cutoff": cutoffs.transcripts}, batch_size
        )
        counts["messages_deleted"] = _until_done(
            session, _DELETE_MESSAGES, {**values, "cutoff": cutoffs.messages}, batch_size
        )
        counts["bookings_anonymised"] = _until_done(
            session, _EMPTY_BOOKINGS, {**values, "cutoff": cutoffs.bookings}, batch_size
        )
        record_audit(
            session=session,
            actor=None,
            action=AUDIT_ACTION,
            entity_type="Tenant",
            entity_id=tenant_id,
            tenant_id=tenant_id,
            after={
                **counts,
                "periods": vars(settings),
                "transcripts_before": cutoffs.transcripts.isoformat(),
                "calls_before": cutoffs.calls.isoformat(),
                "bookings_before": cutoffs.bookings.isoformat(),
                "messages_before": cutoffs.messages.isoformat(),
            },
        )
        session.commit()
    return RetentionRun(tenant_id, dict(counts))


def _calls(
    session: Session,
    tenant_id: int,
    cutoffs: Cutoffs,
    now: datetime,
    batch_size: int,
    counts: Counter[str],
) -> None:
    after = 0
    while True:
        connection = _connection(session)
        window = {"tenant": tenant_id, "after": after}
        last = connection.execute(_NEXT_CALLS, {**window, "size": batch_size}).scalar()
        if last is None:
            session.commit()
            return
        window["last"] = last
        counts["transcript_turns_deleted"] += _rows(
            connection.execute(_DELETE_TURNS, {**window, "cutoff": cutoffs.transcripts})
        )
        counts["summaries_deleted"] += _rows(
            connection.execute(
                _DROP_SUMMARIES, {**window, "cutoff": cutoffs.transcripts, "now": now}
            )
        )
        counts["caller_numbers_cut"] += _rows(
            connection.execute(_CUT_NUMBERS, {**window, "cutoff": cutoffs.calls, "now": now})
        )
        session.commit()
        after = last


def _until_done(
    session: Session, statement: TextClause, values: dict[str, object], batch_size: int
) -> int:
    done = 0
    while True:
        changed = _rows(_connection(session).execute(statement, values))
        session.commit()
        done += changed
        if changed < batch_size:
            return done


def _connection(session: Session) -> Connection:
    connection = session.connection()
    use_country_code_function(connection)
    return connection


def _rows(result: object) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


def tenants_due(*, session: Session) -> list[int]:
    """Every tenant, for the nightly run (a staff session)."""
    return list(session.scalars(select(Tenant.id).order_by(Tenant.id)))
