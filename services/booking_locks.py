"""What makes bookers of the same time wait for each other: a lock on every quarter hour a
booking covers, per service, held until the booker's transaction ends.

Two bookings that overlap share at least one quarter hour, so their bookers queue one behind
the other and the second counts the first's booking (services.booking_places counts after
the lock). Bookers of other times of the same service do not wait: a rush on one afternoon
queues per time, not all behind one row. PostgreSQL: advisory transaction locks on the service and
the quarter hour, taken in ascending order (so two bookers never deadlock) in one statement,
released at commit or rollback. SQLite (development) lets one writer in at a time anyway: an
UPDATE that changes nothing takes its write lock.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import text, update
from sqlalchemy.orm import Session

from models import Service

QUARTER_S = 15 * 60
# A lock's key: the service id in the high bits, the quarter hour since 1970 in the low 24
# (479 years of quarter hours: keys repeat only for times that far apart).
_QUARTER_BITS = 24
_LOCK_QUARTERS = text(
    "SELECT pg_advisory_xact_lock(key) FROM unnest(CAST(:keys AS bigint[])) AS key"
)


def hold_times(session: Session, service_id: int, start: datetime, end: datetime) -> None:
    """Wait until no other transaction holds a time of the service that overlaps
    [start, end), then hold those times until this transaction ends."""
    if session.get_bind().dialect.name != "postgresql":
        session.execute(
            update(Service).where(Service.id == service_id).values(capacity=Service.capacity),
            execution_options={"synchronize_session": False},
        )
        return
    # One statement of fixed text, whatever the number of quarter hours: the driver sends
    # the keys as one array, and unnest hands them to the lock function in their order.
    session.execute(_LOCK_QUARTERS, {"keys": lock_keys(service_id, start, end)}).all()


def lock_keys(service_id: int, start: datetime, end: datetime) -> list[int]:
    """The advisory lock keys of [start, end) of the service, ascending."""
    first = int(start.timestamp()) // QUARTER_S
    last = (int(end.timestamp()) - 1) // QUARTER_S
    return sorted(
        (service_id << _QUARTER_BITS) | (quarter & ((1 << _QUARTER_BITS) - 1))
        for quarter in range(first, last + 1)
    )
