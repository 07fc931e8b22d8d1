"""Row-level security, the second wall: raw SQL as the application role sees what the
settings allow and nothing more (models.row_security, models.scoping).

The tables come from the mapper registry (every mapped table with a tenant_id column, and
tenants itself), so a new tenant-owned table joins these tests by itself; the database's own
catalogue is checked too, so a migration that adds a tenant table without policies fails here.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy import Connection, Engine, Table, delete, func, insert, select, text
from sqlalchemy.exc import ProgrammingError
from sqlalchemy.orm import Session, sessionmaker

from models import ApiToken, Base, Bot, Tenant
from models.base import utcnow
from models.database import make_engine, make_session_factory
from models.migrate import upgrade
from models.row_security import SETTINGS, ApplicationRoleError
from models.scoping import (
    bind_to_tenant,
    staff_session,
    tenant_session,
)
from services.api_tokens import grant_for_token_id
from tests.conftest import ADMIN_DSN, owner_url
from tests.factories import Factory


def tenant_tables() -> list[Table]:
    tables = [t for t in Base.metadata.sorted_tables if "tenant_id" in t.c]
    return [Tenant.__table__, *sorted(tables, key=lambda t: t.name)]


def _model_of(table: Table) -> type:
    return next(m.class_ for m in Base.registry.mappers if m.local_table is table)


def _owner(table: Table):  # noqa: ANN202
    return table.c.id if table.name == "tenants" else table.c.tenant_id


TABLES = tenant_tables()


def _set(connection: Connection, *, tenant: int | None = None, staff: bool = False) -> None:
    """Raw settings, as any SQL on the connection could set them."""
    connection.execute(
        text(
            "SELECT set_config('app.tenant_id', :tenant, true),"
            " set_config('app.staff', :staff, true),"
            " set_config('app.api_token_lookup', '', true)"
        ),
        {"tenant": "" if tenant is None else str(tenant), "staff": "on" if staff else ""},
    )


def _copy_of(connection: Connection, table: Table, row_id: int, **changes: object) -> dict:
    values = dict(connection.execute(select(table).where(table.c.id == row_id)).one()._mapping)
    values.pop("id")
    return values | changes


def _refused(connection: Connection, statement) -> bool:  # noqa: ANN001
    with connection.begin_nested() as savepoint:
        try:
            connection.execute(statement)
        except ProgrammingError as error:
            savepoint.rollback()
            return isinstance(error.orig, psycopg.errors.InsufficientPrivilege)
    return False


def test_the_tests_run_as_an_application_role_that_cannot_bypass(connection: Connection) -> None:
    role = connection.execute(
        text(
            "SELECT rolsuper, rolbypassrls, rolcreaterole FROM pg_roles"
            " WHERE rolname = current_user"
        )
    ).one()
    assert not role.rolsuper and not role.rolbypassrls and not role.rolcreaterole
    owned = connection.execute(
        text(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
            " AND tableowner = current_user"
        )
    ).scalar_one()
    assert owned == 0


def test_every_tenant_table_in_the_database_has_forced_policies(connection: Connection) -> None:
    """Read from the catalogue, not the models: a migration that creates a table with a
    tenant_id column and forgets `protect_table` fails here."""
    in_database = set(
        connection.scalars(
            text(
                "SELECT table_name FROM information_schema.columns"
                " WHERE table_schema = 'public' AND column_name = 'tenant_id'"
            )
        )
    ) | {"tenants"}
    assert {t.name for t in TABLES} <= in_database
    unprotected = connection.execute(
        text(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = 'public' AND c.relname = ANY(:names)"
            " AND NOT (c.relrowsecurity AND c.relforcerowsecurity"
            "  AND EXISTS (SELECT 1 FROM pg_policies p WHERE p.tablename = c.relname"
            "   AND p.policyname = 'tenant_rows')"
            "  AND EXISTS (SELECT 1 FROM pg_policies p WHERE p.tablename = c.relname"
            "   AND p.policyname = 'staff_rows'))"
        ),
        {"names": sorted(in_database)},
    ).scalars()
    assert list(unprotected) == []


def test_only_the_known_policies_exist(connection: Connection) -> None:
    """A policy slipped in by hand (say, `USING (true)`) would open a table."""
    policies = connection.execute(
        text("SELECT tablename, policyname FROM pg_policies WHERE schemaname = 'public'")
    ).all()
    extra = {
        (table, name)
        for table, name in policies
        if name not in ("tenant_rows", "staff_rows")
        and (table, name)
        not in {
            ("api_tokens", "token_lookup_read"),
            ("users", "token_lookup_read"),
        }
    }
    assert extra == set()


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
class TestEveryTenantTable:
    @pytest.fixture
    def rows(self, table: Table, make: Factory) -> tuple[Tenant, Tenant, int, int]:
        alpha, beta = make.tenant(name="Alpha"), make.tenant(name="Beta")
        model = _model_of(table)
        if table.name == "tenants":
            return alpha, beta, alpha.id, beta.id
        return alpha, beta, make.row_for(model, alpha).id, make.row_for(model, beta).id

    def test_no_setting_sees_nothing_and_writes_nothing(
        self, table: Table, rows, connection: Connection
    ) -> None:
        alpha, _beta, alpha_row, _ = rows
        _set(connection, staff=True)
        copy = _copy_of(connection, table, alpha_row)
        _set(connection)
        assert connection.scalar(select(func.count()).select_from(table)) == 0
        assert _refused(connection, insert(table).values(copy))
        assert connection.execute(delete(table).where(table.c.id == alpha_row)).rowcount == 0
        _set(connection, staff=True)
        assert connection.scalar(select(func.count()).where(table.c.id == alpha_row)) == 1

    def test_a_tenant_setting_sees_and_writes_only_that_tenant(
        self, table: Table, rows, connection: Connection
    ) -> None:
        alpha, beta, alpha_row, beta_row = rows
        _set(connection, staff=True)
        beta_copy = _copy_of(connection, table, beta_row)
        _set(connection, tenant=alpha.id)
        owners = set(connection.scalars(select(_owner(table)).distinct()))
        assert owners == {alpha.id}
        assert connection.scalar(select(func.count()).where(table.c.id == beta_row)) == 0
        assert _refused(connection, insert(table).values(beta_copy))
        if table.name != "tenants":
            # Moving one's own row to another tenant fails the policy's check.
            moved = table.update().where(table.c.id == alpha_row).values(tenant_id=beta.id)
            assert _refused(connection, moved)
        assert connection.execute(delete(table).where(table.c.id == beta_row)).rowcount == 0
        _set(connection, staff=True)
        assert connection.scalar(select(func.count()).where(table.c.id == beta_row)) == 1


def test_a_tenant_session_holds_raw_sql_to_its_tenant(
    make: Factory, session_factory: sessionmaker[Session]
) -> None:
    alpha, beta = make.tenant(), make.tenant()
    make.bot(alpha)
    make.bot(beta)
    with tenant_session(session_factory, beta.id) as b:
        owners = set(b.connection().scalars(text("SELECT DISTINCT tenant_id FROM bots")))
        assert owners == {beta.id}


def test_a_staff_session_after_a_tenant_session_on_one_connection_sees_all(
    make: Factory, staff_db: Session, session_factory: sessionmaker[Session]
) -> None:
    """Sessions joined into one outer transaction (tests, the back office's test binding):
    a committed savepoint would keep the tenant's settings; the staff session's come back."""
    alpha, beta = make.tenant(), make.tenant()
    make.bot(alpha)
    with tenant_session(session_factory, beta.id) as b:
        b.add(Bot(name="Rezeption"))
        b.commit()
    tenants = {alpha.id, beta.id}
    seen = set(staff_db.scalars(select(Bot.tenant_id).where(Bot.tenant_id.in_(tenants))))
    assert seen == tenants
    raw = staff_db.connection().scalars(
        text("SELECT DISTINCT tenant_id FROM bots WHERE tenant_id = ANY(:t)"),
        {"t": list(tenants)},
    )
    assert set(raw) == tenants
    make.bot(alpha)  # and may still write anywhere


def test_the_token_lookup_session_sees_nothing_before_its_lookup(
    make: Factory, session_factory: sessionmaker[Session]
) -> None:
    """Bound to nobody, it sets nothing as it begins (no round trip): tokens, their creators
    and every tenant's rows are out of its sight until the lookup narrows it."""
    alpha = make.tenant()
    token = make.api_token(alpha, created_by_id=make.user(alpha).id)
    make.bot(alpha)
    with session_factory() as lookup:
        connection = lookup.connection()
        assert connection.scalar(select(ApiToken.tenant_id).where(ApiToken.id == token.id)) is None
        assert connection.scalar(text("SELECT count(*) FROM bots")) == 0
        creator = text("SELECT count(*) FROM users WHERE id = :id")
        assert connection.scalar(creator, {"id": token.created_by_id}) == 0


def test_the_token_lookup_reads_tokens_and_their_creators_and_nothing_else(
    make: Factory, session_factory: sessionmaker[Session]
) -> None:
    """`api_token_grant` reads under the lookup's setting and clears it: a token that does
    not exist leaves the transaction seeing nothing, neither tokens nor anyone's rows."""
    alpha = make.tenant()
    token = make.api_token(alpha, created_by_id=make.user(alpha).id)
    make.bot(alpha)
    with session_factory() as lookup:
        connection = lookup.connection()
        grant = text("SELECT tenant_id FROM api_token_grant(:digest, :id)")
        assert connection.scalar(grant, {"digest": "0" * 64, "id": None}) is None
        assert connection.scalar(select(ApiToken.tenant_id).where(ApiToken.id == token.id)) is None
        assert connection.scalar(text("SELECT count(*) FROM bots")) == 0
        assert connection.scalar(text("SELECT count(*) FROM tenants")) == 0
        assert connection.execute(text("UPDATE users SET name = name")).rowcount == 0
        # Even with the lookup's setting on, as inside the function, it writes no token.
        connection.execute(text("SELECT set_config('app.api_token_lookup', 'on', true)"))
        assert connection.scalar(select(ApiToken.tenant_id).where(ApiToken.id == token.id))
        assert connection.execute(text("UPDATE api_tokens SET name = name")).rowcount == 0


@pytest.mark.parametrize("last_used", [None, "just now"])
def test_the_token_lookup_narrows_its_transaction_to_the_token_s_tenant(
    make: Factory, session_factory: sessionmaker[Session], last_used: str | None
) -> None:
    """The API's lookup reads the token and, in the same statement, hands its transaction
    to the token's tenant (the database's api_token_grant): after it, that tenant's rows and no
    others, and no more reading of other tenants' tokens and people. A token not used for a
    while is stamped in that tenant's name, and the stamp is kept."""
    alpha, beta = make.tenant(), make.tenant()
    used_at = utcnow() if last_used else None
    token = make.api_token(alpha, created_by_id=make.user(alpha).id, last_used_at=used_at)
    make.bot(alpha)
    make.bot(beta)
    beta_user = make.user(beta)
    with session_factory() as session:
        grant = grant_for_token_id(connection=session.connection(), token_id=token.id)
        assert (grant.tenant_id, grant.narrowed, grant.touched) == (alpha.id, True, not last_used)
        if grant.touched:
            session.commit()
        bind_to_tenant(session, grant.tenant_id, narrowed=grant.narrowed)
        connection = session.connection()
        assert set(connection.scalars(text("SELECT tenant_id FROM bots"))) == {alpha.id}
        people = text("SELECT count(*) FROM users WHERE id = :id")
        assert connection.scalar(people, {"id": beta_user.id}) == 0
        stamped = connection.scalar(select(ApiToken.last_used_at).where(ApiToken.id == token.id))
    assert stamped is not None


@pytest.fixture
def committed_tenant(engine: Engine) -> Iterator[int]:
    factory = make_session_factory(engine)
    with staff_session(factory) as session, session.begin():
        tenant = Tenant(name="Pool", slug=f"pool-{uuid.uuid4().hex[:8]}")
        session.add(tenant)
        session.flush()
        session.add(Bot(tenant_id=tenant.id, name="Pool bot"))
    yield tenant.id
    with staff_session(factory) as session, session.begin():
        session.execute(delete(Tenant).where(Tenant.id == tenant.id))


@pytest.mark.parametrize("ending", ["commit", "rollback", "error"])
def test_a_pooled_connection_carries_no_setting_into_the_next_request(
    database_url: str, committed_tenant: int, ending: str
) -> None:
    engine = make_engine(database_url, pool_size=1, max_overflow=0)
    try:
        factory = make_session_factory(engine)
        session = tenant_session(factory, committed_tenant)
        try:
            assert session.scalars(select(Bot.name)).all() == ["Pool bot"]
            pid = session.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar()
            if ending == "commit":
                session.commit()
            elif ending == "error":
                with pytest.raises(ProgrammingError):
                    session.execute(text("SELECT no_such_column FROM bots"))
        finally:
            session.close()
        with engine.connect() as reused:  # the same pooled connection, plain SQL
            assert reused.exec_driver_sql("SELECT pg_backend_pid()").scalar() == pid
            for name in SETTINGS:
                assert reused.scalar(text("SELECT current_setting(:n, true)"), {"n": name}) in (
                    "",
                    None,
                )
            assert reused.scalar(text("SELECT count(*) FROM bots")) == 0
            assert reused.scalar(text("SELECT count(*) FROM tenants")) == 0
    finally:
        engine.dispose()


@pytest.fixture
def new_role_url(database_url: str) -> Iterator[str]:
    role = f"voiceagent_t_{uuid.uuid4().hex[:8]}"
    url = database_url.replace("voiceagent_test_app@", f"{role}:s3cret@", 1)
    yield url
    owner = owner_url(database_url).replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(owner, autocommit=True) as admin:
        admin.execute(f"DROP OWNED BY {role}")  # its grants in this database
    with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
        admin.execute(f"DROP ROLE IF EXISTS {role}")


def test_db_upgrade_creates_and_grants_a_missing_application_role(
    database_url: str, new_role_url: str
) -> None:
    upgrade(database_url=owner_url(database_url), application_url=new_role_url)
    engine = make_engine(new_role_url)
    try:
        with engine.connect() as connection:
            role = connection.execute(
                text("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
            ).one()
            assert not role.rolsuper and not role.rolbypassrls
            assert connection.scalar(text("SELECT count(*) FROM bots")) == 0
            with pytest.raises(ProgrammingError):
                connection.execute(text("ALTER TABLE bots DISABLE ROW LEVEL SECURITY"))
    finally:
        engine.dispose()


def test_db_upgrade_refuses_an_application_role_that_bypasses(
    database_url: str, new_role_url: str
) -> None:
    role = new_role_url.split("//", 1)[1].split(":", 1)[0]
    with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {role} LOGIN BYPASSRLS")
    with pytest.raises(ApplicationRoleError):
        upgrade(database_url=owner_url(database_url), application_url=new_role_url)
