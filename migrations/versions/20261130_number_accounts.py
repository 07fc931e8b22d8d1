"""tenants' own Twilio accounts: phone_numbers.provider_account, the account a number lives in
(its calls are signed with that account's token, and it is released with that account)

phone_numbers is behind row security already (row_security); a new column needs no policy.

Revision ID: number_accounts
Revises: payment_method
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "number_accounts"
down_revision = "payment_method"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("phone_numbers") as batch:
        batch.add_column(sa.Column("provider_account", sa.String(64), nullable=True))


def downgrade():
    with op.batch_alter_table("phone_numbers") as batch:
        batch.drop_column("provider_account")
