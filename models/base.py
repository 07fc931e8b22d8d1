"""Declarative base, shared column types and the mixins every entity uses."""

from __future__ import annotations

import enum
from datetime import UTC, datetime

from sqlalchemy import BigInteger, DateTime, Dialect, Enum, ForeignKey, Integer, MetaData, func
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column
from sqlalchemy.types import TypeDecorator

# Stable constraint names, so migrations can name what they alter (and SQLite batch mode works).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# BIGINT on PostgreSQL; on SQLite only INTEGER PRIMARY KEY auto-increments.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class _UtcOnSqlite(TypeDecorator[datetime]):
    """SQLite keeps a moment as text without its zone: it goes in as UTC and comes back as
    aware UTC, as PostgreSQL's timestamptz hands it back. Without it the embedded database
    (`make run`) gave naive times, which the API wrote without an offset."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is not None:
            return value.astimezone(UTC)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None else value


# A moment in time: timestamptz on PostgreSQL (no conversion in Python there), UTC on SQLite.
Moment = DateTime(timezone=True).with_variant(_UtcOnSqlite(), "sqlite")


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def enum_type(enum_class: type[enum.Enum], name: str) -> Enum:
    """A portable enum: VARCHAR plus a CHECK constraint, storing the members' values."""
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class IdMixin:
    id: Mapped[int] = mapped_column(BigId, primary_key=True)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(Moment, default=utcnow, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        Moment, default=utcnow, onupdate=utcnow, server_default=func.now()
    )


class TenantOwned:
    """Marks a table whose rows belong to one tenant.

    A tenant-bound session (models.scoping) filters every SELECT on these classes by
    `tenant_id`, stamps it on new rows and refuses writes that name another tenant.
    Each table declares its own composite indexes, tenant_id first.
    A few tables (users, credentials, audit) also hold platform rows with no tenant: a
    tenant session never sees those.
    """

    @declared_attr
    def tenant_id(cls) -> Mapped[int]:
        return mapped_column(BigId, ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False)


class OptionallyTenantOwned(TenantOwned):
    """Tenant-owned rows next to platform-wide rows (tenant_id NULL)."""

    @declared_attr
    def tenant_id(cls) -> Mapped[int | None]:  # type: ignore[override]
        return mapped_column(BigId, ForeignKey("tenants.id", ondelete="CASCADE"), nullable=True)
