"""regulated numbers: tenants.twilio_bundle_sid (staff attach a tenant's regulatory bundle)
and provisioning_jobs.failure_reason (why a purchase failed, for the customer's page)

Both tables are behind row security already (row_security); new columns need no policy.

Revision ID: number_registration
Revises: open_calls_index
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "number_registration"
down_revision = "open_calls_index"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("tenants") as batch:
        batch.add_column(sa.Column("twilio_bundle_sid", sa.String(34), nullable=True))
    with op.batch_alter_table("provisioning_jobs") as batch:
        batch.add_column(sa.Column("failure_reason", sa.String(40), nullable=True))


def downgrade():
    with op.batch_alter_table("provisioning_jobs") as batch:
        batch.drop_column("failure_reason")
    with op.batch_alter_table("tenants") as batch:
        batch.drop_column("twilio_bundle_sid")
