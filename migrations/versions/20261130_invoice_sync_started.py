"""invoices.stripe_sync_started_at: a sync has asked Stripe for the invoice's draft

Revision ID: invoice_sync_started
Revises: call_summary
Create Date: 2026-11-30

A later run that finds it set, but no Stripe id, looks for the draft before making one.
"""

import sqlalchemy as sa
from alembic import op

revision = "invoice_sync_started"
down_revision = "call_summary"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("invoices") as batch:
        batch.add_column(
            sa.Column("stripe_sync_started_at", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade():
    with op.batch_alter_table("invoices") as batch:
        batch.drop_column("stripe_sync_started_at")
