"""The calls list, paged by cursor: "Older" and "Newer" links walk every call once in order
and keep the filters; an old `?page=N` address or an edited cursor shows the newest calls;
a cursor made from another company's call shows none of its calls; no page counts every
call or skips over the calls before it."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from nicegui import ui
from nicegui.testing import User
from sqlalchemy import event
from sqlalchemy.engine import Connection

from models import Call, CallOutcome, Role, Tenant
from services.call_history import CallCursor
from tests.customer_ui.conftest import LoginAs
from tests.factories import Factory

NOON = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def three_a_page(monkeypatch: pytest.MonkeyPatch) -> None:
    # Imported here, not at the top: NiceGUI's test reset drops the page modules after each
    # test, and the app of the next one imports them again.
    monkeypatch.setattr(importlib.import_module("customer_ui.pages.calls"), "PER_PAGE", 3)


@pytest.fixture
def calls(make: Factory, tenant: Tenant) -> list[Call]:
    """Eight calls of one bot, newest first; three start at the same second."""
    bot = make.bot(tenant, name="Werkstatt")
    starts = [NOON - timedelta(minutes=m) for m in (0, 5, 10, 10, 10, 20, 30, 40)]
    made = [make.call(tenant, bot, started_at=start) for start in starts]
    make.session.commit()
    return sorted(made, key=lambda c: (c.started_at, c.id), reverse=True)


async def _shown(user: User) -> list[int]:
    await user.should_see("Caller number")
    return [row["id"] for table in user.find(kind=ui.table).elements for row in table.rows]


def _link(user: User, name: str) -> str | None:
    """Where the "Newest", "Newer" or "Older" button leads (None: greyed out or absent)."""
    found = user.find(marker=f"calls-{name}")
    if not found.elements:
        return None
    (button,) = found.elements
    return button.props.get("href") if button.enabled else None


async def test_older_and_newer_walk_every_call_once_in_order(
    login_as: LoginAs, user: User, calls: list[Call]
) -> None:
    await login_as(Role.CUSTOMER_USER)
    await user.open("/calls")
    pages = [await _shown(user)]
    assert _link(user, "newer") is None and _link(user, "newest") is None
    while (older := _link(user, "older")) is not None:
        await user.open(older)
        pages.append(await _shown(user))
    assert [i for page in pages for i in page] == [c.id for c in calls]
    assert [len(p) for p in pages] == [3, 3, 2]

    back = []
    while (newer := _link(user, "newer")) is not None:
        await user.open(newer)
        back.append(await _shown(user))
    assert back == pages[-2::-1]
    assert _link(user, "newest") is None  # back at the start

    await user.open(f"/calls?after={CallCursor(calls[5].started_at, calls[5].id).text()}")
    assert await _shown(user) == [c.id for c in calls[6:]]
    await user.open(_link(user, "newest") or "")
    assert await _shown(user) == [c.id for c in calls[:3]]


async def test_the_filters_ride_along(
    login_as: LoginAs, user: User, make: Factory, tenant: Tenant, calls: list[Call]
) -> None:
    other_bot = make.bot(tenant, name="Büro")
    for c in calls:
        make.call(tenant, other_bot, started_at=c.started_at, outcome=CallOutcome.HANDED_OVER)
    for c in calls[1::2]:
        c.outcome = CallOutcome.HANDED_OVER
    make.session.commit()
    await login_as(Role.CUSTOMER_USER)
    await user.open(f"/calls?bot={calls[0].bot_id}&outcome=handed_over")
    shown = await _shown(user)
    while (older := _link(user, "older")) is not None:
        assert parse_qs(urlsplit(older).query)["bot"] == [str(calls[0].bot_id)]
        await user.open(older)
        shown += await _shown(user)
    assert shown == [c.id for c in calls[1::2]]
    newest = _link(user, "newest") or ""
    assert parse_qs(urlsplit(newest).query) == {
        "bot": [str(calls[0].bot_id)],
        "outcome": ["handed_over"],
    }


@pytest.mark.parametrize(
    "query",
    [
        "page=2",  # the numbered pages' addresses
        "page=3000",
        "after=garbage",
        "before=garbage",
        "after=1793613599123456.9223372036854775808",  # an id beyond BIGINT
        "after=99999999999999999.4",
        "before=%00",
        "after=" + "9" * 10_000,
    ],
)
async def test_an_old_or_edited_address_shows_the_newest_calls(
    login_as: LoginAs, user: User, calls: list[Call], query: str
) -> None:
    await login_as(Role.CUSTOMER_USER)
    await user.open(f"/calls?{query}")
    assert await _shown(user) == [c.id for c in calls[:3]]
    assert _link(user, "older") is not None


async def test_a_cursor_from_another_companys_call_shows_none_of_its_calls(
    login_as: LoginAs, user: User, make: Factory, other_tenant: Tenant, calls: list[Call]
) -> None:
    theirs = [
        make.call(other_tenant, started_at=c.started_at + timedelta(seconds=1)) for c in calls
    ]
    make.session.commit()
    probe = CallCursor(theirs[2].started_at, theirs[2].id).text()  # a second after 11:50
    await login_as(Role.CUSTOMER_USER)
    await user.open(f"/calls?after={probe}")
    assert await _shown(user) == [c.id for c in calls[2:5]]
    await user.open(f"/calls?before={probe}")
    assert await _shown(user) == [c.id for c in calls[:3]]


async def test_no_page_counts_every_call_or_skips_the_ones_before_it(
    login_as: LoginAs, user: User, calls: list[Call], connection: Connection
) -> None:
    """A COUNT of every call and an OFFSET over the calls before the page were most of a
    deep page's time at 100,000 calls."""
    await login_as(Role.CUSTOMER_USER)
    for path in ("/calls", "older"):
        statements: list[str] = []

        def seen(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
            statements.append(statement.lower())  # noqa: B023 — removed within the loop

        event.listen(connection, "before_cursor_execute", seen)
        try:
            await user.open(path if path.startswith("/") else _link(user, path) or "")
            await _shown(user)
        finally:
            event.remove(connection, "before_cursor_execute", seen)
        reads = [s for s in statements if "from calls" in s]
        assert [s for s in reads if "count(" in s or "offset" in s] == [], path
        assert len(reads) == 1, path


@pytest.mark.parametrize(
    "typed", ["06643206496", "0664 320 64 96", "0664/3206496", "+43 664 3206496"]
)
async def test_a_caller_is_found_by_the_number_as_people_write_it(
    login_as: LoginAs, user: User, make: Factory, tenant: Tenant, typed: str
) -> None:
    """Stored as +436643206496, found by the national form an Austrian writes, with or
    without spaces and slashes; another caller's call is not listed."""
    bot = make.bot(tenant, name="Werkstatt")
    theirs = make.call(tenant, bot, from_number="+436643206496", started_at=NOON)
    make.call(tenant, bot, from_number="+436761112233", started_at=NOON)
    make.session.commit()
    await login_as(Role.CUSTOMER_USER)
    await user.open(f"/calls?{urlencode({'number': typed})}")
    assert await _shown(user) == [theirs.id]
