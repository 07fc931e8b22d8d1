"""Vienna days on the embedded database (`make run` uses SQLite): a call at 00:30 Vienna time
on the 1st is 23:30 UTC the day before, and belongs to the new month; the calls list pages by
its cursor over SQLite's times (UTC without an offset) too."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy.orm import Session, sessionmaker

from models.scoping import staff_session, tenant_session
from services.call_history import CallFilter, list_calls
from services.dashboard import dashboard
from tests.factories import Factory

FIRST_OF_DECEMBER_0030_VIENNA = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)
LAST_OF_NOVEMBER_2330_VIENNA = datetime(2026, 11, 30, 22, 30, tzinfo=UTC)


def test_a_call_just_after_midnight_counts_for_the_new_month_on_sqlite(
    sqlite_factory: sessionmaker[Session],
) -> None:
    with staff_session(sqlite_factory) as session:
        make = Factory(session)
        tenant = make.tenant()
        bot = make.bot(tenant)
        make.call(tenant, bot, started_at=FIRST_OF_DECEMBER_0030_VIENNA)
        make.call(tenant, bot, started_at=LAST_OF_NOVEMBER_2330_VIENNA)
        session.commit()
        tenant_id = tenant.id
    with tenant_session(sqlite_factory, tenant_id) as session:
        assert dashboard(session=session, today=date(2026, 12, 1)).month_calls == 1
        assert dashboard(session=session, today=date(2026, 11, 30)).month_calls == 1
        first_of_december = CallFilter(date_from=date(2026, 12, 1), date_to=date(2026, 12, 1))
        page = list_calls(session=session, filters=first_of_december)
        assert [r.started_at.day for r in page.rows] == [30]  # 23:30 UTC
        # The cursor of SQLite's offset-less time pages on to the call before it.
        newest = list_calls(session=session, per_page=1)
        older = list_calls(session=session, after=newest.older, per_page=1)
        assert [r.started_at.hour for r in newest.rows + older.rows] == [23, 22]
        assert older.older is None
