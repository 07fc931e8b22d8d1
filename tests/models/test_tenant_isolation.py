"""Tenant B never reads, changes or deletes tenant A's rows; staff see both.

The models under test come from the mapper registry, so a new tenant-owned model joins
these tests by itself (and fails until tests/factories.py can build it).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from models import Base, Bot, PhoneNumber, Tenant, TenantOwned
from models.scoping import (
    CrossTenantWriteError,
    UnscopedSessionError,
    staff_session,
    tenant_session,
)
from services.bot_list import bots_with_numbers
from services.call_history import calls_after
from services.tenant_settings import own_tenant
from services.trial import current_trial_notice
from services.usage_reports import pricing_for
from tests.factories import Factory


def tenant_scoped_models() -> list[type]:
    mapped = [mapper.class_ for mapper in Base.registry.mappers]
    return sorted(
        (cls for cls in mapped if cls is Tenant or issubclass(cls, TenantOwned)),
        key=lambda cls: cls.__name__,
    )


SCOPED = tenant_scoped_models()


def test_registry_finds_the_tenant_owned_models() -> None:
    names = {cls.__name__ for cls in SCOPED}
    assert {"Tenant", "User", "Bot", "Call", "CallTurn", "UsageEvent", "ApiKey"} <= names
    assert "PricePlan" not in names and "WebhookEvent" not in names


@pytest.fixture
def two_tenants(make: Factory) -> tuple[Tenant, Tenant]:
    return make.tenant(name="Alpha"), make.tenant(name="Beta")


def _owner_filter(model: type, tenant: Tenant):  # noqa: ANN202
    return model.id == tenant.id if model is Tenant else model.tenant_id == tenant.id


@pytest.mark.parametrize("model", SCOPED, ids=lambda m: m.__name__)
class TestEveryTenantOwnedModel:
    def test_other_tenant_cannot_read(
        self, model: type, make: Factory, two_tenants, session_factory: sessionmaker[Session]
    ) -> None:
        alpha, beta = two_tenants
        row = make.row_for(model, alpha)
        make.row_for(model, beta)
        with tenant_session(session_factory, beta.id) as b:
            assert b.get(model, row.id) is None
            seen = b.scalars(select(model)).all()
            assert seen and all(_owner_id(r) == beta.id for r in seen)
            assert b.scalar(select(func.count()).select_from(model).where(model.id == row.id)) == 0

    def test_other_tenant_cannot_update_or_delete(
        self, model: type, make: Factory, two_tenants, session_factory: sessionmaker[Session]
    ) -> None:
        alpha, beta = two_tenants
        row = make.row_for(model, alpha)
        with tenant_session(session_factory, beta.id) as b:
            touched = b.execute(
                update(model).where(model.id == row.id).values(id=row.id),
                execution_options={"synchronize_session": False},
            )
            assert touched.rowcount == 0
            gone = b.execute(
                delete(model).where(model.id == row.id),
                execution_options={"synchronize_session": False},
            )
            assert gone.rowcount == 0
        with staff_session(session_factory) as staff:
            assert staff.get(model, row.id) is not None

    def test_write_naming_other_tenant_is_refused(
        self, model: type, make: Factory, two_tenants, session_factory: sessionmaker[Session]
    ) -> None:
        alpha, beta = two_tenants
        row = make.row_for(model, alpha)
        make.session.expunge(row)
        with tenant_session(session_factory, beta.id) as b:
            b.merge(row)  # B cannot see it, so merge tries to insert A's row as new
            with pytest.raises(CrossTenantWriteError):
                b.flush()

    def test_moving_own_row_to_other_tenant_is_refused(
        self, model: type, make: Factory, two_tenants, session_factory: sessionmaker[Session]
    ) -> None:
        if model is Tenant:
            pytest.skip("a tenant row is its own owner")
        alpha, beta = two_tenants
        own = make.row_for(model, beta)
        with tenant_session(session_factory, beta.id) as b:
            mine = b.get(model, own.id)
            mine.tenant_id = alpha.id
            with pytest.raises(CrossTenantWriteError):
                b.flush()

    def test_staff_session_sees_both(
        self, model: type, make: Factory, two_tenants, session_factory: sessionmaker[Session]
    ) -> None:
        alpha, beta = two_tenants
        rows = [make.row_for(model, alpha), make.row_for(model, beta)]
        with staff_session(session_factory) as staff:
            ids = set(staff.scalars(select(model.id).where(model.id.in_([r.id for r in rows]))))
            assert ids == {r.id for r in rows}


def _owner_id(row: object) -> int:
    return row.id if isinstance(row, Tenant) else row.tenant_id


def test_relationship_loads_are_filtered(
    make: Factory, two_tenants, session_factory: sessionmaker[Session]
) -> None:
    alpha, beta = two_tenants
    beta_bot = make.bot(beta)
    make.phone_number(beta, beta_bot)
    # Broken data on purpose: alpha's number points at beta's bot.
    make.phone_number(alpha, beta_bot)
    with tenant_session(session_factory, beta.id) as b:
        bot = b.get(Bot, beta_bot.id)
        assert [n.tenant_id for n in bot.phone_numbers] == [beta.id]


def test_each_tenant_keeps_its_filter_while_the_same_statements_alternate(
    make: Factory, two_tenants, session_factory: sessionmaker[Session]
) -> None:
    """The filter's criteria are made once per tenant and reused (models.scoping), and the
    statements' compiled form is cached across tenants: taking turns, each tenant still
    sees its own rows only, by query, by id and through a relationship."""
    alpha, beta = two_tenants
    bots = {tenant.id: make.bot(tenant) for tenant in (alpha, beta)}
    for tenant in (alpha, beta):
        make.phone_number(tenant, bots[tenant.id])
    make.session.commit()
    for _ in range(3):
        for me, other in ((alpha, beta), (beta, alpha)):
            with tenant_session(session_factory, me.id) as mine:
                assert {bot.tenant_id for bot in mine.scalars(select(Bot))} == {me.id}
                assert mine.get(Bot, bots[other.id].id) is None
                own = mine.get(Bot, bots[me.id].id)
                assert own is not None
                assert {n.tenant_id for n in own.phone_numbers} == {me.id}


def test_new_rows_get_the_session_tenant(
    two_tenants, session_factory: sessionmaker[Session]
) -> None:
    _, beta = two_tenants
    with tenant_session(session_factory, beta.id) as b:
        bot = Bot(name="Rezeption")
        b.add(bot)
        b.flush()
        assert bot.tenant_id == beta.id


def test_tenant_session_cannot_create_a_tenant(
    two_tenants, session_factory: sessionmaker[Session]
) -> None:
    _, beta = two_tenants
    with tenant_session(session_factory, beta.id) as b:
        b.add(Tenant(name="Gamma", slug="gamma"))
        with pytest.raises(CrossTenantWriteError):
            b.flush()


def test_a_session_bound_to_nobody_refuses_queries(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory() as anonymous, pytest.raises(UnscopedSessionError):
        anonymous.scalars(select(PhoneNumber)).all()


@pytest.mark.parametrize("lookup", [own_tenant, pricing_for, current_trial_notice])
def test_the_own_tenant_lookups_by_key_refuse_a_session_bound_to_nobody(
    session_factory: sessionmaker[Session], lookup: Callable[..., object]
) -> None:
    """They take the session's Tenant row by its key, not by a scoped query: a session
    bound to nobody must still be refused, not answered with nothing."""
    with session_factory() as anonymous, pytest.raises(UnscopedSessionError):
        lookup(session=anonymous)


def test_the_call_lists_core_statement_names_its_tenant_where_no_row_security_would(
    sqlite_factory: sessionmaker[Session],
) -> None:
    """The call list runs as Core (models.scoping.core_connection), which the ORM's tenant
    criteria do not reach; on SQLite nothing else would hold it to the tenant."""
    with staff_session(sqlite_factory) as staff:
        make = Factory(staff)
        alpha, beta = make.tenant(name="Alpha"), make.tenant(name="Beta")
        ours = make.call(alpha).id
        theirs = make.call(beta).id
        staff.commit()
        alpha_id = alpha.id
    with tenant_session(sqlite_factory, alpha_id) as session:
        assert [row.id for row in calls_after(session=session)[0]] == [ours]
    with staff_session(sqlite_factory) as session:
        assert {row.id for row in calls_after(session=session)[0]} == {ours, theirs}
    with sqlite_factory() as anonymous, pytest.raises(UnscopedSessionError):
        calls_after(session=anonymous)


def test_the_bot_lists_core_statement_names_its_tenant_where_no_row_security_would(
    sqlite_factory: sessionmaker[Session],
) -> None:
    """The bot list runs as Core too (services.bot_list.bots_with_numbers): another tenant's bot,
    and its number, never show in it, also where no row security would hold it (SQLite)."""
    with staff_session(sqlite_factory) as staff:
        make = Factory(staff)
        alpha, beta = make.tenant(name="Alpha"), make.tenant(name="Beta")
        ours = make.bot(alpha, name="Ours")
        theirs = make.bot(beta, name="Theirs")
        make.phone_number(alpha, ours, e164="+4315000001")
        make.phone_number(beta, theirs, e164="+4315000002")
        staff.commit()
        alpha_id = alpha.id
    with tenant_session(sqlite_factory, alpha_id) as session:
        listed = [(bot.name, number) for bot, number in bots_with_numbers(session=session)]
        assert listed == [("Ours", "+4315000001")]
    with staff_session(sqlite_factory) as session:
        assert {bot.name for bot, _ in bots_with_numbers(session=session)} == {"Ours", "Theirs"}
    with sqlite_factory() as anonymous, pytest.raises(UnscopedSessionError):
        bots_with_numbers(session=anonymous)
