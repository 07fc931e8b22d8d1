"""The bot lists (services.bot_list): both — the bots with their numbers and the names a
filter offers — leave deleted bots out and show the newest first, by one rule (_listed)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from models import BotStatus
from models.scoping import tenant_session
from services.bot_list import bot_names, bots_with_numbers
from tests.factories import Factory


def test_both_lists_leave_deleted_bots_out_newest_first(
    make: Factory, session_factory: sessionmaker[Session]
) -> None:
    tenant = make.tenant()
    start = datetime(2026, 11, 1, tzinfo=UTC)
    old = make.bot(tenant, name="Alt", created_at=start)
    new = make.bot(tenant, name="Neu", created_at=start + timedelta(days=1))
    make.bot(tenant, name="Weg", created_at=start + timedelta(days=2), status=BotStatus.DELETED)
    with tenant_session(session_factory, tenant.id) as session:
        assert bot_names(session=session) == {new.id: "Neu", old.id: "Alt"}
        assert list(bot_names(session=session).values()) == ["Neu", "Alt"]
        assert [bot.name for bot, _ in bots_with_numbers(session=session)] == ["Neu", "Alt"]
