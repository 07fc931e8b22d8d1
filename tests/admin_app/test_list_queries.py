"""A list names the companies its rows belong to with one query, however many there are:
looked up row by row, a page of 50 calls made 50 queries and took half the page's time
(bench/admin_pages.py)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from html import unescape

import pytest
from flask import Flask
from sqlalchemy import Connection, event
from sqlalchemy.orm import Session

from models import Role
from tests.admin_app.conftest import sign_in
from tests.factories import Factory

COMPANIES = 6


@contextmanager
def reads_of(connection: Connection, table: str) -> Iterator[list[str]]:
    """The statements that read `table` while the block runs."""
    reads: list[str] = []

    def note(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if f"FROM {table}" in statement:
            reads.append(statement)

    event.listen(connection, "before_cursor_execute", note)
    yield reads
    event.remove(connection, "before_cursor_execute", note)


@pytest.fixture
def tenant_reads(connection: Connection) -> Iterator[list[str]]:
    with reads_of(connection, "tenants") as reads:
        yield reads


@pytest.fixture
def bot_reads(connection: Connection) -> Iterator[list[str]]:
    with reads_of(connection, "bots") as reads:
        yield reads


@pytest.mark.parametrize("endpoint", ["call", "user"])
def test_a_list_names_its_companies_in_one_query(
    app: Flask, make: Factory, staff_db: Session, tenant_reads: list[str], endpoint: str
) -> None:
    names = [f"Firma Nummer {n}" for n in range(COMPANIES)]
    for name in names:
        tenant = make.tenant(name=name)
        make.call(tenant)
        make.user(tenant, role=Role.CUSTOMER_USER)
    client = sign_in(app.test_client(), make.user(None, role=Role.PLATFORM_ADMIN))
    staff_db.commit()
    tenant_reads.clear()

    page = unescape(client.get(f"/admin/{endpoint}/").get_data(as_text=True))

    assert all(name in page for name in names)
    assert len(tenant_reads) == 1, tenant_reads


def test_lists_name_bots_not_their_numbers_in_one_query(
    app: Flask, make: Factory, staff_db: Session, bot_reads: list[str]
) -> None:
    tenant = make.tenant()
    bots = [make.bot(tenant, name=f"Empfang Nummer {n}") for n in range(COMPANIES)]
    for bot in bots:
        make.call(tenant, bot=bot)
    make.service(tenant, bot_ids=[bots[0].id, bots[1].id])
    client = sign_in(app.test_client(), make.user(None, role=Role.PLATFORM_ADMIN))
    staff_db.commit()

    for endpoint, shown in (("call", bots), ("service", bots[:2])):
        bot_reads.clear()
        page = unescape(client.get(f"/admin/{endpoint}/").get_data(as_text=True))
        for bot in shown:
            assert f'<a href="/admin/bot/details/?id={bot.id}">{bot.name}</a>' in page, endpoint
        assert len(bot_reads) == 1, (endpoint, bot_reads)


def test_an_export_names_companies_and_bots_in_plain_text(
    app: Flask, make: Factory, staff_db: Session
) -> None:
    tenant = make.tenant(name="Tischlerei Oberhollenzer")
    make.call(tenant, bot=make.bot(tenant, name="Telefonempfang Werkstatt"))
    client = sign_in(app.test_client(), make.user(None, role=Role.PLATFORM_ADMIN))
    staff_db.commit()

    csv = client.get("/admin/call/export/csv/").get_data(as_text=True)

    assert "Tischlerei Oberhollenzer" in csv and "Telefonempfang Werkstatt" in csv
    assert "<a" not in csv and "href" not in csv
