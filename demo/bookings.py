"""A demo tenant's appointment book: its services, and bookings from a week back to two
weeks ahead that respect the opening hours and each service's capacity."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from demo.content import BOOKING_NAMES, TenantSpec
from demo.report import SeedReport
from demo.tenants import BotLine
from models import Booking, BookingSource, BookingStatus, Service, Tenant
from services.availability import opening_windows, peak_overlap, starts_in

# The calendar runs from a week back to two weeks ahead, so `make run` shows a busy week.
BOOKING_DAYS_BACK, BOOKING_DAYS_AHEAD = 7, 14


def create_bookings(
    session: Session,
    rng: random.Random,
    tenant: Tenant,
    spec: TenantSpec,
    lines: list[BotLine],
    today: date,
    report: SeedReport,
) -> None:
    """The tenant's services, and bookings that respect their opening hours and capacity:
    most by phone, some by hand, a few cancelled, moved or missed."""
    if not spec.services:
        return
    hours = [bot.business_hours for _spec, bot, _number in lines]
    services = [
        Service(
            tenant_id=tenant.id,
            name=offer.name,
            duration_minutes=offer.duration_minutes,
            price_cents=offer.price_cents,
            capacity=offer.capacity,
            bot_ids=[],
            active=True,
        )
        for offer in spec.services
    ]
    session.add_all(services)
    session.flush()
    made = []
    for offset in range(-BOOKING_DAYS_BACK, BOOKING_DAYS_AHEAD + 1):
        day = today + timedelta(days=offset)
        windows = opening_windows(day, hours)
        for offer, service in zip(spec.services, services, strict=True):
            duration = timedelta(minutes=offer.duration_minutes)
            held: list[tuple[datetime, datetime]] = []
            starts = [s for s in starts_in(windows, duration) if s.start.minute % 30 == 0]
            wanted = rng.randint(0, round(2 * offer.bookings_per_open_day)) if windows else 0
            for slot in rng.sample(starts, min(wanted, len(starts))):
                if peak_overlap(held, slot.start, slot.end) >= service.capacity:
                    continue
                held.append((slot.start, slot.end))
                made.append(_booking(rng, tenant, service, slot.start, slot.end, offset))
    session.add_all(made)
    report.created["services"] += len(services)
    report.created["bookings"] += len(made)


def _booking(
    rng: random.Random,
    tenant: Tenant,
    service: Service,
    start: datetime,
    end: datetime,
    offset: int,
) -> Booking:
    source = BookingSource.PHONE if rng.random() < 0.7 else BookingSource.PORTAL
    status = BookingStatus.BOOKED
    roll = rng.random()
    if roll < 0.08:
        status = BookingStatus.CANCELLED
    elif roll < 0.15:
        status = BookingStatus.MOVED
    elif offset < 0 and roll < 0.18:
        status = BookingStatus.NO_SHOW
    booked_at = start - timedelta(days=rng.randint(1, 10), minutes=rng.randint(0, 600))
    return Booking(
        tenant_id=tenant.id,
        service_id=service.id,
        starts_at=start,
        ends_at=end,
        caller_name=rng.choice(BOOKING_NAMES),
        caller_phone=f"+43664{rng.randint(1000000, 9999999)}",
        party_size=None,
        status=status,
        source=source,
        cancelled_at=booked_at + timedelta(days=1) if status is BookingStatus.CANCELLED else None,
        created_at=booked_at,
    )
