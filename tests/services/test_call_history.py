"""The calls list pages by cursor (services.call_history.list_calls): older and newer pages
give every call exactly once, in order, with calls that started at the same moment split
across a page edge; filters hold on every page; a cursor is only a position, so one made from
another company's call shows nothing of that company; a cursor that was edited is refused
before it reaches the database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, sessionmaker

from models import Bot, Call, CallOutcome, Tenant
from models.scoping import tenant_session
from services.call_history import CallCursor, CallFilter, CallPage, list_calls
from tests.factories import Factory

NOON = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)
PER_PAGE = 3


@pytest.fixture
def tenant(make: Factory) -> Tenant:
    return make.tenant(name="Tischlerei Holzer")


@pytest.fixture
def bot(make: Factory, tenant: Tenant) -> Bot:
    return make.bot(tenant, name="Werkstatt")


@pytest.fixture
def db(session_factory: sessionmaker[Session], tenant: Tenant, bot: Bot) -> Iterator[Session]:
    with tenant_session(session_factory, tenant.id) as session:
        yield session


@pytest.fixture
def calls(make: Factory, tenant: Tenant, bot: Bot) -> list[Call]:
    """Eleven calls, newest first as the list shows them; four start at the same second, so a
    page edge falls between calls only their ids tell apart."""
    starts = [NOON - timedelta(minutes=m) for m in (0, 5, 10, 10, 10, 10, 20, 30, 40, 50, 60)]
    made = [make.call(tenant, bot, started_at=start) for start in starts]
    return sorted(made, key=lambda c: (c.started_at, c.id), reverse=True)


def _walk_older(db: Session, filters: CallFilter | None = None) -> list[CallPage]:
    pages = [list_calls(session=db, filters=filters, per_page=PER_PAGE)]
    while pages[-1].older is not None:
        pages.append(
            list_calls(session=db, filters=filters, after=pages[-1].older, per_page=PER_PAGE)
        )
    return pages


def _ids(pages: list[CallPage]) -> list[int]:
    return [row.id for page in pages for row in page.rows]


def test_older_pages_give_every_call_once_in_order(db: Session, calls: list[Call]) -> None:
    pages = _walk_older(db)
    assert _ids(pages) == [c.id for c in calls]
    assert [len(p.rows) for p in pages] == [3, 3, 3, 2]
    assert pages[0].newer is None  # only the first page has nothing newer
    assert all(p.newer is not None for p in pages[1:])


def test_newer_pages_walk_back_the_same_pages(db: Session, calls: list[Call]) -> None:
    older = _walk_older(db)
    back = [older[-1]]
    while back[-1].newer is not None:
        back.append(list_calls(session=db, before=back[-1].newer, per_page=PER_PAGE))
    assert [_ids([p]) for p in back] == [_ids([p]) for p in reversed(older)]


def test_a_newer_page_that_reaches_the_newest_call_is_the_full_first_page(
    db: Session, calls: list[Call]
) -> None:
    page = list_calls(session=db, before=CallCursor(calls[1].started_at, calls[1].id))
    assert [r.id for r in page.rows] == [c.id for c in calls]  # one call newer: the first page
    page = list_calls(
        session=db, before=CallCursor(calls[4].started_at, calls[4].id), per_page=PER_PAGE
    )
    assert [r.id for r in page.rows] == [c.id for c in calls[1:4]]  # a full page before it
    page = list_calls(
        session=db, before=CallCursor(calls[2].started_at, calls[2].id), per_page=PER_PAGE
    )
    assert [r.id for r in page.rows] == [c.id for c in calls[:3]]  # two newer: the first page
    assert page.newer is None


def test_filters_hold_on_every_page(
    db: Session, make: Factory, tenant: Tenant, bot: Bot, calls: list[Call]
) -> None:
    other_bot = make.bot(tenant, name="Büro")
    missed = {
        make.call(tenant, other_bot, started_at=c.started_at, outcome=CallOutcome.HANDED_OVER).id
        for c in calls
    }
    for c in calls[::2]:
        c.outcome = CallOutcome.HANDED_OVER
    make.session.flush()
    wanted = CallFilter(bot_id=bot.id, outcome=CallOutcome.HANDED_OVER.value)
    assert _ids(_walk_older(db, wanted)) == [c.id for c in calls[::2]]
    assert len(_ids(_walk_older(db))) == len(calls) + len(missed)


def test_a_cursor_from_another_companys_call_shows_none_of_its_calls(
    db: Session, make: Factory, calls: list[Call]
) -> None:
    other = make.tenant(name="Konkurrenz GmbH")
    theirs = [make.call(other, started_at=c.started_at + timedelta(seconds=1)) for c in calls]
    theirs_ids = {c.id for c in theirs}
    probe = theirs[4]
    cursor = CallCursor(probe.started_at, probe.id)
    older = list_calls(session=db, after=cursor, per_page=100)
    newer = list_calls(session=db, before=cursor, per_page=2)
    assert not theirs_ids & {r.id for r in older.rows + newer.rows}
    # A position, nothing more: their call a second after four of ours at 11:50.
    assert [r.id for r in older.rows] == [c.id for c in calls[2:]]
    assert [r.id for r in newer.rows] == [c.id for c in calls[:2]]


def test_a_deep_page_neither_counts_nor_skips(
    db: Session, calls: list[Call], connection: Connection
) -> None:
    """Each page is read from its cursor: no COUNT of every call, no OFFSET over the calls
    before it (together most of a deep page's time at 100,000 calls)."""
    statements: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement.lower())

    cursor = CallCursor(calls[6].started_at, calls[6].id)
    event.listen(connection, "before_cursor_execute", seen)
    try:
        page = list_calls(session=db, after=cursor, per_page=PER_PAGE)
    finally:
        event.remove(connection, "before_cursor_execute", seen)
    assert [r.id for r in page.rows] == [c.id for c in calls[7:10]]
    reads = [s for s in statements if "from calls" in s]
    assert len(reads) == 1
    assert "count(" not in reads[0] and "offset" not in reads[0]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "abc",
        "1.2.3",
        "1798761600000000",  # no id
        "1798761600000000.0",
        "1798761600000000.-4",
        "-1798761600000000.4",
        "1798761600000000.9223372036854775808",  # beyond BIGINT
        "1798761600000000.12345678901234567890",
        "99999999999999999.4",  # seventeen digits: far beyond 2100
        "0.4",  # 1970: before the platform's years
        "4133980800000000.4",  # 2101
        "1798761600000000.4\n",
        " 1798761600000000.4",
        "1798761600000000.4\x00",
        "1798761600000000.٤",  # an Arabic-Indic four
        "1_798_761_600_000_000.4",
        "9" * 10_000,
    ],
)
def test_an_edited_cursor_is_refused(text: str) -> None:
    assert CallCursor.read(text) is None


def test_a_cursor_reads_back_what_it_wrote() -> None:
    cursor = CallCursor(datetime(2026, 11, 2, 9, 59, 59, 123456, tzinfo=UTC), 9_223_372_036_854)
    assert cursor.text() == "1793613599123456.9223372036854"
    assert CallCursor.read(cursor.text()) == cursor
    naive = CallCursor(datetime(2026, 11, 2, 9, 59, 59, 123456), 7)  # as SQLite gives it back
    assert CallCursor.read(naive.text()) == CallCursor(cursor.started_at, 7)
