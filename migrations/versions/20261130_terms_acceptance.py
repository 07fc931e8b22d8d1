"""terms and privacy policy accepted at sign-up: versions and times on users

Revision ID: terms_acceptance
Revises: trial
Create Date: 2026-11-30

Users already there keep these empty: nobody accepted anything for them.
"""

import sqlalchemy as sa
from alembic import op

revision = "terms_acceptance"
down_revision = "trial"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("terms_version", sa.String(20), nullable=True))
        batch.add_column(sa.Column("terms_accepted_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("privacy_version", sa.String(20), nullable=True))
        batch.add_column(
            sa.Column("privacy_accepted_at", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade():
    with op.batch_alter_table("users") as batch:
        batch.drop_column("privacy_accepted_at")
        batch.drop_column("privacy_version")
        batch.drop_column("terms_accepted_at")
        batch.drop_column("terms_version")
