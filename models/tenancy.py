"""Tenants, their users and the price plans they are billed on."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import (
    Base,
    BigId,
    IdMixin,
    Moment,
    OptionallyTenantOwned,
    TenantOwned,
    TimestampMixin,
    enum_type,
)


class Role(enum.StrEnum):
    PLATFORM_ADMIN = "platform_admin"
    SUPPORT = "support"
    CUSTOMER_ADMIN = "customer_admin"
    CUSTOMER_USER = "customer_user"

    @property
    def is_staff(self) -> bool:
        return self in (Role.PLATFORM_ADMIN, Role.SUPPORT)


STAFF_ROLES = (Role.PLATFORM_ADMIN, Role.SUPPORT)
CUSTOMER_ROLES = (Role.CUSTOMER_ADMIN, Role.CUSTOMER_USER)


class TenantStatus(enum.StrEnum):
    ACTIVE = "active"
    PAST_DUE = "past_due"
    SUSPENDED = "suspended"


class PricePlan(IdMixin, TimestampMixin, Base):
    """What a tenant pays: a monthly base fee with included minutes, then per second."""

    __tablename__ = "price_plans"
    __table_args__ = (
        CheckConstraint(
            "monthly_fee_cents >= 0 AND included_minutes >= 0 AND per_minute_cents >= 0"
            " AND number_monthly_fee_cents >= 0",
            name="non_negative",
        ),
        # Exactly one plan is the default a self-service sign-up starts on
        # (services/price_plans.py moves the flag; the index refuses a second one).
        Index(
            "uq_price_plans_one_default",
            "is_default",
            unique=True,
            postgresql_where=text("is_default"),
            sqlite_where=text("is_default"),
        ),
    )

    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    monthly_fee_cents: Mapped[int] = mapped_column(Integer)
    included_minutes: Mapped[int] = mapped_column(Integer, default=0)
    # Billed per second: a call of 90 s at 12 ct/min costs 18 ct.
    per_minute_cents: Mapped[int] = mapped_column(Integer)
    number_monthly_fee_cents: Mapped[int] = mapped_column(Integer, default=0)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    is_default: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    def __repr__(self) -> str:
        return f"<PricePlan {self.code}>"


class Tenant(IdMixin, TimestampMixin, Base):
    """A customer business. Scoped by its own id in a tenant session."""

    __tablename__ = "tenants"
    __table_args__ = (
        CheckConstraint("max_concurrent_calls >= 0", name="concurrent_calls_non_negative"),
        CheckConstraint(
            "transcript_retention_days > 0 AND call_retention_months > 0"
            " AND booking_retention_months > 0 AND message_retention_days > 0",
            name="retention_positive",
        ),
    )

    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    status: Mapped[TenantStatus] = mapped_column(
        enum_type(TenantStatus, "tenant_status"), default=TenantStatus.ACTIVE
    )
    locale: Mapped[str] = mapped_column(String(10), default="de-AT")
    country: Mapped[str] = mapped_column(String(2), default="AT")
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    billing_email: Mapped[str | None] = mapped_column(String(254))
    # The address our invoices are made out to (§ 11 UStG), in `country`; the VAT id (UID)
    # makes an EU business outside Austria a reverse-charge customer (services/vat.py).
    billing_street: Mapped[str | None] = mapped_column(String(200))
    billing_postal_code: Mapped[str | None] = mapped_column(String(20))
    billing_city: Mapped[str | None] = mapped_column(String(100))
    vat_id: Mapped[str | None] = mapped_column(String(20))
    # Optional: net cost a month may reach before the bots stop taking calls (services/spending.py).
    spending_limit_cents: Mapped[int | None] = mapped_column(BigInteger)
    price_plan_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("price_plans.id", ondelete="SET NULL")
    )
    max_concurrent_calls: Mapped[int] = mapped_column(Integer, default=5)
    stripe_customer_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    past_due_since: Mapped[datetime | None] = mapped_column(Moment)
    suspended_at: Mapped[datetime | None] = mapped_column(Moment)
    # A self-service sign-up's trial (services/trial.py); None for tenants staff set up.
    trial_ends_at: Mapped[datetime | None] = mapped_column(Moment)
    # When a payment method was last saved through Stripe Checkout (services/payment_method.py):
    # a sign-up needs one for a second number and for its bots to answer after the trial.
    payment_method_added_at: Mapped[datetime | None] = mapped_column(Moment)
    # Set when the "your trial ends soon" e-mail was queued: it goes out once per tenant.
    trial_reminder_sent_at: Mapped[datetime | None] = mapped_column(Moment)
    # How long a caller's data is kept (services/retention.py; defaults in README "Privacy").
    transcript_retention_days: Mapped[int] = mapped_column(Integer, default=90, server_default="90")
    call_retention_months: Mapped[int] = mapped_column(Integer, default=13, server_default="13")
    booking_retention_months: Mapped[int] = mapped_column(Integer, default=13, server_default="13")
    message_retention_days: Mapped[int] = mapped_column(Integer, default=90, server_default="90")
    # Until when platform staff may read this tenant's transcripts without an open ticket:
    # granted by the tenant's administrator, for a few days, revocable (services/staff_access.py).
    staff_transcript_access_until: Mapped[datetime | None] = mapped_column(Moment)
    # Only engines that process in the EU (services/engine_regions.py).
    eu_processing_only: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The data processing agreement (Art. 28) the company accepted: version and time
    # (services/processing_agreement.py); empty for companies from before it existed.
    dpa_version: Mapped[str | None] = mapped_column(String(20))
    dpa_accepted_at: Mapped[datetime | None] = mapped_column(Moment)
    # The tenant's regulatory bundle at Twilio (its approved identity documents), which
    # staff attach; without one, numbers are bought with the platform's (TWILIO_BUNDLE_SID).
    twilio_bundle_sid: Mapped[str | None] = mapped_column(String(34))

    price_plan: Mapped[PricePlan | None] = relationship()
    users: Mapped[list[User]] = relationship(back_populates="tenant", passive_deletes=True)

    def __repr__(self) -> str:
        return f"<Tenant {self.slug}>"


class User(IdMixin, TimestampMixin, OptionallyTenantOwned, Base):
    """A person who logs in. Staff have no tenant; customers always have one."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(
            "(role IN ('platform_admin', 'support') AND tenant_id IS NULL)"
            " OR (role IN ('customer_admin', 'customer_user') AND tenant_id IS NOT NULL)",
            name="staff_without_tenant",
        ),
        Index("ix_users_tenant_id_role", "tenant_id", "role"),
    )

    # Stored lower-case; unique across the platform because one address logs in one way.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(enum_type(Role, "user_role"))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    locale: Mapped[str] = mapped_column(String(10), default="de-AT")
    # Part of every session id: bumping it (password, role change, "log out everywhere",
    # deactivation) ends every session made before.
    auth_epoch: Mapped[int] = mapped_column(Integer, default=0)
    last_login_at: Mapped[datetime | None] = mapped_column(Moment)
    # What a self-service sign-up accepted (services/signup.py); empty for people added by
    # staff or invited by their company.
    terms_version: Mapped[str | None] = mapped_column(String(20))
    terms_accepted_at: Mapped[datetime | None] = mapped_column(Moment)
    privacy_version: Mapped[str | None] = mapped_column(String(20))
    privacy_accepted_at: Mapped[datetime | None] = mapped_column(Moment)

    tenant: Mapped[Tenant | None] = relationship(back_populates="users")

    @property
    def is_staff(self) -> bool:
        return self.role.is_staff

    @property
    def customer_tenant_id(self) -> int:
        """The tenant of a customer account; staff have none (the database makes sure
        customers always do)."""
        if self.tenant_id is None:
            raise ValueError(f"{self!r} is staff and belongs to no tenant")
        return self.tenant_id

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role.value}>"


class TeamInvitation(IdMixin, TimestampMixin, TenantOwned, Base):
    """Someone a company's administrator invited, until they follow the e-mailed link and
    choose a password (services.team); only then are they a user. An invitation is not a user
    because its address may have an account elsewhere already, and nobody but the address's
    owner may learn that: the company sees every invitation the same way."""

    __tablename__ = "team_invitations"
    __table_args__ = (
        UniqueConstraint("tenant_id", "email"),
        CheckConstraint("role IN ('customer_admin', 'customer_user')", name="customer_role"),
    )

    email: Mapped[str] = mapped_column(String(254))  # lower-case, as users.email
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(enum_type(Role, "invitation_role"))
    locale: Mapped[str] = mapped_column(String(10), default="de-AT")  # the inviter's
    invited_by_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("users.id", ondelete="SET NULL")
    )

    def __repr__(self) -> str:
        return f"<TeamInvitation {self.email} {self.role.value}>"
