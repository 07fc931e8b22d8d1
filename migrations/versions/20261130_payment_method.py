"""tenants.payment_method_added_at: when a payment method was saved through Stripe Checkout

Revision ID: payment_method
Revises: number_registration
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "payment_method"
down_revision = "number_registration"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("tenants") as batch:
        batch.add_column(
            sa.Column("payment_method_added_at", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade():
    with op.batch_alter_table("tenants") as batch:
        batch.drop_column("payment_method_added_at")
