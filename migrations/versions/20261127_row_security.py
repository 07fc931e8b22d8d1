"""row-level security: every tenant-owned table held to the tenant / staff settings

Revision ID: row_security
Revises: bookings
Create Date: 2026-11-27

PostgreSQL only (SQLite has no row security; the ORM scoping stands alone there). The
policies are in models/row_security.py; `voiceagent db upgrade` grants the application
role its rights after every migration. A later migration that creates a tenant-owned table
runs `protect_table(name)` for it.
"""

from alembic import op

from models.row_security import (
    protect_table,
    token_lookup_policies,
    unprotect_table,
)

revision = "row_security"
down_revision = "bookings"
branch_labels = None
depends_on = None

TENANT_TABLES = (
    "api_keys",
    "api_tokens",
    "audit_events",
    "booking_rules",
    "bookings",
    "bots",
    "call_turns",
    "calls",
    "invoice_lines",
    "invoices",
    "outbound_emails",
    "phone_numbers",
    "provisioning_jobs",
    "services",
    "support_tickets",
    "ticket_messages",
    "usage_events",
    "users",
    "webhook_deliveries",
    "webhook_endpoints",
)


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    statements = protect_table("tenants", owner_column="id")
    for table in TENANT_TABLES:
        statements += protect_table(table)
    for statement in statements + token_lookup_policies():
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP POLICY IF EXISTS token_lookup_read ON users")
    op.execute("DROP POLICY IF EXISTS token_lookup_read ON api_tokens")
    op.execute("DROP POLICY IF EXISTS token_lookup_touch ON api_tokens")
    for table in ("tenants", *TENANT_TABLES):
        for statement in unprotect_table(table):
            op.execute(statement)
