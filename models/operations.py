"""What the platform does behind the scenes: provisioning jobs, stored credentials, audit."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, func, text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import (
    Base,
    BigId,
    IdMixin,
    Moment,
    OptionallyTenantOwned,
    TenantOwned,
    TimestampMixin,
    enum_type,
    utcnow,
)


class ProvisioningKind(enum.StrEnum):
    BUY_NUMBER = "buy_number"
    RELEASE_NUMBER = "release_number"


class ProvisioningStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class ProvisioningJob(IdMixin, TimestampMixin, TenantOwned, Base):
    """One provisioning intent. `intent` is written before the provider is called, so a
    retried job can reconcile what a killed attempt already did."""

    __tablename__ = "provisioning_jobs"
    __table_args__ = (
        Index("ix_provisioning_jobs_tenant_id_status", "tenant_id", "status"),
        Index("ix_provisioning_jobs_status", "status"),
    )

    bot_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("bots.id", ondelete="SET NULL"))
    phone_number_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("phone_numbers.id", ondelete="SET NULL")
    )
    kind: Mapped[ProvisioningKind] = mapped_column(enum_type(ProvisioningKind, "provisioning_kind"))
    status: Mapped[ProvisioningStatus] = mapped_column(
        enum_type(ProvisioningStatus, "provisioning_status"), default=ProvisioningStatus.QUEUED
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    # Why a purchase failed for good, as a key the portal words for the customer
    # (integrations.telephony.RegistrationProblem.reason); last_error is for staff.
    failure_reason: Mapped[str | None] = mapped_column(String(40))
    rq_job_id: Mapped[str | None] = mapped_column(String(64))
    intent: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    finished_at: Mapped[datetime | None] = mapped_column(Moment)


class Provider(enum.StrEnum):
    STRIPE = "stripe"
    OPENAI = "openai"
    TWILIO = "twilio"
    GOOGLE = "google"
    ELEVENLABS = "elevenlabs"
    HEROKU = "heroku"


class ApiKey(IdMixin, TimestampMixin, OptionallyTenantOwned, Base):
    """An external-service credential, platform-wide (no tenant) or a tenant's own.

    Only the ciphertext and the last four characters are stored; services.credentials
    is the one place that decrypts, and only for integrations.
    """

    __tablename__ = "api_keys"
    __table_args__ = (
        Index(
            "uq_api_keys_platform_provider_name",
            "provider",
            "name",
            unique=True,
            postgresql_where=text("tenant_id IS NULL"),
            sqlite_where=text("tenant_id IS NULL"),
        ),
        Index("uq_api_keys_tenant_id_provider_name", "tenant_id", "provider", "name", unique=True),
    )

    provider: Mapped[Provider] = mapped_column(enum_type(Provider, "provider"))
    # What the value is for this provider, e.g. "secret_key", "account_sid", "auth_token".
    name: Mapped[str] = mapped_column(String(60), default="api_key")
    encrypted_value: Mapped[str] = mapped_column(Text)
    last4: Mapped[str] = mapped_column(String(4))
    created_by_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("users.id", ondelete="SET NULL")
    )

    @property
    def masked(self) -> str:
        return "••••••••" + self.last4

    def __repr__(self) -> str:  # never the value
        return f"<ApiKey {self.provider.value}/{self.name} {self.masked}>"


class AuditEvent(IdMixin, OptionallyTenantOwned, Base):
    """Who changed what, before and after (secrets masked). Append-only."""

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_tenant_id_created_at", "tenant_id", "created_at"),
        Index("ix_audit_events_created_at", "created_at"),
    )

    actor_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id", ondelete="SET NULL"))
    actor_email: Mapped[str | None] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(60))
    entity_type: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[str | None] = mapped_column(String(64))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    ip_address: Mapped[str | None] = mapped_column(String(45))
    created_at: Mapped[datetime] = mapped_column(Moment, default=utcnow, server_default=func.now())
