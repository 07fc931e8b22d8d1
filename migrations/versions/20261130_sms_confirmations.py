"""bots: SMS confirmations to callers who book, on by default

Revision ID: sms_confirmations
Revises: call_heartbeat
Create Date: 2026-11-30

`bots` is behind row security already; a new column needs nothing more.
"""

import sqlalchemy as sa
from alembic import op

revision = "sms_confirmations"
down_revision = "call_heartbeat"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("bots", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "sms_confirmations", sa.Boolean(), nullable=False, server_default=sa.true()
            )
        )


def downgrade():
    with op.batch_alter_table("bots", schema=None) as batch_op:
        batch_op.drop_column("sms_confirmations")
