"""the appointment book: services, booking rules, bookings

Revision ID: bookings
Revises: webhooks
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "bookings"
down_revision = "webhooks"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _common(table: str) -> list:
    return [
        sa.Column("id", BigId, nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("tenant_id", BigId, nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f(f"fk_{table}_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def upgrade():
    op.create_table(
        "services",
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("price_cents", sa.Integer(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("bot_ids", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        *_common("services"),
        sa.CheckConstraint("duration_minutes > 0", name=op.f("ck_services_duration_positive")),
        sa.CheckConstraint("capacity > 0", name=op.f("ck_services_capacity_positive")),
        sa.CheckConstraint("price_cents >= 0", name=op.f("ck_services_price_not_negative")),
    )
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.create_index("ix_services_tenant_id_active", ["tenant_id", "active"])

    op.create_table(
        "booking_rules",
        sa.Column("closed_days", sa.JSON(), nullable=False),
        sa.Column("horizon_days", sa.Integer(), nullable=False),
        sa.Column("min_notice_minutes", sa.Integer(), nullable=False),
        *_common("booking_rules"),
        sa.UniqueConstraint("tenant_id", name=op.f("uq_booking_rules_tenant_id")),
    )

    op.create_table(
        "bookings",
        sa.Column("service_id", BigId, nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("caller_name", sa.String(length=120), nullable=False),
        sa.Column("caller_phone", sa.String(length=20), nullable=False),
        sa.Column("party_size", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            _enum("booking_status", "booked", "moved", "cancelled", "no_show"),
            nullable=False,
        ),
        sa.Column("source", _enum("booking_source", "phone", "portal", "api"), nullable=False),
        sa.Column("call_id", BigId, nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        *_common("bookings"),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["services.id"],
            name=op.f("fk_bookings_service_id_services"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["call_id"], ["calls.id"], name=op.f("fk_bookings_call_id_calls"), ondelete="SET NULL"
        ),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_bookings_ends_after_start")),
    )
    with op.batch_alter_table("bookings", schema=None) as batch_op:
        batch_op.create_index("ix_bookings_tenant_id_starts_at", ["tenant_id", "starts_at"])
        batch_op.create_index("ix_bookings_service_id_starts_at", ["service_id", "starts_at"])
        batch_op.create_index("ix_bookings_tenant_id_caller_phone", ["tenant_id", "caller_phone"])


def downgrade():
    op.drop_table("bookings")
    op.drop_table("booking_rules")
    op.drop_table("services")
