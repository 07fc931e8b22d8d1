"""When a tenant takes bookings: its rules (closed days, how far ahead, how much notice) and
the test of one time against them.

A slot lies inside the opening hours of a bot that offers the service (its
`business_hours`, Vienna time), not on a closed day, at least `min_notice_minutes` ahead and
at most `horizon_days` ahead. Callers (phone) and the API are held to them; the owner booking
by hand in the portal is not (a favour at 19:00 is theirs to give) — capacity holds for all
(services.booking_places). Nobody books a time that has passed, the owner included: the book
holds appointments to come, and the caller would get a confirmation for a time gone by. The
owner may still enter a walk-in who came in within the last hour (`WALK_IN_HOUR`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.catalogue import N_
from models import BookingRules, BookingSource, User
from services.audit import record_audit
from services.availability import fits_a_window, opening_windows
from services.errors import ValidationFailed
from services.permissions import Action, require
from services.vienna_time import vienna_day

MAX_HORIZON_DAYS = 730
MAX_NOTICE_MINUTES = 30 * 24 * 60
MAX_CLOSED_DAYS = 366
# A list or availability request covers at most this many days.
MAX_RANGE_DAYS = 62
# Days the platform can hold bookings for (keeps date arithmetic far from year 9999).
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)
DEFAULT_HORIZON_DAYS, DEFAULT_NOTICE_MINUTES = 60, 60
WALK_IN_HOUR = timedelta(hours=1)

# Message ids: the front doors translate them.
NOT_OPEN = N_("We are not open at this time.")
CLOSED_DAY = N_("We are closed on this day.")
TOO_SOON = N_("This time is too soon to book.")
TOO_FAR = N_("This time is too far ahead to book.")
IN_THE_PAST = N_("This time has passed.")
RANGE_TOO_LONG = N_("Please choose at most 62 days.")
RANGE_BACKWARDS = N_("The last day must not be before the first.")
DAY_OUT_OF_RANGE = N_("Please choose a day between 2000 and 2100.")


@dataclass
class RulesSpec:
    closed_days: list[date] = field(default_factory=list)
    horizon_days: int = DEFAULT_HORIZON_DAYS
    min_notice_minutes: int = DEFAULT_NOTICE_MINUTES

    @classmethod
    def from_rules(cls, rules: BookingRules) -> RulesSpec:
        return cls(
            closed_days=[date.fromisoformat(d) for d in rules.closed_days or []],
            horizon_days=rules.horizon_days,
            min_notice_minutes=rules.min_notice_minutes,
        )


def booking_rules(*, session: Session) -> RulesSpec:
    """The tenant's rules, or the defaults when it has set none."""
    rules = session.scalars(select(BookingRules)).first()
    return RulesSpec.from_rules(rules) if rules else RulesSpec()


def update_booking_rules(*, session: Session, spec: RulesSpec, actor: User) -> RulesSpec:
    require(actor, Action.SERVICES)
    errors = {}
    if not 1 <= spec.horizon_days <= MAX_HORIZON_DAYS:
        errors["horizon_days"] = N_("Please choose between 1 and 730 days.")
    if not 0 <= spec.min_notice_minutes <= MAX_NOTICE_MINUTES:
        errors["min_notice_minutes"] = N_("Please choose between 0 minutes and 30 days.")
    if len(spec.closed_days) > MAX_CLOSED_DAYS or any(
        not FIRST_DAY <= d <= LAST_DAY for d in spec.closed_days
    ):
        errors["closed_days"] = N_("Please list at most 366 days between 2000 and 2100.")
    if errors:
        raise ValidationFailed(errors)
    rules = session.scalars(select(BookingRules)).first()
    before = _rules_columns(RulesSpec.from_rules(rules)) if rules else None
    if rules is None:
        rules = BookingRules(tenant_id=actor.tenant_id)
        session.add(rules)
    for name, value in _rules_columns(spec).items():
        setattr(rules, name, value)
    session.flush()
    record_audit(
        session=session,
        actor=actor,
        action="booking_rules.updated",
        entity_type="BookingRules",
        entity_id=rules.id,
        tenant_id=rules.tenant_id,
        before=before,
        after=_rules_columns(spec),
    )
    return RulesSpec.from_rules(rules)


def _rules_columns(spec: RulesSpec) -> dict[str, Any]:
    return {
        "closed_days": sorted({d.isoformat() for d in spec.closed_days}),
        "horizon_days": spec.horizon_days,
        "min_notice_minutes": spec.min_notice_minutes,
    }


def check_time(
    rules: RulesSpec,
    hours: list[dict],
    start: datetime,
    end: datetime,
    *,
    source: BookingSource,
    now: datetime,
) -> None:
    """Raise ValidationFailed (on `start`) unless a booking from `source` may take [start,
    end) under the rules and inside the opening `hours` (bots' `business_hours`)."""
    if not FIRST_DAY <= vienna_day(start) <= LAST_DAY:
        raise ValidationFailed({"start": DAY_OUT_OF_RANGE})
    if source is BookingSource.PORTAL:
        if start < now - WALK_IN_HOUR:
            raise ValidationFailed({"start": IN_THE_PAST})
        return  # otherwise the owner books by hand as they see fit; capacity still holds
    problem = rule_problem(start, rules, now)
    if problem is None and vienna_day(start) in rules.closed_days:
        problem = CLOSED_DAY
    if problem is None:
        windows = opening_windows(vienna_day(start), hours)
        if not fits_a_window(start, end, windows):
            problem = NOT_OPEN
    if problem:
        raise ValidationFailed({"start": problem})


def rule_problem(start: datetime, rules: RulesSpec, now: datetime) -> str | None:
    if start < now:
        return IN_THE_PAST
    if start < now + timedelta(minutes=rules.min_notice_minutes):
        return TOO_SOON
    if vienna_day(start) > vienna_day(now) + timedelta(days=rules.horizon_days):
        return TOO_FAR
    return None


def check_range(day_from: date, day_to: date, *, field_from: str = "date_from") -> None:
    if not (FIRST_DAY <= day_from <= LAST_DAY and FIRST_DAY <= day_to <= LAST_DAY):
        raise ValidationFailed({field_from: DAY_OUT_OF_RANGE})
    if day_to < day_from:
        raise ValidationFailed({field_from: RANGE_BACKWARDS})
    if (day_to - day_from).days >= MAX_RANGE_DAYS:
        raise ValidationFailed({field_from: RANGE_TOO_LONG})
