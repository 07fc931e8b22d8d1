"""minimum charge: invoices below Stripe's 0,50 € are carried to the next one
(invoices.carried_forward_at, carried_to_invoice_id, carried_in_cents)

Revision ID: minimum_charge
Revises: plan_terms
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "minimum_charge"
down_revision = "plan_terms"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade():
    with op.batch_alter_table("invoices") as batch:
        batch.add_column(sa.Column("carried_forward_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("carried_to_invoice_id", BigId, nullable=True))
        batch.add_column(
            sa.Column("carried_in_cents", sa.BigInteger(), server_default="0", nullable=False)
        )
        batch.create_foreign_key(
            batch.f("fk_invoices_carried_to_invoice_id_invoices"),
            "invoices",
            ["carried_to_invoice_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("invoices") as batch:
        batch.drop_constraint(
            batch.f("fk_invoices_carried_to_invoice_id_invoices"), type_="foreignkey"
        )
        batch.drop_column("carried_in_cents")
        batch.drop_column("carried_to_invoice_id")
        batch.drop_column("carried_forward_at")
