""""EU processing only" per tenant: tenants.eu_processing_only

Revision ID: eu_processing_only
Revises: staff_transcript_access
Create Date: 2026-11-30

Off for every tenant already there: their bots keep the engines they chose.
"""

import sqlalchemy as sa
from alembic import op

revision = "eu_processing_only"
down_revision = "staff_transcript_access"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("tenants") as batch:
        batch.add_column(
            sa.Column(
                "eu_processing_only", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )


def downgrade():
    with op.batch_alter_table("tenants") as batch:
        batch.drop_column("eu_processing_only")
