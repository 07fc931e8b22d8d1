"""calls that left a question unanswered: a flag kept with the summary's fields, and a
partial index of those calls, for the dashboard's list of open questions

Revision ID: call_left_questions
Revises: usage_days
Create Date: 2026-12-03

The calls stored so far are flagged from their fields.
"""

import sqlalchemy as sa
from alembic import op

revision = "call_left_questions"
down_revision = "usage_days"
branch_labels = None
depends_on = None

# CASE, not AND: PostgreSQL may evaluate AND's sides in any order, and json_array_length
# fails on anything but an array.
_FLAG_POSTGRESQL = """
UPDATE calls SET left_questions = true
WHERE CASE WHEN json_typeof(summary_fields -> 'unanswered_questions') = 'array'
           THEN json_array_length(summary_fields -> 'unanswered_questions') > 0
           ELSE false END
"""
# SQLite's json_array_length is 0 for anything but an array, NULL where there is no list.
_FLAG_SQLITE = """
UPDATE calls SET left_questions = 1
WHERE json_array_length(summary_fields, '$.unanswered_questions') > 0
"""


def upgrade():
    with op.batch_alter_table("calls") as batch:
        batch.add_column(
            sa.Column(
                "left_questions", sa.Boolean(), nullable=False, server_default=sa.text("false")
            )
        )
    postgresql = op.get_bind().dialect.name == "postgresql"
    op.execute(_FLAG_POSTGRESQL if postgresql else _FLAG_SQLITE)
    op.create_index(
        "ix_calls_left_questions",
        "calls",
        ["tenant_id", "started_at"],
        postgresql_where=sa.text("left_questions"),
        sqlite_where=sa.text("left_questions"),
    )


def downgrade():
    op.drop_index("ix_calls_left_questions", table_name="calls")
    with op.batch_alter_table("calls") as batch:
        batch.drop_column("left_questions")
