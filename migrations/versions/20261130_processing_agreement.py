"""the data processing agreement (Art. 28) a company accepted: version and time on tenants

Revision ID: processing_agreement
Revises: spending_limit
Create Date: 2026-11-30

Companies already there keep these empty: the portal shows them "not yet accepted" with a
button for their administrator.
"""

import sqlalchemy as sa
from alembic import op

revision = "processing_agreement"
down_revision = "spending_limit"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("tenants") as batch:
        batch.add_column(sa.Column("dpa_version", sa.String(20), nullable=True))
        batch.add_column(sa.Column("dpa_accepted_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("tenants") as batch:
        batch.drop_column("dpa_accepted_at")
        batch.drop_column("dpa_version")
