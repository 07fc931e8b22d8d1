"""Customer webhooks: where a tenant wants call events sent, and the outbox of deliveries.

A delivery row is written in the transaction that finishes the call, so a rolled-back call
sends nothing and a crash after the commit loses nothing; a job POSTs the due rows later
(services.call_events queues, services.webhook_delivery sends). The endpoint's signing
secret is stored encrypted (it must be read back to sign) and shown to the customer once,
when it is made.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, BigId, IdMixin, Moment, TenantOwned, TimestampMixin, enum_type


class WebhookEndpoint(IdMixin, TimestampMixin, TenantOwned, Base):
    __tablename__ = "webhook_endpoints"
    __table_args__ = (Index("ix_webhook_endpoints_tenant_id_enabled", "tenant_id", "enabled"),)

    url: Mapped[str] = mapped_column(String(500))
    encrypted_secret: Mapped[str] = mapped_column(Text)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)

    def __repr__(self) -> str:  # never the secret
        return f"<WebhookEndpoint {self.id} {'on' if self.enabled else 'off'}>"


class DeliveryStatus(enum.StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"


class WebhookDelivery(IdMixin, TimestampMixin, TenantOwned, Base):
    """One event for one endpoint. `event_id` is the same on every attempt, so the receiver
    can drop repeats; `call_id` makes queueing a call's event twice a no-op."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        UniqueConstraint("endpoint_id", "event_type", "call_id"),
        Index("ix_webhook_deliveries_tenant_id_created_at", "tenant_id", "created_at"),
        # The delivery job looks across tenants for what is due; never a tenant's query.
        Index("ix_webhook_deliveries_status_next_attempt_at", "status", "next_attempt_at"),
    )

    endpoint_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("webhook_endpoints.id", ondelete="CASCADE")
    )
    event_id: Mapped[str] = mapped_column(String(40), unique=True)
    event_type: Mapped[str] = mapped_column(String(60))
    # No foreign key: the record of what was sent outlives the call it was about.
    call_id: Mapped[int | None] = mapped_column(BigId)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[DeliveryStatus] = mapped_column(
        enum_type(DeliveryStatus, "webhook_delivery_status"), default=DeliveryStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_status_code: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(String(500))
    next_attempt_at: Mapped[datetime | None] = mapped_column(Moment)
    delivered_at: Mapped[datetime | None] = mapped_column(Moment)

    endpoint: Mapped[WebhookEndpoint] = relationship()

    def __repr__(self) -> str:
        return f"<WebhookDelivery {self.event_id} {self.event_type} {self.status.value}>"
