"""Support tickets between customers and platform staff."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, BigId, IdMixin, Moment, TenantOwned, TimestampMixin, enum_type
from models.tenancy import User


class TicketStatus(enum.StrEnum):
    OPEN = "open"
    WAITING_ON_CUSTOMER = "waiting_on_customer"
    RESOLVED = "resolved"
    CLOSED = "closed"


class TicketPriority(enum.StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class SupportTicket(IdMixin, TimestampMixin, TenantOwned, Base):
    __tablename__ = "support_tickets"
    __table_args__ = (
        Index("ix_support_tickets_tenant_id_status", "tenant_id", "status"),
        # The staff queue sorts across tenants by status and priority.
        Index("ix_support_tickets_status_priority", "status", "priority"),
    )

    subject: Mapped[str] = mapped_column(String(200))
    status: Mapped[TicketStatus] = mapped_column(
        enum_type(TicketStatus, "ticket_status"), default=TicketStatus.OPEN
    )
    priority: Mapped[TicketPriority] = mapped_column(
        enum_type(TicketPriority, "ticket_priority"), default=TicketPriority.NORMAL
    )
    created_by_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("users.id", ondelete="SET NULL")
    )
    assignee_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("users.id", ondelete="SET NULL")
    )
    last_message_at: Mapped[datetime | None] = mapped_column(Moment)
    closed_at: Mapped[datetime | None] = mapped_column(Moment)

    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    messages: Mapped[list[TicketMessage]] = relationship(
        back_populates="ticket", order_by="TicketMessage.created_at", passive_deletes=True
    )

    def __repr__(self) -> str:
        return f"<SupportTicket {self.id} {self.status.value}>"


class TicketMessage(IdMixin, TimestampMixin, TenantOwned, Base):
    """A reply in a ticket's thread. Internal notes are for staff and never shown to the
    customer (services.support filters them for customer-facing reads)."""

    __tablename__ = "ticket_messages"
    __table_args__ = (Index("ix_ticket_messages_tenant_id_ticket_id", "tenant_id", "ticket_id"),)

    ticket_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("support_tickets.id", ondelete="CASCADE")
    )
    author_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("users.id", ondelete="SET NULL")
    )
    body: Mapped[str] = mapped_column(Text)
    is_internal: Mapped[bool] = mapped_column(Boolean, default=False)

    ticket: Mapped[SupportTicket] = relationship(back_populates="messages")
    author: Mapped[User | None] = relationship()
