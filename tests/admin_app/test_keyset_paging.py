"""The big tables page by cursor: every row once, in order, forwards and back, under filters."""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient

from models import AuditEvent, Call, CallTurn, Tenant, UsageEvent
from tests.factories import Factory


def rows_and_links(client: FlaskClient, url: str) -> tuple[list[int], dict[str, str]]:
    """The ids of the list's own rows (its details links: a row also links its bot's page)
    and the pager's links."""
    response = client.get(url)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    own = re.compile(re.escape(url.split("?")[0]) + r"details/\?id=(\d+)")
    ids = list(dict.fromkeys(int(found) for found in own.findall(page)))
    links = {
        rel: html.unescape(href)
        for href, rel in re.findall(r'href="([^"]+)" rel="(first|newer|older)"', page)
    }
    return ids, links


def walk(client: FlaskClient, url: str, direction: str) -> list[list[int]]:
    pages = []
    while url:
        ids, links = rows_and_links(client, url)
        pages.append(ids)
        url = links.get(direction)
        assert len(pages) < 20, "the pager does not end"
    return pages


@pytest.fixture
def events(make: Factory) -> tuple[Tenant, list[UsageEvent], list[UsageEvent]]:
    busy, quiet = make.tenant(), make.tenant()
    mine = [make.usage_event(busy, quantity=n) for n in range(120)]
    theirs = [make.usage_event(quiet) for _ in range(5)]
    return busy, mine, theirs


def test_older_walks_every_row_once_newest_first_and_newer_walks_back(
    as_admin: FlaskClient, events
) -> None:
    _busy, mine, theirs = events
    everything = sorted((e.id for e in mine + theirs), reverse=True)
    forwards = walk(as_admin, "/admin/usageevent/", "older")
    assert [len(p) for p in forwards] == [50, 50, 25]
    assert [i for p in forwards for i in p] == everything

    _ids, links = rows_and_links(as_admin, "/admin/usageevent/")
    assert "older" in links and "newer" not in links and "first" not in links
    last_page = f"/admin/usageevent/?after={forwards[1][-1]}"
    backwards = walk(as_admin, last_page, "newer")
    assert backwards == list(reversed(forwards))


def test_filter_stays_on_every_page_and_the_cursor_follows_it(
    as_admin: FlaskClient, events
) -> None:
    busy, mine, _theirs = events
    url = f"/admin/usageevent/?flt0_tenant_id_equals={busy.id}"
    pages = walk(as_admin, url, "older")
    assert [i for p in pages for i in p] == sorted((e.id for e in mine), reverse=True)
    _ids, links = rows_and_links(as_admin, url)
    assert f"flt0_tenant_id_equals={busy.id}" in links["older"]


def test_oldest_first_pages_by_cursor_too(as_admin: FlaskClient, events) -> None:
    _busy, mine, theirs = events
    pages = walk(as_admin, "/admin/usageevent/?sort=0", "older")
    assert [i for p in pages for i in p] == sorted(e.id for e in mine + theirs)


def test_a_page_too_deep_for_offset_paging_says_how_to_get_there(
    as_admin: FlaskClient, events
) -> None:
    first, _links = rows_and_links(as_admin, "/admin/usageevent/")
    second, links = rows_and_links(as_admin, "/admin/usageevent/?page=1")
    assert second == rows_and_links(as_admin, f"/admin/usageevent/?after={first[-1]}")[0]
    assert links["newer"]  # an OFFSET page still links back by cursor

    response = as_admin.get("/admin/usageevent/?page=5000")
    assert "Pages this deep are reached" in response.get_data(as_text=True)
    assert rows_and_links(as_admin, "/admin/usageevent/?page=5000")[0] == first


def test_sort_and_filter_links_on_a_cursor_page_start_at_the_top(
    as_admin: FlaskClient, events
) -> None:
    first, _links = rows_and_links(as_admin, "/admin/usageevent/")
    page = as_admin.get(f"/admin/usageevent/?after={first[-1]}").get_data(as_text=True)
    sort_links = re.findall(r'href="(/admin/usageevent/\?[^"]*sort=[^"]*)"', page)
    assert sort_links
    assert not any("after=" in link or "before=" in link for link in sort_links)


@pytest.mark.parametrize(
    ("path", "model"), [("call", Call), ("callturn", CallTurn), ("auditevent", AuditEvent)]
)
def test_every_big_table_pages_by_cursor(
    as_admin: FlaskClient, make: Factory, path: str, model: type
) -> None:
    tenant = make.tenant()
    made = [make.row_for(model, tenant).id for _ in range(3)]
    ids, links = rows_and_links(as_admin, f"/admin/{path}/?flt0_tenant_id_equals={tenant.id}")
    assert ids == sorted(made, reverse=True)
    assert links == {}  # one short page: nothing newer, nothing older
