"""plan terms: the spans in which a company held a price plan (services/subscriptions.py),
behind row security; every company with a plan gets one from its creation

Revision ID: plan_terms
Revises: payment_method_notice
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

from models.row_security import protect_table, unprotect_table

revision = "plan_terms"
down_revision = "payment_method_notice"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade():
    op.create_table(
        "plan_terms",
        sa.Column("price_plan_id", BigId, nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("wound_up_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("id", BigId, nullable=False),
        sa.Column("tenant_id", BigId, nullable=False),
        sa.CheckConstraint(
            "ends_at IS NULL OR ends_at >= starts_at",
            name=op.f("ck_plan_terms_ends_after_start"),
        ),
        sa.ForeignKeyConstraint(
            ["price_plan_id"],
            ["price_plans.id"],
            name=op.f("fk_plan_terms_price_plan_id_price_plans"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_plan_terms_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_terms")),
    )
    op.create_index(
        "ix_plan_terms_tenant_id_starts_at", "plan_terms", ["tenant_id", "starts_at"], unique=False
    )
    # What we know of the past: a company's plan held from its creation (the base fee was
    # charged so until now, so no invoice already issued disagrees).
    op.execute(
        "INSERT INTO plan_terms (tenant_id, price_plan_id, starts_at)"
        " SELECT id, price_plan_id, created_at FROM tenants WHERE price_plan_id IS NOT NULL"
    )
    if op.get_bind().dialect.name == "postgresql":
        for statement in protect_table("plan_terms"):
            op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for statement in unprotect_table("plan_terms"):
            op.execute(statement)
    op.drop_index("ix_plan_terms_tenant_id_starts_at", table_name="plan_terms")
    op.drop_table("plan_terms")
