"""a sign-up's trial: when it ends, and when its reminder was queued

Revision ID: trial
Revises: default_price_plan
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "trial"
down_revision = "default_price_plan"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("tenants") as batch:
        batch.add_column(sa.Column("trial_ends_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(
            sa.Column("trial_reminder_sent_at", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade():
    with op.batch_alter_table("tenants") as batch:
        batch.drop_column("trial_reminder_sent_at")
        batch.drop_column("trial_ends_at")
