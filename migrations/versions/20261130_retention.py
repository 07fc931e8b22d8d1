"""privacy: retention periods per tenant, and caller_country_code() on PostgreSQL

Revision ID: retention
Revises: row_security
Create Date: 2026-11-30

`caller_country_code(number)` keeps only the country calling code of an E.164 number
("+436641234567" → "+43"; anything else → ""). Retention and erasure (services/retention.py,
services/caller_data.py) cut caller numbers with it inside PostgreSQL, batch by batch; on
SQLite the service registers the same function from Python (services/caller_numbers.py holds
the pattern, and a test checks both agree).
"""

import sqlalchemy as sa
from alembic import op

revision = "retention"
down_revision = "row_security"
branch_labels = None
depends_on = None

# One-digit (1, 7) and two-digit country codes of ITU-T E.164; every other code has three.
# A CASE in this order, not one alternation: PostgreSQL's regular expressions take the
# longest alternative, which would read "+43664…" as "+436".
ONE_DIGIT, TWO_DIGITS = "[17]", "(2[07]|3[0-469]|4[013-9]|5[1-8]|6[0-6]|8[1246]|9[0-58])"
CUT = (
    "CASE WHEN number ~ '^\\+{one}' THEN left(number, 2)"
    " WHEN number ~ '^\\+{two}' THEN left(number, 3)"
    " WHEN number ~ '^\\+[0-9]{{3}}' THEN left(number, 4) ELSE '' END"
).format(one=ONE_DIGIT, two=TWO_DIGITS)

COLUMNS = (
    ("transcript_retention_days", "90"),
    ("call_retention_months", "13"),
    ("booking_retention_months", "13"),
    ("message_retention_days", "90"),
)


def upgrade():
    with op.batch_alter_table("tenants", schema=None) as batch_op:
        for name, default in COLUMNS:
            batch_op.add_column(
                sa.Column(name, sa.Integer(), server_default=default, nullable=False)
            )
        batch_op.create_check_constraint(
            op.f("ck_tenants_retention_positive"),
            "transcript_retention_days > 0 AND call_retention_months > 0"
            " AND booking_retention_months > 0 AND message_retention_days > 0",
        )
    if op.get_bind().dialect.name == "postgresql":
        # Straight to the driver: SQLAlchemy would read "(?:1" as a bound parameter.
        op.get_bind().exec_driver_sql(
            "CREATE FUNCTION caller_country_code(number text) RETURNS text"
            " LANGUAGE sql IMMUTABLE PARALLEL SAFE AS"
            f" $$ SELECT {CUT} $$"
        )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS caller_country_code(text)")
    with op.batch_alter_table("tenants", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_tenants_retention_positive"), type_="check")
        for name, _default in reversed(COLUMNS):
            batch_op.drop_column(name)
