"""A list names the companies its rows belong to with one query, however many there are:
looked up row by row, a page of 50 calls made 50 queries and took half the page's time
(bench/admin_pages.py)."""

from __future__ import annotations

from collections.abc import Iterator
from html import unescape

import pytest
from flask import Flask
from sqlalchemy import Connection, event
from sqlalchemy.orm import Session

from models import Role
from tests.admin_app.conftest import sign_in
from tests.factories import Factory

COMPANIES = 6


@pytest.fixture
def tenant_reads(connection: Connection) -> Iterator[list[str]]:
    """The statements that read the tenants table while the test runs."""
    reads: list[str] = []

    def note(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if "FROM tenants" in statement:
            reads.append(statement)

    event.listen(connection, "before_cursor_execute", note)
    yield reads
    event.remove(connection, "before_cursor_execute", note)


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
