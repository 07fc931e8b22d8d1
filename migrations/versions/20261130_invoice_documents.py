"""§ 11 UStG invoices: the customer's billing address and VAT id; on invoices the reverse
charge and who sold to whom, as at issue

Revision ID: invoice_documents
Revises: invoice_numbers
Create Date: 2026-11-30

Invoices issued before keep empty details: their document shows the current ones.
"""

import sqlalchemy as sa
from alembic import op

revision = "invoice_documents"
down_revision = "invoice_numbers"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("tenants") as batch:
        batch.add_column(sa.Column("billing_street", sa.String(200), nullable=True))
        batch.add_column(sa.Column("billing_postal_code", sa.String(20), nullable=True))
        batch.add_column(sa.Column("billing_city", sa.String(100), nullable=True))
        batch.add_column(sa.Column("vat_id", sa.String(20), nullable=True))
    with op.batch_alter_table("invoices") as batch:
        batch.add_column(
            sa.Column("reverse_charge", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch.add_column(sa.Column("seller_details", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("customer_details", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("invoices") as batch:
        batch.drop_column("customer_details")
        batch.drop_column("seller_details")
        batch.drop_column("reverse_charge")
    with op.batch_alter_table("tenants") as batch:
        batch.drop_column("vat_id")
        batch.drop_column("billing_city")
        batch.drop_column("billing_postal_code")
        batch.drop_column("billing_street")
