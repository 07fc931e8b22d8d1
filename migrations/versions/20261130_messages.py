"""messages the phone bot takes for the owner, behind row security

Revision ID: messages
Revises: terms_acceptance
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

from models.row_security import protect_table, unprotect_table

revision = "messages"
down_revision = "terms_acceptance"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade():
    op.create_table(
        "messages",
        sa.Column("bot_id", BigId, nullable=False),
        sa.Column("call_id", BigId, nullable=True),
        sa.Column("caller_name", sa.String(length=120), nullable=False),
        sa.Column("caller_phone", sa.String(length=20), nullable=False),
        sa.Column("about", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "new",
                "done",
                name="message_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("handled_by_id", BigId, nullable=True),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", BigId, nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("tenant_id", BigId, nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_messages_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["bot_id"], ["bots.id"], name=op.f("fk_messages_bot_id_bots"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["call_id"], ["calls.id"], name=op.f("fk_messages_call_id_calls"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["handled_by_id"],
            ["users.id"],
            name=op.f("fk_messages_handled_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_messages")),
    )
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.create_index("ix_messages_tenant_id_status_id", ["tenant_id", "status", "id"])
        batch_op.create_index("ix_messages_tenant_id_call_id", ["tenant_id", "call_id"])
    if op.get_bind().dialect.name == "postgresql":
        for statement in protect_table("messages"):
            op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for statement in unprotect_table("messages"):
            op.execute(statement)
    op.drop_table("messages")
