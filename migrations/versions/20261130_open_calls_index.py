"""an index of the calls still open, for the reaper

Revision ID: open_calls_index
Revises: processing_agreement
Create Date: 2026-11-30

The reaper (services/call_reaper.py) asks every few seconds which calls are still open
(`outcome IS NULL`); without this it read the whole `calls` table each time. Partial: only
the open calls are in it, so it stays small, and a heartbeat (which changes no indexed
column) still updates the row in place.
"""

import sqlalchemy as sa
from alembic import op

revision = "open_calls_index"
down_revision = "processing_agreement"
branch_labels = None
depends_on = None

OPEN = sa.text("outcome IS NULL")


def upgrade():
    with op.batch_alter_table("calls") as batch:
        batch.create_index("ix_calls_open", ["id"], postgresql_where=OPEN, sqlite_where=OPEN)


def downgrade():
    with op.batch_alter_table("calls") as batch:
        batch.drop_index("ix_calls_open", postgresql_where=OPEN, sqlite_where=OPEN)
