"""usage days: usage summed per Vienna day, bot and kind (models.UsageDay), kept by a
trigger on usage_events and filled from the events stored so far; behind row security

Revision ID: usage_days
Revises: minimum_charge
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

from models.row_security import protect_table, unprotect_table

revision = "usage_days"
down_revision = "minimum_charge"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
KINDS = ("call_seconds", "number_days", "tts_characters", "stt_seconds")

# PostgreSQL: once per INSERT statement, over all the rows it stored (a COPY batch of
# thousands is one grouped upsert, not thousands), in key order so that two batches that
# touch the same days lock them in the same order. A conflicting event (ON CONFLICT DO
# NOTHING) is not in new_rows, so a repeated report adds nothing here either.
_ADD_FUNCTION = """
CREATE FUNCTION usage_days_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO usage_days (tenant_id, day, bot_id, kind, quantity, events)
    SELECT tenant_id, (timezone('Europe/Vienna', occurred_at))::date, bot_id, kind,
           sum(quantity), count(*)
    FROM new_rows
    GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 3, 4
    ON CONFLICT (tenant_id, day, kind, bot_id) DO UPDATE
    SET quantity = usage_days.quantity + excluded.quantity,
        events = usage_days.events + excluded.events;
    RETURN NULL;
END
$$
"""
_ADD_TRIGGER = """
CREATE TRIGGER usage_days_add AFTER INSERT ON usage_events
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION usage_days_add()
"""
# SQLite (development only) has no statement triggers: one upsert per event, by UTC day.
_SQLITE_TRIGGER = """
CREATE TRIGGER usage_days_add AFTER INSERT ON usage_events
BEGIN
    INSERT INTO usage_days (tenant_id, day, bot_id, kind, quantity, events)
    VALUES (NEW.tenant_id, date(NEW.occurred_at), NEW.bot_id, NEW.kind, NEW.quantity, 1)
    ON CONFLICT (tenant_id, day, kind, bot_id) DO UPDATE
    SET quantity = quantity + excluded.quantity, events = events + 1;
END
"""


def upgrade():
    op.create_table(
        "usage_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("bot_id", BigId, nullable=True),
        sa.Column(
            "kind",
            sa.Enum(*KINDS, name="usage_kind", native_enum=False, create_constraint=True, length=32),
            nullable=False,
        ),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("events", sa.BigInteger(), nullable=False),
        sa.Column("id", BigId, nullable=False),
        sa.Column("tenant_id", BigId, nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_usage_days_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_usage_days")),
        sa.UniqueConstraint(
            "tenant_id",
            "day",
            "kind",
            "bot_id",
            name=op.f("uq_usage_days_tenant_id_day_kind_bot_id"),
            postgresql_nulls_not_distinct=True,
        ),
    )
    postgresql = op.get_bind().dialect.name == "postgresql"
    day = "(timezone('Europe/Vienna', occurred_at))::date" if postgresql else "date(occurred_at)"
    op.execute(
        "INSERT INTO usage_days (tenant_id, day, bot_id, kind, quantity, events)"
        f" SELECT tenant_id, {day}, bot_id, kind, sum(quantity), count(*) FROM usage_events"
        " GROUP BY 1, 2, 3, 4"
    )
    if postgresql:
        op.execute(_ADD_FUNCTION)
        op.execute(_ADD_TRIGGER)
        for statement in protect_table("usage_days"):
            op.execute(statement)
    else:
        op.execute(_SQLITE_TRIGGER)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS usage_days_add ON usage_events")
        op.execute("DROP FUNCTION IF EXISTS usage_days_add()")
        for statement in unprotect_table("usage_days"):
            op.execute(statement)
    else:
        op.execute("DROP TRIGGER IF EXISTS usage_days_add")
    op.drop_table("usage_days")
