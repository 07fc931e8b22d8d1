"""usage events: their tenant checked once per inserted batch instead of once per event

Revision ID: usage_tenant_per_batch
Revises: usage_key_collation
Create Date: 2026-12-03

A foreign key checks its reference once per inserted row: on PostgreSQL a query of its own
for each of a COPY batch's ten thousand events, ~20 % of the ingest's time
(bench/usage_ingest.py). The key goes; three triggers keep what it promised:
- an inserted statement's events name tenants that exist, checked once for the statement
  and with those tenants locked as the key's check locks them (FOR KEY SHARE: a tenant
  being deleted makes the batch wait for its deletion and then fail; a batch that locked
  first makes the deletion wait for it, which then deletes the batch's events too);
- a deleted tenant's events are deleted with it (the key's ON DELETE CASCADE);
- an event moved to another tenant (only staff may; events are append-only) names one that
  exists, locked the same way.
SQLite (development only) does the same per row.

What the key did that these do not: an UPDATE of a tenant's id or a TRUNCATE of tenants no
longer reaches the events (neither happens: tenants' other keys refuse or cascade both). The
deletion's trigger reads the events with its own statement's snapshot, which is right under
READ COMMITTED, what every session here uses; under REPEATABLE READ a batch committed while
the deletion ran would be missed by it (it is usage_days' key that refuses that today).
"""

import sqlalchemy as sa
from alembic import op

revision = "usage_tenant_per_batch"
down_revision = "usage_key_collation"
branch_labels = None
depends_on = None

FOREIGN_KEY = "fk_usage_events_tenant_id_tenants"
REFUSED = "usage events name a company that does not exist"

# Fires before usage_days_add (triggers fire in name order), so an unknown tenant is named
# as such rather than as the usage days' own foreign key.
_POSTGRESQL = [
    f"""
CREATE FUNCTION usage_check_tenants() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT count(*) FROM (
            SELECT id FROM tenants WHERE id IN (SELECT tenant_id FROM new_rows)
            ORDER BY id FOR KEY SHARE) AS locked)
       <> (SELECT count(DISTINCT tenant_id) FROM new_rows) THEN
        RAISE EXCEPTION '{REFUSED}' USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END
$$
""",
    """
CREATE TRIGGER usage_check_tenants AFTER INSERT ON usage_events
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION usage_check_tenants()
""",
    """
CREATE FUNCTION usage_events_of_deleted_tenants() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM usage_events WHERE tenant_id IN (SELECT id FROM old_tenants);
    RETURN NULL;
END
$$
""",
    """
CREATE TRIGGER usage_events_go_with_their_tenant AFTER DELETE ON tenants
REFERENCING OLD TABLE AS old_tenants
FOR EACH STATEMENT EXECUTE FUNCTION usage_events_of_deleted_tenants()
""",
    f"""
CREATE FUNCTION usage_check_moved_tenant() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM tenants WHERE id = NEW.tenant_id FOR KEY SHARE;
    IF NOT FOUND THEN
        RAISE EXCEPTION '{REFUSED}' USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END
$$
""",
    # AFTER, as the key's check: row security refuses a tenant's move before it.
    """
CREATE TRIGGER usage_check_moved_tenant AFTER UPDATE OF tenant_id ON usage_events
FOR EACH ROW WHEN (OLD.tenant_id IS DISTINCT FROM NEW.tenant_id)
EXECUTE FUNCTION usage_check_moved_tenant()
""",
]

# AFTER, as on PostgreSQL: an event ON CONFLICT skips (sent again) is not checked.
_SQLITE = [
    f"""
CREATE TRIGGER usage_check_tenants AFTER INSERT ON usage_events
WHEN NOT EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id)
BEGIN SELECT RAISE(ABORT, '{REFUSED}'); END
""",
    """
CREATE TRIGGER usage_events_go_with_their_tenant AFTER DELETE ON tenants
BEGIN DELETE FROM usage_events WHERE tenant_id = OLD.id; END
""",
    f"""
CREATE TRIGGER usage_check_moved_tenant BEFORE UPDATE OF tenant_id ON usage_events
WHEN NOT EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id)
BEGIN SELECT RAISE(ABORT, '{REFUSED}'); END
""",
]

# Recreating the table on SQLite (to drop its key) drops its triggers: usage_days' is put
# back as migration usage_days made it.
_SQLITE_USAGE_DAYS = """
CREATE TRIGGER usage_days_add AFTER INSERT ON usage_events
BEGIN
    INSERT INTO usage_days (tenant_id, day, bot_id, kind, quantity, events)
    VALUES (NEW.tenant_id, date(NEW.occurred_at), NEW.bot_id, NEW.kind, NEW.quantity, 1)
    ON CONFLICT (tenant_id, day, kind, bot_id) DO UPDATE
    SET quantity = quantity + excluded.quantity, events = events + 1;
END
"""


def _postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade():
    if _postgresql():
        op.drop_constraint(FOREIGN_KEY, "usage_events", type_="foreignkey")
        for statement in _POSTGRESQL:
            op.execute(statement)
        return
    with op.batch_alter_table("usage_events") as batch:
        batch.drop_constraint(FOREIGN_KEY, type_="foreignkey")
    for statement in [*_SQLITE, _SQLITE_USAGE_DAYS]:
        op.execute(statement)


def downgrade():
    triggers = {
        "usage_check_tenants": "usage_events",
        "usage_events_go_with_their_tenant": "tenants",
        "usage_check_moved_tenant": "usage_events",
    }
    if _postgresql():
        for trigger, table in triggers.items():
            op.execute(f"DROP TRIGGER {trigger} ON {table}")
        for function in (
            "usage_check_tenants",
            "usage_events_of_deleted_tenants",
            "usage_check_moved_tenant",
        ):
            op.execute(f"DROP FUNCTION {function}()")
    else:
        for trigger in triggers:
            op.execute(f"DROP TRIGGER {trigger}")
    with op.batch_alter_table("usage_events") as batch:
        batch.create_foreign_key(FOREIGN_KEY, "tenants", ["tenant_id"], ["id"], ondelete="CASCADE")
    if not _postgresql():
        op.execute(_SQLITE_USAGE_DAYS)
