"""A call's `left_questions` flag follows its summary's unanswered questions, however the
fields are set, and the migration flags the calls stored before it (on PostgreSQL its
statement survives fields that are not a list). The dashboard's list of open questions
reads only flagged calls: tests/services/test_call_summary.py and the dashboard pages."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from sqlalchemy import Connection, select, text
from sqlalchemy.orm import Session, sessionmaker

from models import Call
from models.scoping import tenant_session
from services.call_summary import recent_unanswered
from tests.conftest import insert_bare_tenant, sqlite_migrated_to
from tests.factories import Factory

MIGRATION = (
    Path(__file__).resolve().parents[2] / "migrations/versions/20261203_call_left_questions.py"
)
OPEN = {"intent": "question", "unanswered_questions": ["Habt ihr Gutscheine?"]}
ANSWERED = {"intent": "question", "unanswered_questions": []}


def test_the_flag_follows_the_fields(make: Factory, staff_db: Session) -> None:
    tenant = make.tenant()
    call = make.call(tenant, summary_fields=OPEN)
    assert call.left_questions is True
    call.summary_fields = ANSWERED
    assert call.left_questions is False
    call.summary_fields = OPEN
    staff_db.commit()
    assert staff_db.scalars(select(Call.left_questions).where(Call.id == call.id)).one()
    call.summary_fields = None  # as retention leaves it
    assert call.left_questions is False
    assert make.call(tenant).left_questions is False


def test_only_flagged_calls_are_read_for_open_questions(
    make: Factory, session_factory: sessionmaker[Session], connection: Connection
) -> None:
    tenant = make.tenant()
    bot = make.bot(tenant)
    asked = make.call(tenant, bot, summary_fields=OPEN)
    make.call(tenant, bot, summary_fields=ANSWERED)
    make.session.commit()
    # A call whose fields name a question but whose flag is off is not read: the flag is
    # what the list goes by.
    connection.execute(
        text("UPDATE calls SET left_questions = false WHERE id = :id"), {"id": asked.id}
    )
    db = tenant_session(session_factory, tenant.id)
    now = asked.started_at
    assert recent_unanswered(session=db, now=now) == []
    connection.execute(
        text("UPDATE calls SET left_questions = true WHERE id = :id"), {"id": asked.id}
    )
    assert [q.question for q in recent_unanswered(session=db, now=now)] == ["Habt ihr Gutscheine?"]


def test_the_migration_flags_the_calls_stored_before_it_on_postgresql(
    make: Factory, connection: Connection
) -> None:
    if connection.dialect.name != "postgresql":
        pytest.skip("the PostgreSQL statement")
    tenant = make.tenant()
    asked = make.call(tenant, summary_fields=OPEN)
    answered = make.call(tenant, summary_fields=ANSWERED)
    odd = make.call(tenant, summary_fields={"unanswered_questions": "not a list"})
    bare = make.call(tenant)
    make.session.commit()
    connection.execute(text("UPDATE calls SET left_questions = false"))
    connection.execute(text(_migration()._FLAG_POSTGRESQL))
    flagged = set(connection.execute(text("SELECT id FROM calls WHERE left_questions")).scalars())
    assert asked.id in flagged
    assert not {answered.id, odd.id, bare.id} & flagged


def test_the_migration_flags_the_calls_stored_before_it_on_sqlite(tmp_path: Path) -> None:
    with sqlite_migrated_to(tmp_path / "before.db", "usage_days") as (db, migrate_to):
        insert_bare_tenant(db)
        db.execute(
            text(
                "INSERT INTO bots (tenant_id, name, status, language, greeting, instructions,"
                " faq, voice, business_hours, dialogue_engine, stt_engine, tts_engine,"
                " max_call_seconds, silence_timeout_seconds) VALUES (1, 'B', 'draft',"
                " 'de-AT', 'Hallo', '', '[]', 'v', '{}', 'scripted', 'whisper', 'espeak',"
                " 600, 10)"
            )
        )
        for fields in ('{"unanswered_questions": ["Gutscheine?"]}', '{"unanswered_questions": []}',
                       '{"unanswered_questions": "x"}', None):  # fmt: skip
            db.execute(
                text(
                    "INSERT INTO calls (tenant_id, bot_id, from_number, to_number, status,"
                    " language, started_at, summary_fields) VALUES (1, 1, '+43664', '+431',"
                    " 'completed', 'de-AT', '2026-11-02 10:00:00', :fields)"
                ),
                {"fields": fields},
            )
        migrate_to("call_left_questions")
        flags = db.execute(text("SELECT left_questions FROM calls ORDER BY id")).scalars().all()
        assert [bool(flag) for flag in flags] == [True, False, False, False]


def _migration():
    spec = importlib.util.spec_from_file_location("call_left_questions", MIGRATION)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
