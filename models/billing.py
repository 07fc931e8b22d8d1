"""Usage, invoices, and the provider webhook events we have processed."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    false,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, BigId, IdMixin, Moment, TenantOwned, TimestampMixin, enum_type, utcnow


class UsageKind(enum.StrEnum):
    CALL_SECONDS = "call_seconds"
    NUMBER_DAYS = "number_days"
    TTS_CHARACTERS = "tts_characters"
    STT_SECONDS = "stt_seconds"


class UsageEvent(IdMixin, TenantOwned, Base):
    """Append-only metering. The idempotency key makes a repeated report a no-op."""

    __tablename__ = "usage_events"
    __table_args__ = (
        Index("ix_usage_events_tenant_id_occurred_at", "tenant_id", "occurred_at"),
        CheckConstraint("quantity >= 0", name="quantity_non_negative"),
    )

    # No foreign keys: events outlive the bots and calls they measured, and are written in
    # bulk, where a key checks its reference once per event. Their tenant is checked once per
    # inserted batch by a trigger, which also takes them along when their tenant is deleted
    # (migration usage_tenant_per_batch).
    tenant_id: Mapped[int] = mapped_column(BigId, nullable=False)
    bot_id: Mapped[int | None] = mapped_column(BigId)
    call_id: Mapped[int | None] = mapped_column(BigId)
    kind: Mapped[UsageKind] = mapped_column(enum_type(UsageKind, "usage_kind"))
    quantity: Mapped[int] = mapped_column(BigInteger)
    occurred_at: Mapped[datetime] = mapped_column(Moment)
    # Byte order on PostgreSQL: the unique index checks every ingested event against it, and
    # keys are machine-made (migration usage_key_collation).
    idempotency_key: Mapped[str] = mapped_column(
        String(200).with_variant(String(200, collation="C"), "postgresql"), unique=True
    )
    created_at: Mapped[datetime] = mapped_column(Moment, default=utcnow, server_default=func.now())


class UsageDay(IdMixin, TenantOwned, Base):
    """Usage summed per Vienna day, bot and kind: what the portal's dashboard, usage page and
    API read instead of scanning every event (SQLite, development only: the UTC day).

    Kept by the database itself, in the transaction that stores the events: a trigger on
    usage_events adds each inserted statement's events here (migration usage_days), so every
    writer — the ingest's COPY, the ORM, a bulk load — keeps the two equal. Usage events are
    append-only; nothing deletes one but its tenant's deletion, which takes these rows too.
    On SQLite a bot-less day gets a row per event (NULLs are distinct there): sums still agree.
    """

    __tablename__ = "usage_days"
    __table_args__ = (
        UniqueConstraint("tenant_id", "day", "kind", "bot_id", postgresql_nulls_not_distinct=True),
    )

    day: Mapped[date] = mapped_column(Date)
    bot_id: Mapped[int | None] = mapped_column(BigId)
    kind: Mapped[UsageKind] = mapped_column(enum_type(UsageKind, "usage_kind"))
    quantity: Mapped[int] = mapped_column(BigInteger)
    events: Mapped[int] = mapped_column(BigInteger)


class InvoiceStatus(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    PAID = "paid"
    VOID = "void"
    UNCOLLECTIBLE = "uncollectible"


class Invoice(IdMixin, TimestampMixin, TenantOwned, Base):
    """Our invoice is the source of truth; Stripe's copy collects the money."""

    __tablename__ = "invoices"
    __table_args__ = (
        UniqueConstraint("tenant_id", "period_start", "period_end"),
        Index("ix_invoices_tenant_id_status", "tenant_id", "status"),
        CheckConstraint("total_cents = subtotal_cents + tax_cents", name="total_adds_up"),
    )

    number: Mapped[str] = mapped_column(String(40), unique=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)  # exclusive
    status: Mapped[InvoiceStatus] = mapped_column(
        enum_type(InvoiceStatus, "invoice_status"), default=InvoiceStatus.DRAFT
    )
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    subtotal_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    # Basis points: 2000 = Austrian VAT of 20 %.
    tax_rate_bp: Mapped[int] = mapped_column(Integer, default=2000)
    tax_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    total_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    stripe_invoice_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    hosted_invoice_url: Mapped[str | None] = mapped_column(String(500))
    # Set before Stripe is asked for a draft: a rerun that finds it looks for that draft.
    stripe_sync_started_at: Mapped[datetime | None] = mapped_column(Moment)
    issued_at: Mapped[datetime | None] = mapped_column(Moment)
    due_at: Mapped[datetime | None] = mapped_column(Moment)
    paid_at: Mapped[datetime | None] = mapped_column(Moment)
    # 0 % VAT: an EU business outside Austria owes it (services/vat.py).
    reverse_charge: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Who sold to whom, as they were when the invoice was issued (services/invoice_document):
    # a later move or a new name never changes an issued invoice.
    seller_details: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    customer_details: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Below Stripe's minimum charge (services/minimum_charge.py): this invoice waits to be
    # collected with the company's next one (carried_to_invoice_id, once there is one);
    # uncollectible with this set: written off, as no invoice followed.
    carried_forward_at: Mapped[datetime | None] = mapped_column(Moment)
    carried_to_invoice_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("invoices.id", ondelete="SET NULL")
    )
    # On the invoice that collects them: the gross amounts carried in (their VAT is on them).
    carried_in_cents: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")

    lines: Mapped[list[InvoiceLine]] = relationship(
        back_populates="invoice", order_by="InvoiceLine.position", passive_deletes=True
    )

    carried_to: Mapped[Invoice | None] = relationship(
        remote_side="Invoice.id", back_populates="carried_from"
    )
    carried_from: Mapped[list[Invoice]] = relationship(
        back_populates="carried_to", order_by="Invoice.id"
    )

    @property
    def amount_due_cents(self) -> int:
        """What is to be paid with this invoice: its total and what was carried into it."""
        return self.total_cents + self.carried_in_cents

    def __repr__(self) -> str:
        return f"<Invoice {self.number} {self.status.value}>"


