"""a summary line and its fields on every call

Revision ID: call_summary
Revises: messages
Create Date: 2026-11-30

`calls` is behind row security already; new columns need nothing more.
"""

import sqlalchemy as sa
from alembic import op

revision = "call_summary"
down_revision = "messages"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.add_column(sa.Column("summary", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("summary_fields", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.drop_column("summary_fields")
        batch_op.drop_column("summary")
