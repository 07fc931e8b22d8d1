"""The appointment book: what a tenant offers (services), its booking rules, and the bookings.

Times are stored in UTC (timezone-aware columns) and shown in Europe/Vienna time. Opening
hours are the offering bots' `business_hours`; the rest of the rules are per tenant.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, BigId, IdMixin, Moment, TenantOwned, TimestampMixin, enum_type


class Service(IdMixin, TimestampMixin, TenantOwned, Base):
    """Something that can be booked: a haircut, a table, a tour.

    `capacity` is how many bookings of it may overlap (chairs, tables, guides). `bot_ids`
    lists the bots that offer it on the phone; empty means every bot of the tenant. An
    archived service (`active` false) takes no new bookings and keeps its old ones.
    """

    __tablename__ = "services"
    __table_args__ = (
        Index("ix_services_tenant_id_active", "tenant_id", "active"),
        CheckConstraint("duration_minutes > 0", name="duration_positive"),
        CheckConstraint("capacity > 0", name="capacity_positive"),
        CheckConstraint("price_cents >= 0", name="price_not_negative"),
    )

    name: Mapped[str] = mapped_column(String(120))
    duration_minutes: Mapped[int] = mapped_column(Integer)
    price_cents: Mapped[int] = mapped_column(Integer, default=0)
    capacity: Mapped[int] = mapped_column(Integer, default=1)
    bot_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    def __repr__(self) -> str:
        return f"<Service {self.id} {self.name!r}>"


class BookingRules(IdMixin, TimestampMixin, TenantOwned, Base):
    """A tenant's booking rules; a tenant without a row has the defaults
    (services.booking_rules.booking_rules). `closed_days` is a list of ISO dates."""

    __tablename__ = "booking_rules"
    __table_args__ = (UniqueConstraint("tenant_id"),)

    closed_days: Mapped[list[str]] = mapped_column(JSON, default=list)
    horizon_days: Mapped[int] = mapped_column(Integer, default=60)
    min_notice_minutes: Mapped[int] = mapped_column(Integer, default=60)

    def __repr__(self) -> str:
        return f"<BookingRules tenant {self.tenant_id}>"


class BookingStatus(enum.StrEnum):
    BOOKED = "booked"
    MOVED = "moved"  # still on: it was moved to the time it has now
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"


# The statuses that take a place in the book.
HOLDING = (BookingStatus.BOOKED, BookingStatus.MOVED)


class BookingSource(enum.StrEnum):
    PHONE = "phone"
    PORTAL = "portal"
    API = "api"


class Booking(IdMixin, TimestampMixin, TenantOwned, Base):
    __tablename__ = "bookings"
    __table_args__ = (
        Index("ix_bookings_tenant_id_starts_at", "tenant_id", "starts_at"),
        # The overlap count under the service's lock reads this.
        Index("ix_bookings_service_id_starts_at", "service_id", "starts_at"),
        Index("ix_bookings_tenant_id_caller_phone", "tenant_id", "caller_phone"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
    )

    service_id: Mapped[int] = mapped_column(BigId, ForeignKey("services.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime] = mapped_column(Moment)
    ends_at: Mapped[datetime] = mapped_column(Moment)
    caller_name: Mapped[str] = mapped_column(String(120))
    caller_phone: Mapped[str] = mapped_column(String(20), default="")
    party_size: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[BookingStatus] = mapped_column(
        enum_type(BookingStatus, "booking_status"), default=BookingStatus.BOOKED
    )
    source: Mapped[BookingSource] = mapped_column(enum_type(BookingSource, "booking_source"))
    call_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("calls.id", ondelete="SET NULL"))
    cancelled_at: Mapped[datetime | None] = mapped_column(Moment)

    service: Mapped[Service] = relationship()

    def __repr__(self) -> str:
        return f"<Booking {self.id} {self.status.value}>"