class InvoiceNumberCounter(Base):
    """The last invoice number given out in a year (services.invoice_numbers). Platform-wide:
    our invoices are numbered in one series, whoever they are addressed to."""

    __tablename__ = "invoice_number_counters"
    __table_args__ = (CheckConstraint("last_number >= 0", name="last_number_non_negative"),)

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(BigInteger, default=0)


class SpendingAlert(IdMixin, TenantOwned, Base):
    """A spending-limit e-mail sent for a month (services/spending.py): one row per tenant,
    month and level (80 or 100 %), so each goes out once, however many runs see it."""

    __tablename__ = "spending_alerts"
    __table_args__ = (UniqueConstraint("tenant_id", "month", "level"),)

    month: Mapped[date] = mapped_column(Date)  # the month's first day
    level: Mapped[int] = mapped_column(Integer)  # percent of the limit
    spent_cents: Mapped[int] = mapped_column(BigInteger)
    limit_cents: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(Moment, default=utcnow, server_default=func.now())


class PlanTerm(IdMixin, TenantOwned, Base):
    """A span in which a tenant held a price plan (services/subscriptions.py): the invoice
    run bills a month for exactly the days and calls inside its terms. A plan change closes
    one term and opens the next; staff taking a plan away, or a customer's cancellation,
    gives the open term its end. Terms of one tenant never overlap."""

    __tablename__ = "plan_terms"
    __table_args__ = (
        Index("ix_plan_terms_tenant_id_starts_at", "tenant_id", "starts_at"),
        CheckConstraint("ends_at IS NULL OR ends_at >= starts_at", name="ends_after_start"),
    )

    price_plan_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("price_plans.id", ondelete="RESTRICT")
    )
    starts_at: Mapped[datetime] = mapped_column(Moment)
    ends_at: Mapped[datetime | None] = mapped_column(Moment)  # exclusive
    # The customer cancelled in the portal: the term ends at a month's end, and then the
    # company's numbers are released (wound_up_at). Staff ending a plan sets neither.
    cancelled_at: Mapped[datetime | None] = mapped_column(Moment)
    wound_up_at: Mapped[datetime | None] = mapped_column(Moment)
    created_at: Mapped[datetime] = mapped_column(Moment, default=utcnow, server_default=func.now())


class InvoiceLineKind(enum.StrEnum):
    BASE_FEE = "base_fee"
    MINUTES = "minutes"
    NUMBER_FEE = "number_fee"
    ADJUSTMENT = "adjustment"


class InvoiceLine(IdMixin, TenantOwned, Base):
    __tablename__ = "invoice_lines"
    __table_args__ = (Index("ix_invoice_lines_tenant_id_invoice_id", "tenant_id", "invoice_id"),)

    invoice_id: Mapped[int] = mapped_column(BigId, ForeignKey("invoices.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[InvoiceLineKind] = mapped_column(enum_type(InvoiceLineKind, "invoice_line_kind"))
    description: Mapped[str] = mapped_column(String(300))
    quantity: Mapped[int] = mapped_column(BigInteger, default=1)
    unit_amount_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    amount_cents: Mapped[int] = mapped_column(BigInteger)

    invoice: Mapped[Invoice] = relationship(back_populates="lines")


class WebhookEvent(IdMixin, Base):
    """A provider event we have processed; the unique id makes redelivery a no-op."""

    __tablename__ = "webhook_events"
    __table_args__ = (UniqueConstraint("provider", "event_id"),)

    provider: Mapped[str] = mapped_column(String(20))
    event_id: Mapped[str] = mapped_column(String(255))
    event_type: Mapped[str] = mapped_column(String(100))
    received_at: Mapped[datetime] = mapped_column(Moment, default=utcnow, server_default=func.now())
    processed_at: Mapped[datetime | None] = mapped_column(Moment)
