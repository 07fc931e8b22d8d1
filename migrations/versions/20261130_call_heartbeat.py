"""a live call's heartbeat, and the outcome of a call whose runtime was lost

Revision ID: call_heartbeat
Revises: invoice_sync_started
Create Date: 2026-11-30

`calls.heartbeat_at` is stamped by the voice runtime while a call is live; the reaper
(services/call_reaper.py) closes a call whose stamp is old with the new outcome
`connection_lost`. `calls` is behind row security already.
"""

import sqlalchemy as sa
from alembic import op

revision = "call_heartbeat"
down_revision = "invoice_sync_started"
branch_labels = None
depends_on = None

OUTCOMES = [
    "resolved",
    "handed_over",
    "caller_hung_up",
    "silence_timeout",
    "max_length",
    "rejected",
    "error",
]


def _outcome(values):
    return sa.Enum(
        *values, name="call_outcome", native_enum=False, create_constraint=True, length=32
    )


def upgrade():
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.add_column(sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.alter_column(
            "outcome",
            existing_type=_outcome(OUTCOMES),
            type_=_outcome([*OUTCOMES, "connection_lost"]),
            existing_nullable=True,
        )


def downgrade():
    op.execute("UPDATE calls SET outcome = 'error' WHERE outcome = 'connection_lost'")
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.alter_column(
            "outcome",
            existing_type=_outcome([*OUTCOMES, "connection_lost"]),
            type_=_outcome(OUTCOMES),
            existing_nullable=True,
        )
        batch_op.drop_column("heartbeat_at")
