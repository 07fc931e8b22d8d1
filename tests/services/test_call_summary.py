"""A summary line per call: `summarise_call` as a table of cases in German and English, the
facts read from a stored call (bookings naming it, the caller's moves and cancellations,
messages), finish_call writing it and the webhook carrying it; unanswered questions on the
dashboard and "add to FAQ"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from integrations.dialogue.phrases import phrase
from models import (
    BookingSource,
    BookingStatus,
    Bot,
    Call,
    CallOutcome,
    CallStatus,
    Role,
    Speaker,
    Tenant,
    User,
)
from models.base import utcnow
from models.scoping import tenant_session
from services.availability import VIENNA
from services.call_records import TurnRecord, finish_call
from services.call_summary import (
    ALREADY_IN_FAQ,
    CallFacts,
    add_question_to_faq,
    recent_unanswered,
    summarise_call,
    unanswered_questions,
)
from services.errors import ValidationFailed
from services.permissions import NotAllowed
from tests.factories import Factory

C, B = Speaker.CALLER, Speaker.BOT
MISS_DE, MISS_EN = phrase("not_understood", "de"), phrase("not_understood", "en")
GIVE_UP_DE = phrase("offer_call_back", "de")
CHAT_DE = ((B, "Grüß Gott!"), (C, "Wann habt ihr offen?"), (B, "Von 9 bis 18 Uhr."))


@pytest.mark.parametrize(
    ("facts", "text", "fields"),
    [
        (
            CallFacts("de-AT", CallOutcome.RESOLVED, CHAT_DE, bookings_made=1),
            "Termin gebucht.",
            {"intent": "booking", "bookings_made": 1, "message_taken": False},
        ),
        (
            CallFacts("en-US", CallOutcome.RESOLVED, ((C, "hi"),), bookings_made=2),
            "Booked 2 appointments.",
            {"intent": "booking", "bookings_made": 2},
        ),
        (
            CallFacts("de-AT", CallOutcome.RESOLVED, CHAT_DE, bookings_moved=1),
            "Termin verschoben.",
            {"intent": "move", "bookings_moved": 1},
        ),
        (
            CallFacts("en-US", CallOutcome.CALLER_HUNG_UP, ((C, "cancel"),), bookings_cancelled=1),
            "Cancelled an appointment.",
            {"intent": "cancel", "bookings_cancelled": 1},
        ),
        (
            CallFacts("de-AT", CallOutcome.RESOLVED, CHAT_DE, messages_taken=1),
            "Nachricht hinterlassen.",
            {"intent": "message", "message_taken": True, "handed_over": False},
        ),
        (
            CallFacts("de-AT", CallOutcome.HANDED_OVER, ((C, "Einen Menschen bitte"),)),
            "An einen Menschen verbunden.",
            {"intent": "person", "handed_over": True},
        ),
        (
            CallFacts("de-AT", CallOutcome.RESOLVED, CHAT_DE),
            "Frage beantwortet.",
            {"intent": "question", "unanswered_questions": []},
        ),
        (
            CallFacts(
                "de-AT",
                CallOutcome.CALLER_HUNG_UP,
                (
                    (B, "Grüß Gott!"),
                    (C, "Habt ihr Gutscheine?"),
                    (B, MISS_DE),
                    (C, "Gutscheine  zum Verschenken?"),
                    (B, GIVE_UP_DE),
                    (C, "habt ihr gutscheine?"),
                    (B, MISS_DE),
                ),
            ),
            "2 Fragen offen.",
            {
                "intent": "question",
                "unanswered_questions": ["Habt ihr Gutscheine?", "Gutscheine zum Verschenken?"],
            },
        ),
        (
            CallFacts("en-US", CallOutcome.RESOLVED, ((C, "Do you sell vouchers?"), (B, MISS_EN))),
            "1 question unanswered.",
            {"unanswered_questions": ["Do you sell vouchers?"]},
        ),
        (
            CallFacts("en-US", CallOutcome.CALLER_HUNG_UP, ((B, "Hello!"), (C, "uh"))),
            "No request recognised.",
            {"intent": "question", "unanswered_questions": []},
        ),
        (
            CallFacts("de-AT", CallOutcome.SILENCE_TIMEOUT, ((B, "Grüß Gott!"),)),
            "Nichts gesagt.",
            {"intent": "none"},
        ),
        (
            CallFacts("en-US", CallOutcome.REJECTED),
            "Call turned away.",
            {"intent": "none", "handed_over": False},
        ),
        (
            CallFacts(
                "de-AT",
                CallOutcome.HANDED_OVER,
                CHAT_DE,
                bookings_made=1,
                bookings_cancelled=1,
                messages_taken=1,
            ),
            "Termin gebucht, Termin storniert, Nachricht hinterlassen; "
            "an einen Menschen verbunden.",
            {"intent": "booking", "bookings_cancelled": 1, "handed_over": True},
        ),
    ],
)
def test_summarise_call(facts: CallFacts, text: str, fields: dict) -> None:
    summary = summarise_call(facts)
    assert summary.text == text
    assert fields.items() <= summary.fields.items()
    assert set(summary.fields) == {
        "intent",
        "bookings_made",
        "bookings_moved",
        "bookings_cancelled",
        "message_taken",
        "handed_over",
        "unanswered_questions",
    }


def test_the_line_names_what_was_booked() -> None:
    start = datetime(2026, 12, 4, 15, 0, tzinfo=VIENNA)
    booked = (("Herrenschnitt", start),)
    german = CallFacts("de-AT", CallOutcome.RESOLVED, CHAT_DE, bookings_made=1, booked=booked)
    assert summarise_call(german).text == "Termin gebucht (Herrenschnitt, 4.12. 15:00)."
    english = CallFacts("en-US", CallOutcome.RESOLVED, (), bookings_made=1, booked=booked)
    assert summarise_call(english).text == "Booked an appointment (Herrenschnitt, Dec 4 15:00)."


def test_a_clarifying_question_is_not_an_unanswered_one() -> None:
    asked = ((C, "Was kostet das?"), (B, phrase("clarify", "de", first="a", second="b")))
    assert unanswered_questions(asked) == []


def test_an_acknowledgement_the_bot_missed_is_no_unanswered_question() -> None:
    missed = phrase("no_information", "de")
    asked = (
        (C, "ja"),
        (B, missed),
        (C, "Okay."),
        (B, missed),
        (C, "Habt ihr Gutscheine?"),
        (B, missed),
    )
    assert unanswered_questions(asked) == ["Habt ihr Gutscheine?"]


@pytest.fixture
def tenant(make: Factory) -> Tenant:
    return make.tenant()


@pytest.fixture
def bot(make: Factory, tenant: Tenant) -> Bot:
    return make.bot(tenant, name="Rezeption", faq=[{"question": "Wo?", "answer": "Wien"}])


def test_finish_call_writes_the_summary_from_what_the_call_stored(
    make: Factory, tenant: Tenant, bot: Bot, session_factory: sessionmaker[Session]
) -> None:
    now = utcnow()
    call = make.call(
        tenant,
        bot,
        from_number="+436641234567",
        status=CallStatus.IN_PROGRESS,
        duration_seconds=None,
        started_at=now - timedelta(minutes=2),
        answered_at=now - timedelta(minutes=2),
    )
    service = make.service(tenant, name="Herrenschnitt")
    start = datetime(2026, 12, 4, 14, 0, tzinfo=UTC)  # 15:00 in Vienna
    make.booking(tenant, service, call_id=call.id, source=BookingSource.PHONE, starts_at=start)
    # The caller's older booking, cancelled during this call; another caller's is not counted.
    make.booking(
        tenant,
        service,
        caller_phone="+436641234567",
        status=BookingStatus.CANCELLED,
        updated_at=now - timedelta(minutes=1),
    )
    make.booking(
        tenant,
        service,
        caller_phone="+4315550000",
        status=BookingStatus.CANCELLED,
        updated_at=now - timedelta(minutes=1),
    )
    make.message(tenant, bot, call_id=call.id)
    turns = [
        TurnRecord(Speaker.BOT, "Grüß Gott!", 0, 900),
        TurnRecord(Speaker.CALLER, "Habt ihr Gutscheine?", 1500, 2400),
        TurnRecord(Speaker.BOT, MISS_DE, 2600, 5000),
    ]
    with tenant_session(session_factory, tenant.id) as db, db.begin():
        assert finish_call(
            session=db,
            call_id=call.id,
            outcome=CallOutcome.RESOLVED,
            turns=turns,
            stt_seconds=1.0,
            tts_characters=10,
        )
    with tenant_session(session_factory, tenant.id) as db:
        stored = db.get(Call, call.id)
        assert stored.summary == (
            "Termin gebucht (Herrenschnitt, 4.12. 15:00), Termin storniert, Nachricht "
            "hinterlassen; 1 Frage offen."
        )
        assert stored.summary_fields["intent"] == "booking"
        assert stored.summary_fields["unanswered_questions"] == ["Habt ihr Gutscheine?"]


def test_unanswered_questions_listed_then_added_to_the_faq(
    make: Factory, tenant: Tenant, bot: Bot, session_factory: sessionmaker[Session]
) -> None:
    now = datetime(2026, 12, 9, 12, 0, tzinfo=UTC)
    fields = {"unanswered_questions": ["Habt ihr Gutscheine?", "Wo?"]}
    make.call(tenant, bot, started_at=now - timedelta(days=1), summary_fields=fields)
    make.call(
        tenant,
        bot,
        started_at=now - timedelta(hours=1),
        summary_fields={"unanswered_questions": ["habt ihr  Gutscheine?"]},
    )
    make.call(
        tenant,
        bot,
        started_at=now - timedelta(days=30),
        summary_fields=fields | {"unanswered_questions": ["Parkplatz?"]},
    )
    other = make.tenant()
    make.call(other, make.bot(other), started_at=now, summary_fields=fields)
    member = make.user(tenant, role=Role.CUSTOMER_USER)
    with tenant_session(session_factory, tenant.id) as db:
        found = recent_unanswered(session=db, now=now)
        # newest first, once per bot, not what the FAQ has, not older than two weeks
        assert [(q.question, q.bot_name) for q in found] == [("habt ihr  Gutscheine?", "Rezeption")]
        add_question_to_faq(
            session=db, bot_id=bot.id, question=found[0].question, actor=db.get(User, member.id)
        )
        assert db.get(Bot, bot.id).faq[-1] == {"question": "habt ihr Gutscheine?", "answer": ""}
        assert recent_unanswered(session=db, now=now) == []
        with pytest.raises(ValidationFailed) as twice:
            add_question_to_faq(
                session=db,
                bot_id=bot.id,
                question="Habt ihr Gutscheine?",
                actor=db.get(User, member.id),
            )
        assert twice.value.fields == {"question": ALREADY_IN_FAQ}
        gone = db.get(User, member.id)
        gone.is_active = False
        with pytest.raises(NotAllowed):
            add_question_to_faq(session=db, bot_id=bot.id, question="Neu?", actor=gone)
