"""team invitations: someone invited to a company is a row here until they choose a password,
not a user without one; behind row security

Revision ID: team_invitations
Revises: usage_tenant_per_batch
Create Date: 2026-12-05

Users invited before (a customer user without a password) stay users: their links no longer
work, and they can choose a password with "Forgot your password?" or be invited again.
"""

import sqlalchemy as sa
from alembic import op

from models.row_security import protect_table, unprotect_table

revision = "team_invitations"
down_revision = "usage_tenant_per_batch"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
ROLES = ("platform_admin", "support", "customer_admin", "customer_user")


def upgrade():
    op.create_table(
        "team_invitations",
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                *ROLES, name="invitation_role", native_enum=False, create_constraint=True, length=32
            ),
            nullable=False,
        ),
        sa.Column("locale", sa.String(10), nullable=False),
        sa.Column("invited_by_id", BigId, nullable=True),
        sa.Column("id", BigId, nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("tenant_id", BigId, nullable=False),
        sa.CheckConstraint(
            "role IN ('customer_admin', 'customer_user')",
            name=op.f("ck_team_invitations_customer_role"),
        ),
        sa.ForeignKeyConstraint(
            ["invited_by_id"],
            ["users.id"],
            name=op.f("fk_team_invitations_invited_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_team_invitations_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team_invitations")),
        sa.UniqueConstraint(
            "tenant_id", "email", name=op.f("uq_team_invitations_tenant_id_email")
        ),
    )
    if op.get_bind().dialect.name == "postgresql":
        for statement in protect_table("team_invitations"):
            op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for statement in unprotect_table("team_invitations"):
            op.execute(statement)
    op.drop_table("team_invitations")
