"""staff see a tenant's transcripts only by grant: tenants.staff_transcript_access_until

Revision ID: staff_transcript_access
Revises: invoice_documents
Create Date: 2026-11-30

Tenants already there start without a grant: staff read their transcripts only while a
support ticket is open, until their administrator grants access.
"""

import sqlalchemy as sa
from alembic import op

revision = "staff_transcript_access"
down_revision = "invoice_documents"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("tenants") as batch:
        batch.add_column(
            sa.Column("staff_transcript_access_until", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade():
    with op.batch_alter_table("tenants") as batch:
        batch.drop_column("staff_transcript_access_until")
