"""The e-mail outbox: a message is stored with the change that caused it and sent later,
so a failed send never loses it and a rolled-back change never sends it."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, IdMixin, Moment, OptionallyTenantOwned, TimestampMixin, enum_type


class EmailStatus(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class OutboundEmail(IdMixin, TimestampMixin, OptionallyTenantOwned, Base):
    __tablename__ = "outbound_emails"
    __table_args__ = (
        Index("ix_outbound_emails_tenant_id_created_at", "tenant_id", "created_at"),
        Index("ix_outbound_emails_status", "status"),
    )

    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body_text: Mapped[str] = mapped_column(Text)
    status: Mapped[EmailStatus] = mapped_column(
        enum_type(EmailStatus, "email_status"), default=EmailStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(Moment)
