"""Odd query parameters never break the back office: every list view × every paging and
filter parameter × values a database cannot hold or a person would not type (Unicode digits,
numbers beyond BIGINT, impossible dates, NUL). Each answer is a page (the parameter ignored,
with a notice) or a 4xx with a message, never a 500.

Generated over the registered views and their filters, through the Flask test client against
real PostgreSQL: a view or filter added later is covered without touching this file.

Every view gets every parameter and filter, and every parameter and filter kind gets every bad
value — but not every view gets every value: each (view, parameter) is given every
VALUE_STRIDE-th value, starting one further on for the next, so a value is tried on the same
parameter of a third of the views (a kind of filter that fewer views have gets them all).
Parsing is shared by the views, so a value that breaks one breaks it everywhere. The full
product (6,911 requests, minutes of the suite's 15) runs with BAD_PARAMETERS_FULL=1, worth
doing after changing how the back office reads its parameters.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from html import unescape
from urllib.parse import urlencode

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_admin.contrib.sqla import ModelView
from flask_admin.model import filters as base_filters
from sqlalchemy.orm import Session

from models import Role, TenantStatus
from tests.admin_app.conftest import csrf_token, sign_in
from tests.factories import Factory

BIGINT_MAX = 2**63 - 1
# Text that looks like a number to str.isdigit() or int(), or that no BIGINT column holds.
BAD_NUMBERS = [
    "²",
    "١٢",
    "𝟕",
    str(BIGINT_MAX + 1),
    "9" * 25,
    f"-{BIGINT_MAX + 2}",
    "1_000",
    " 7 ",
    "1e3",
    "0x1F",
    "-1",
    "",
    "\x00",
]
BAD_DAYS = [
    "0000-01-01",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "2026-02-30",
    "²⁰²⁶-01-01",
    "\x00",
]
BAD_TIMES = [
    "0001-01-01 00:00:00",
    "9999-12-31 23:59:59",
    "2026-02-30 10:00:00",
    "2026-01-01 24:00:00",
    "\x00",
]
BAD_TEXT = ["\x00", "a\x00b", "%", "\\", "x" * 5000]
PAGING = ["page", "page_size", "sort", "desc", "after", "before"]
# The list test is thousands of requests: they are dealt out over this many tests, so the
# suite's workers share them (every request is still made, in exactly one).
SHARDS = 4
VALUE_STRIDE = 1 if os.environ.get("BAD_PARAMETERS_FULL") else 3


def _bad_values(flt: base_filters.BaseFilter) -> list[str]:
    if isinstance(flt, base_filters.BaseDateTimeBetweenFilter):
        return [f"{a} to {b}" for a, b in zip(BAD_TIMES, reversed(BAD_TIMES), strict=True)] + [
            "2026-01-01 00:00:00 to",
            "x to y",
        ]
    if isinstance(flt, base_filters.BaseDateBetweenFilter):
        return [f"{a} to {b}" for a, b in zip(BAD_DAYS, reversed(BAD_DAYS), strict=True)]
    if isinstance(flt, base_filters.BaseDateTimeFilter):
        return BAD_TIMES + BAD_DAYS
    if isinstance(flt, base_filters.BaseDateFilter):
        return BAD_DAYS
    if isinstance(flt, base_filters.BaseIntListFilter):
        return [f"1,{n}" for n in BAD_NUMBERS]
    if isinstance(flt, base_filters.BaseIntFilter | base_filters.BaseFloatFilter):
        return BAD_NUMBERS
    return BAD_NUMBERS[:2] + BAD_TEXT


def model_views(app: Flask) -> list[ModelView]:
    return [view for view in app.extensions["admin"][0]._views if isinstance(view, ModelView)]


def bad_urls(app: Flask) -> Iterator[tuple[str, str]]:
    """(view, URL) for every list parameter and its share of the values above."""
    with app.test_request_context():
        families = list(_parameter_families(app))
    seen: Counter[str] = Counter(family for family, *_ in families)
    turns: Counter[str] = Counter()
    for family, endpoint, url_for_value, values in families:
        # A kind met fewer times than the stride (one view's own filter) gets every value.
        stride = VALUE_STRIDE if seen[family] >= VALUE_STRIDE else 1
        start = turns[family] % stride
        turns[family] += 1
        for value in values[start::stride]:
            yield endpoint, url_for_value(value)


def _parameter_families(app: Flask) -> Iterator[tuple[str, str, Callable[[str], str], list[str]]]:
    """(kind of parameter, view, URL for a value, bad values) for every view's parameters.
    Filters are of one kind when their class and column type are: Flask-Admin parses them
    alike."""
    for view in model_views(app):
        base = f"/admin/{view.endpoint}/"

        def query(name: str, base: str = base) -> Callable[[str], str]:
            return lambda value: f"{base}?{urlencode({name: value})}"

        for name in PAGING:
            yield name, view.endpoint, query(name), BAD_NUMBERS
        yield "search", view.endpoint, query("search"), BAD_TEXT
        for index, flt in enumerate(view._filters or []):
            arg = f"flt0_{view.get_filter_arg(index, flt)}"
            column = getattr(flt, "column", None)
            kind = f"{type(flt).__name__}:{type(getattr(column, 'type', None)).__name__}"
            yield kind, view.endpoint, query(arg), _bad_values(flt)
            if view.can_export:
                csv = f"{base}export/csv/?{urlencode({arg: _bad_values(flt)[0]})}"
                yield f"csv:{view.endpoint}:{arg}", view.endpoint, lambda _v, u=csv: u, ["-"]
        for page in ("details/", "edit/"):
            yield page, view.endpoint, query("id", base + page), BAD_NUMBERS


@pytest.fixture
def admin(app: Flask, make: Factory, staff_db: Session) -> FlaskClient:
    tenant = make.tenant()
    bot = make.bot(tenant)
    make.call(tenant, bot)
    admin = make.user(None, role=Role.PLATFORM_ADMIN, locale="de-AT")
    staff_db.commit()
    return sign_in(app.test_client(), admin)


def first_broken(client: FlaskClient, requests: Iterator[tuple[str, str]]) -> str | None:
    """The first request answered with a 5xx (after one, the test's transaction is spoilt,
    so the rest would say nothing)."""
    for method, url, *data in requests:
        response = client.open(url, method=method, data=data[0] if data else None)
        # Read streamed bodies (the CSV export) to their end: a failure while streaming
        # counts, and the stream's generator closes inside its own request context.
        response.get_data()
        if response.status_code >= 500:
            return f"{method} {url} {data} -> {response.status_code}"
    return None


@pytest.mark.parametrize("shard", range(SHARDS))
def test_no_list_parameter_breaks_a_list(app: Flask, admin: FlaskClient, shard: int) -> None:
    urls = list(bad_urls(app))[shard::SHARDS]
    assert first_broken(admin, (("GET", url) for _view, url in urls)) is None


def test_a_bad_cursor_shows_the_first_page(app: Flask, admin: FlaskClient) -> None:
    first = admin.get("/admin/call/").get_data(as_text=True)
    for value in BAD_NUMBERS:
        page = admin.get(f"/admin/call/?{urlencode({'after': value})}")
        assert page.status_code == 200
        assert _rows(page.get_data(as_text=True)) == _rows(first)


def test_invalid_filter_values_are_ignored_with_a_notice(admin: FlaskClient) -> None:
    for value in ("²", "9" * 25, "١٢"):
        page = admin.get(f"/admin/call/?{urlencode({'flt0_tenant_id_equals': value})}")
        assert page.status_code == 200
        assert "der Filter wurde weggelassen" in unescape(page.get_data(as_text=True))
    for value in ("0001-01-01 00:00:00", "2026-02-30 10:00:00"):
        page = admin.get(f"/admin/call/?{urlencode({'flt0_started_at_greater_than': value})}")
        assert "der Filter wurde weggelassen" in unescape(page.get_data(as_text=True))


def test_time_filters_read_vienna_time(admin: FlaskClient, make: Factory, staff_db) -> None:
    tenant = make.tenant()
    call = make.call(tenant, make.bot(tenant), started_at=datetime(2026, 11, 30, 11, 3, tzinfo=UTC))
    staff_db.commit()
    base = f"/admin/call/?flt0_tenant_id_equals={tenant.id}&flt1_started_at_greater_than="
    # 11:03 UTC is 12:03 in Vienna.
    assert _rows(admin.get(base + "2026-11-30 12:02:00").get_data(as_text=True)) == [call.id]
    assert _rows(admin.get(base + "2026-11-30 12:04:00").get_data(as_text=True)) == []


def _rows(page: str, endpoint: str = "call") -> list[int]:
    """The rows a list shows, by their details links (a call's row also links its bot's)."""
    found = re.findall(rf"/admin/{endpoint}/details/\?id=(\d+)", page)
    return list(dict.fromkeys(int(row_id) for row_id in found))


def test_no_odd_id_breaks_a_page_or_an_action(app: Flask, admin: FlaskClient) -> None:
    token = csrf_token(admin)

    def requests() -> Iterator[tuple[str, str, dict[str, str]] | tuple[str, str]]:
        for value in BAD_NUMBERS:
            yield "GET", f"/admin/tenant/page/?{urlencode({'id': value})}"
            yield "GET", f"/admin/supportticket/thread/?{urlencode({'id': value})}"
            for action in ("suspend", "reactivate", "plan", "limit"):
                form = {"id": value, "price_plan_id": value, "max_concurrent_calls": value}
                yield "POST", f"/admin/tenant/page/{action}/", {"csrf_token": token, **form}
            for action in ("reply", "status", "assign"):
                form = {"id": value, "assignee_id": value, "body": "Hallo", "status": "open"}
                yield (
                    "POST",
                    f"/admin/supportticket/thread/{action}/",
                    {"csrf_token": token, **form},
                )
            yield (
                "POST",
                "/admin/credentials/save/",
                {
                    "csrf_token": token,
                    "provider": "openai",
                    "value": "sk-test-1234",
                    "tenant_id": value,
                },
            )
            yield "POST", "/admin/credentials/delete/", {"csrf_token": token, "id": value}
            yield (
                "POST",
                "/admin/provisioningjob/action/",
                {"csrf_token": token, "action": "retry", "rowid": value},
            )
            yield "POST", "/admin/invoice/run/", {"csrf_token": token, "period": value}

    assert first_broken(admin, requests()) is None


def test_filters_that_fit_still_filter(admin: FlaskClient, make: Factory, staff_db) -> None:
    suspended = make.tenant(status=TenantStatus.SUSPENDED)
    active = make.tenant()
    staff_db.commit()

    def tenants(query: str) -> set[int]:
        page = admin.get(f"/admin/tenant/?{query}")
        assert page.status_code == 200, query
        return set(_rows(page.get_data(as_text=True), "tenant")) & {suspended.id, active.id}

    # The status filter's options send stored values ("suspended"): that was a 500.
    assert tenants("flt0_0=suspended") == {suspended.id}
    assert tenants("flt0_0=SUSPENDED") == {suspended.id}  # links made before
    assert tenants("flt0_3=suspended,active") == {suspended.id, active.id}
    calls = f"/admin/call/?flt0_tenant_id_in_list={suspended.id},{active.id}"
    assert admin.get(calls).status_code == 200
