"""invoice_number_counters: one consecutive series of invoice numbers per year

Revision ID: invoice_numbers
Revises: sms_confirmations
Create Date: 2026-11-30

Invoices issued before keep their numbers (VA-YYYYMM-tenant): they cannot collide with the
new form (2026-000123), and a number once on an invoice never changes.
"""

import sqlalchemy as sa
from alembic import op

revision = "invoice_numbers"
down_revision = "sms_confirmations"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "invoice_number_counters",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_number", sa.BigInteger(), nullable=False),
        sa.CheckConstraint(
            "last_number >= 0", name=op.f("ck_invoice_number_counters_last_number_non_negative")
        ),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_invoice_number_counters")),
    )


def downgrade():
    op.drop_table("invoice_number_counters")
