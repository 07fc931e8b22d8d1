"""(tenant_id, id) indexes for the back office's cursor-paged lists of the big tables

Revision ID: list_indexes
Revises: api_tokens
Create Date: 2026-11-26
"""

from alembic import op

revision = "list_indexes"
down_revision = "api_tokens"
branch_labels = None
depends_on = None

TABLES = ("calls", "call_turns", "usage_events", "audit_events")


def upgrade():
    for table in TABLES:
        op.create_index(f"ix_{table}_tenant_id_id", table, ["tenant_id", "id"])


def downgrade():
    for table in TABLES:
        op.drop_index(f"ix_{table}_tenant_id_id", table_name=table)
