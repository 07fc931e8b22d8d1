"""spending limits: tenants.spending_limit_cents, and spending_alerts (one e-mail per tenant,
month and level) behind row security

Revision ID: spending_limit
Revises: eu_processing_only
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

from models.row_security import protect_table, unprotect_table

revision = "spending_limit"
down_revision = "eu_processing_only"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade():
    with op.batch_alter_table("tenants") as batch:
        batch.add_column(sa.Column("spending_limit_cents", sa.BigInteger(), nullable=True))
    op.create_table(
        "spending_alerts",
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("spent_cents", sa.BigInteger(), nullable=False),
        sa.Column("limit_cents", sa.BigInteger(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("id", BigId, nullable=False),
        sa.Column("tenant_id", BigId, nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_spending_alerts_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_spending_alerts")),
        sa.UniqueConstraint(
            "tenant_id", "month", "level", name=op.f("uq_spending_alerts_tenant_id_month_level")
        ),
    )
    if op.get_bind().dialect.name == "postgresql":
        for statement in protect_table("spending_alerts"):
            op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for statement in unprotect_table("spending_alerts"):
            op.execute(statement)
    op.drop_table("spending_alerts")
    with op.batch_alter_table("tenants") as batch:
        batch.drop_column("spending_limit_cents")
