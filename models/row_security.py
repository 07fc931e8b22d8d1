"""Row-level security on PostgreSQL: the second wall behind the ORM scoping (models.scoping).

Two roles. The OWNER (`DATABASE_OWNER_URL`) runs the migrations and owns every table. The
APPLICATION role (`DATABASE_URL`), which every serving process uses, owns nothing, is no
superuser and cannot bypass row security. Every tenant-owned table has row security enabled
and forced (so even its owner is held to it) with permissive policies on per-transaction
settings, which models.scoping sets at the start of every session transaction
(`set_config(name, value, true)`, i.e. SET LOCAL, gone at COMMIT/ROLLBACK):

- `app.tenant_id = '<id>'`   a tenant session: that tenant's rows only, for reading and writing.
- `app.staff = 'on'`         a staff session (back office, jobs, CLI, sign-in steps): every row.
- `app.api_token_lookup = 'on'`  the REST API's bearer-token lookup before the tenant is known:
  reading `api_tokens` and `users` (the token's creator); set only inside the database's
  `api_token_grant`, which then narrows the transaction to the token's tenant.

A transaction that carries none of them sees no rows and may write none: there is no
"no setting means everything". SQLite has no row security; there the ORM scoping is alone.
"""

from __future__ import annotations

import logging

from psycopg import sql
from sqlalchemy import Connection, make_url

TENANT_SETTING = "app.tenant_id"
STAFF_SETTING = "app.staff"
TOKEN_LOOKUP_SETTING = "app.api_token_lookup"  # noqa: S105 - a setting's name
SETTINGS = (TENANT_SETTING, STAFF_SETTING, TOKEN_LOOKUP_SETTING)

# Each setting read once per statement (a scalar subquery is an InitPlan), not once per row.
_TENANT = f"(SELECT nullif(current_setting('{TENANT_SETTING}', true), '')::bigint)"
_STAFF = f"(SELECT current_setting('{STAFF_SETTING}', true) = 'on')"
_TOKEN_LOOKUP = f"(SELECT current_setting('{TOKEN_LOOKUP_SETTING}', true) = 'on')"

log = logging.getLogger(__name__)


def protect_table(table: str, owner_column: str = "tenant_id") -> list[str]:
    """The statements that put a tenant-owned table behind row security. A migration that
    creates a tenant-owned table runs these for it (tests/models/test_row_security.py fails
    for any table with a tenant_id column that lacks them)."""
    mine = f"{owner_column} = {_TENANT}"
    return [
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
        f"CREATE POLICY tenant_rows ON {table} USING ({mine}) WITH CHECK ({mine})",
        f"CREATE POLICY staff_rows ON {table} USING ({_STAFF}) WITH CHECK ({_STAFF})",
    ]


def unprotect_table(table: str) -> list[str]:
    return [
        f"DROP POLICY IF EXISTS staff_rows ON {table}",
        f"DROP POLICY IF EXISTS tenant_rows ON {table}",
        f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY",
        f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY",
    ]


def token_lookup_policies() -> list[str]:
    """The lookup reads a token with its creator's role and standing; it writes nothing and
    reads no other table. The token's last use is stamped after the lookup has narrowed the
    transaction to the token's tenant, as that tenant (migration no_token_lookup_touch)."""
    return [
        f"CREATE POLICY token_lookup_read ON api_tokens FOR SELECT USING ({_TOKEN_LOOKUP})",
        f"CREATE POLICY token_lookup_read ON users FOR SELECT USING ({_TOKEN_LOOKUP})",
    ]


class ApplicationRoleError(RuntimeError):
    """The application role is missing and cannot be created, or could bypass row security."""


def prepare_application_role(owner: Connection, application_url: str) -> None:
    """Make the role of `application_url` ready to serve: create it when missing (with the
    URL's password, if the owner may create roles), refuse one that could bypass row
    security, and grant it the data — never the schema. Runs after every migration, so new
    tables and sequences are granted too. Nothing to do when both URLs name the same role."""
    role = make_url(application_url).username
    owner_role = owner.exec_driver_sql("SELECT current_user").scalar_one()
    if not role or role == owner_role:
        superuser = "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"
        if owner.exec_driver_sql(superuser).scalar_one():
            log.warning(
                "DATABASE_URL connects as a superuser: row-level security does not apply; "
                "set DATABASE_OWNER_URL and give DATABASE_URL an application role"
            )
        return
    found = owner.exec_driver_sql(
        "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = %(role)s", {"role": role}
    ).first()
    if found is None:
        _create_role(owner, role, make_url(application_url).password)
    elif found.rolsuper or found.rolbypassrls:
        raise ApplicationRoleError(
            f"the application role {role!r} is a superuser or has BYPASSRLS; "
            "row-level security would not hold for it"
        )
    ident = sql.Identifier(role).as_string(owner.connection.dbapi_connection)  # type: ignore[arg-type]
    for statement in (
        f"GRANT USAGE ON SCHEMA public TO {ident}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {ident}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {ident}",
        # The schema's version is the owner's to change.
        f"REVOKE INSERT, UPDATE, DELETE ON alembic_version FROM {ident}",
    ):
        owner.exec_driver_sql(statement)


def _create_role(owner: Connection, role: str, password: str | None) -> None:
    allowed = owner.exec_driver_sql(
        "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user"
    ).scalar_one()
    if not allowed:
        raise ApplicationRoleError(
            f"the application role {role!r} does not exist and the owner may not create it; "
            f"create it once: CREATE ROLE {role} LOGIN PASSWORD '…' "
            "NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE"
        )
    statement = sql.SQL(
        "CREATE ROLE {} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD {}"
    ).format(sql.Identifier(role), sql.Literal(password))
    owner.exec_driver_sql(statement.as_string(owner.connection.dbapi_connection))  # type: ignore[arg-type]
