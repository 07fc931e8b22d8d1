"""Slot filling on the phone, German and English: the scripted engine with a call's real
booking desk (voice_runtime/call_desk.py) on the test database — book, correct mid-way,
move, cancel, take a message; the book shows each step and no other caller's booking."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session, sessionmaker

from integrations.dialogue.base import Action, BotProfile
from integrations.dialogue.phrases import spoken_day
from integrations.dialogue.scripted import VIENNA, ScriptedDialogue
from integrations.dialogue.spoken_time import clock_alone
from integrations.speech.audio import mulaw_to_pcm, pcm_to_mulaw
from integrations.speech.espeak_tts import EspeakSynthesizer
from models import (
    Booking,
    BookingRules,
    BookingSource,
    BookingStatus,
    BotLanguage,
    Message,
    Service,
    Tenant,
)
from tests.factories import Factory
from tests.voice_runtime.conftest import CALLER, EVERY_DAY, run_now
from voice_runtime.call_desk import Desks
from voice_runtime.engines import build_engines


class Phone:
    """One caller talking to one bot, as the runtime wires it for a call."""

    def __init__(self, engine: ScriptedDialogue) -> None:
        self.engine = engine
        self.said: list[str] = []

    async def say(self, text: str) -> str:
        reply = await self.engine.respond(text, [])
        self.said.append(reply.text)
        self.last = reply
        return reply.text


@pytest.fixture
def salon(make: Factory) -> dict[str, Any]:
    tenant = make.tenant(name="Salon Schönhaar")
    bots = {
        language: make.bot(
            tenant,
            name="Rezeption",
            language=language,
            business_hours=EVERY_DAY,
            handover_number=None,
            faq=[{"question": "Was kostet ein Herrenschnitt?", "answer": "32 Euro."}],
        )
        for language in (BotLanguage.DE_AT, BotLanguage.EN_US)
    }
    make.service(tenant, name="Herrenschnitt", duration_minutes=30, capacity=1)
    make.service(tenant, name="Färben", duration_minutes=120, capacity=1)
    make.booking_rules(tenant, min_notice_minutes=60)
    make.session.commit()
    return {"tenant": tenant, "bots": bots}


@pytest.fixture
def phone(
    make: Factory, salon: dict[str, Any], session_factory: sessionmaker[Session]
) -> Callable[..., Phone]:
    def dial(language: BotLanguage = BotLanguage.DE_AT, from_number: str = CALLER) -> Phone:
        tenant: Tenant = salon["tenant"]
        bot = salon["bots"][language]
        call = make.call(tenant, bot, from_number=from_number)
        make.session.commit()
        engine = ScriptedDialogue(BotProfile.from_bot(bot))
        desks = Desks(session_factory, "http://portal.test")
        engine.use_desk(
            desks.for_call(run_now, tenant_id=tenant.id, bot_id=bot.id, call_id=call.id)
        )
        return Phone(engine)

    return dial


def tomorrow() -> datetime:
    return datetime.now(VIENNA) + timedelta(days=1)


def close_tomorrow(staff_db: Session, salon: dict[str, Any]) -> str:
    """Tomorrow closed in the salon's booking rules; the day after, as the bot says it."""
    rules = staff_db.scalar(
        select(BookingRules).where(BookingRules.tenant_id == salon["tenant"].id)
    )
    rules.closed_days = [tomorrow().date().isoformat()]
    staff_db.commit()
    today = datetime.now(VIENNA).date()
    return spoken_day(today + timedelta(days=2), today, "de-AT")


def booked(staff_db: Session) -> list[Booking]:
    staff_db.expire_all()
    return list(staff_db.scalars(select(Booking).order_by(Booking.id)))


async def test_german_caller_books_with_a_correction_on_the_way(phone, staff_db) -> None:
    call = phone()
    assert "Wofür" in await call.say("Grüß Gott, ich hätte gern einen Termin")
    offered = await call.say("Einen Herrenschnitt, morgen um zehn")
    assert offered == "Auf welchen Namen darf ich den Termin eintragen?"  # 10:00 was free
    name_asked = await call.say("Nein, lieber am Samstag um drei")  # a correction
    assert name_asked == "Auf welchen Namen darf ich den Termin eintragen?"
    summary = await call.say("Mein Name ist Maria Huber")
    assert "um 15 Uhr, auf den Namen Maria Huber" in summary
    saturday = "morgen" if tomorrow().weekday() == 5 else "am Samstag"  # as the date falls
    assert summary.startswith(f"Ich fasse zusammen: Herrenschnitt, {saturday}")
    ahead = call.last.ahead  # the confirmation, synthesized while the caller answers
    assert (await call.say("Ja, passt")).startswith("Ihr Termin ist gebucht: Herrenschnitt")
    assert call.said[-1] == ahead

    [booking] = booked(staff_db)
    start = booking.starts_at.astimezone(VIENNA)
    assert (start.weekday(), start.hour, start.minute) == (5, 15, 0)
    assert (booking.caller_name, booking.caller_phone) == ("Maria Huber", CALLER)
    assert (booking.source, booking.status) == (BookingSource.PHONE, BookingStatus.BOOKED)
    assert booking.call_id is not None


async def test_a_time_said_when_the_name_is_asked_corrects_the_time(phone, staff_db) -> None:
    call = phone()
    await call.say("Einen Herrenschnitt, morgen um zehn")
    assert await call.say("Halb vier") == "Auf welchen Namen darf ich den Termin eintragen?"
    assert await call.say("lieber um drei") == "Auf welchen Namen darf ich den Termin eintragen?"
    summary = await call.say("Anna Freitag")  # a name with a weekday in it is still a name
    assert summary == (
        "Ich fasse zusammen: Herrenschnitt, morgen um 15 Uhr, auf den Namen Anna Freitag. "
        "Soll ich das so buchen?"
    )
    await call.say("ja")
    [booking] = booked(staff_db)
    assert booking.caller_name == "Anna Freitag"
    assert booking.starts_at.astimezone(VIENNA).time() == time(15, 0)


async def test_a_time_with_its_part_of_the_day_is_that_time(phone, staff_db) -> None:
    """ "halb sechs am Nachmittag" is 17:30, free, and booked: the part of the day only
    says which reading of "halb sechs" is meant (it was refused as taken, 17:30 being
    evening among the times offered); "um 17 Uhr ein Herrenschnitt" is 17:00, not 17:01."""
    call = phone()
    await call.say("Einen Herrenschnitt, morgen um halb sechs am Nachmittag")
    assert (await call.say("Maria Huber")).startswith(
        "Ich fasse zusammen: Herrenschnitt, morgen um 17 Uhr 30"
    )
    call = phone()
    await call.say("Geht morgen um 17 Uhr ein Herrenschnitt?")
    assert (await call.say("Maria Huber")).startswith(
        "Ich fasse zusammen: Herrenschnitt, morgen um 17 Uhr,"
    )


async def test_a_day_the_business_is_closed_is_said_to_be_closed(phone, salon, make) -> None:
    """Asked for a day its hours leave out, the bot says it is closed then, and offers the
    next free times; it said the day was fully booked ("nichts mehr frei")."""
    closed = list(EVERY_DAY)[tomorrow().weekday()]
    make.session.merge(salon["bots"][BotLanguage.DE_AT]).business_hours = {
        day: hours for day, hours in EVERY_DAY.items() if day != closed
    }
    make.session.commit()
    answer = await phone().say("Einen Herrenschnitt morgen um zehn")
    assert answer.startswith("Morgen haben wir leider geschlossen. Frei wäre am ")
    assert answer.endswith("um 8 Uhr, um 8 Uhr 30 oder um 9 Uhr. Passt Ihnen davon etwas?")
    answer = await phone().say("Einen Herrenschnitt übermorgen um zehn")  # open: as before
    assert "geschlossen" not in answer


async def test_how_long_a_service_takes_and_what_it_costs_come_from_the_services(
    phone, salon, make
) -> None:
    """Typed calls at the demo salon: "Wie lange dauert ein Herrenschnitt?" got "Meinen Sie
    unsere Adresse?", and a price the owner keeps with the service "Das kann ich leider nicht
    beantworten"; the tour line answered the sunset walk's price with the Old Town walk's."""
    make.service(salon["tenant"], name="Beratung", duration_minutes=15, price_cents=0)
    make.session.commit()
    call = phone()
    said = await call.say("Wie lange dauert das Färben?")
    assert said == "Ein Termin für Färben dauert etwa 2 Stunden."
    assert await call.say("Was kostet das Färben?") == "Färben kostet 35 Euro."
    # The owner's entry names the Herrenschnitt: their words come first.
    assert await call.say("Was kostet ein Herrenschnitt?") == "32 Euro."
    both = "Ein Termin für Färben dauert etwa 2 Stunden und kostet 35 Euro."
    assert await call.say("Wie lange dauert das Färben und was kostet es?") == both
    # No price given is no price said (not "0 Euro"); how long it takes is known.
    assert "0 Euro" not in await call.say("Was kostet die Beratung?")
    assert await call.say("Wie lange dauert die Beratung?") == (
        "Ein Termin für Beratung dauert etwa 15 Minuten."
    )
    english = phone(BotLanguage.EN_US)
    assert await english.say("How long does the Färben take?") == (
        "The Färben takes about 2 hours."
    )


async def test_a_time_taken_in_so_many_words_is_booked_though_not_offered(phone) -> None:
    """A typed call at the tour line: offered 8, 8:30 or 9 am, "Ten is fine" got "Sorry, I
    did not catch that"; a time said with words of taking it is that time."""
    call = phone(BotLanguage.EN_US)
    offered = await call.say("Can I book a Herrenschnitt the day after tomorrow in the morning?")
    assert offered.endswith("Which time suits you?"), offered
    assert await call.say("Eleven is fine") == "What name shall I put the booking under?"


async def test_another_part_of_the_day_asked_for_offers_its_times(phone) -> None:
    """A typed call at the demo salon: offered 9, 9:30 or 10 on Thursday, "Geht auch was am
    Nachmittag?" got the opening hours read out and the same three times again."""
    call = phone()
    morning = await call.say("Einen Herrenschnitt übermorgen am Vormittag")
    assert morning.endswith("Welche Zeit passt Ihnen?"), morning
    afternoon = await call.say("Geht auch was am Nachmittag?")
    assert afternoon.endswith("Welche Zeit passt Ihnen?"), afternoon
    hours = [int(h) for h in re.findall(r"um (\d+) Uhr", afternoon)]
    assert hours and all(12 <= h < 18 for h in hours), afternoon
    assert "geöffnet" not in afternoon


async def test_small_words_when_the_name_is_asked_are_no_name(phone, staff_db) -> None:
    """ "Ja genau" is asked again (it was booked on the name "Genau"), "Nein danke" turns
    the booking down (it was read back on the name "Nein"); nothing is booked."""
    call = phone()
    await call.say("Einen Herrenschnitt, morgen um zehn")
    asked = "Auf welchen Namen darf ich den Termin eintragen?"
    assert (await call.say("Ja genau")).endswith(asked)
    assert (await call.say("Nein danke")).startswith("Gut, dann trage ich nichts ein.")
    assert booked(staff_db) == []


async def test_times_offered_on_another_day_keep_their_day_when_asked_again(
    phone, staff_db, salon
) -> None:
    """Tomorrow is closed: the times offered are the day after's, said with their day, and
    again with it when the caller's answer was not understood."""
    day_after = close_tomorrow(staff_db, salon)  # "am Sonntag, 6. Dezember"
    call = phone()
    offer = await call.say("Einen Herrenschnitt, morgen")
    assert offer.startswith(f"Morgen ist leider nichts mehr frei. Frei wäre {day_after} um "), offer
    again = await call.say("Blau")
    assert again.startswith(
        f"Entschuldigung, das habe ich nicht verstanden. Welche Zeit passt Ihnen: {day_after} um "
    ), again


async def test_a_part_of_the_day_or_a_time_after_times_on_another_day_stay_on_that_day(
    phone, staff_db, salon
) -> None:
    """Tomorrow is closed and the day after's morning is offered. "Eher am Nachmittag"
    offered the same morning again, and "doch lieber um halb vier" once the day after's
    12:30 was read back went back to tomorrow ("Morgen ist leider nichts mehr frei …").
    Now the afternoon of the day after is offered, and the time is changed on its day."""
    day_after = close_tomorrow(staff_db, salon)
    call = phone()
    assert (await call.say("Habt ihr morgen was frei für einen Herrenschnitt?")).endswith(
        f"Frei wäre {day_after} um 8 Uhr, um 8 Uhr 30 oder um 9 Uhr. Passt Ihnen davon etwas?"
    )
    assert (await call.say("Eher am Nachmittag")).endswith(
        f"Frei wäre {day_after} um 12 Uhr, um 12 Uhr 30 oder um 13 Uhr. Passt Ihnen davon etwas?"
    )
    await call.say("Den zweiten")
    summary = f"Ich fasse zusammen: Herrenschnitt, {day_after} um "
    assert (await call.say("Maria Huber")).startswith(f"{summary}12 Uhr 30, auf den Namen")
    assert (await call.say("Moment, doch lieber um halb vier")).startswith(
        f"{summary}15 Uhr 30, auf den Namen Maria Huber"
    )
    assert (await call.say("Ja")).startswith("Ihr Termin ist gebucht")
    [booking] = booked(staff_db)
    start = booking.starts_at.astimezone(VIENNA)
    assert (start.date(), start.hour, start.minute) == (
        tomorrow().date() + timedelta(days=1),
        15,
        30,
    )


async def test_english_caller_corrects_the_day_when_the_name_is_asked(phone, staff_db) -> None:
    call = phone(BotLanguage.EN_US)
    await call.say("A Herrenschnitt tomorrow at ten please")
    assert await call.say("half past three") == "What name shall I put the booking under?"
    assert await call.say("actually Saturday") == "What name shall I put the booking under?"
    summary = await call.say("My name is Friday")
    assert summary.startswith("So that is Herrenschnitt, ")  # the day said as the date falls
    assert summary.endswith(" at 3:30 pm, under the name Friday. Shall I book that?")
    await call.say("yes")
    [booking] = booked(staff_db)
    start = booking.starts_at.astimezone(VIENNA)
    assert (start.weekday(), start.hour, start.minute, booking.caller_name) == (5, 15, 30, "Friday")


async def test_english_caller_picks_one_of_the_offered_times(phone, staff_db) -> None:
    call = phone(BotLanguage.EN_US)
    asked = await call.say("I would like to book an appointment for colouring tomorrow")
    assert "What would you like to book" in asked  # "colouring" names no service here
    offer = await call.say("Färben please")
    assert offer == "Tomorrow I have 8 am, 8:30 am, or 9 am free. Which time suits you?"
    assert await call.say("the second one") == "What name shall I put the booking under?"
    summary = await call.say("It's John Smith")
    assert summary == (
        "So that is Färben, tomorrow at 8:30 am, under the name John Smith. Shall I book that?"
    )
    assert (await call.say("yes")).startswith("You are booked: Färben, tomorrow at 8:30 am.")
    [booking] = booked(staff_db)
    assert booking.starts_at.astimezone(VIENNA).replace(tzinfo=None) == tomorrow().replace(
        hour=8, minute=30, second=0, microsecond=0, tzinfo=None
    )


async def test_a_taken_time_offers_the_nearest_free_ones(phone, staff_db) -> None:
    start = tomorrow().replace(hour=15, minute=0, second=0, microsecond=0)
    call = phone()
    first = phone(from_number="+436609999999")
    await first.say("Ich möchte einen Herrenschnitt morgen um drei buchen")
    await first.say("Huber")
    await first.say("ja")
    assert booked(staff_db)[0].starts_at.astimezone(VIENNA) == start
    answer = await call.say("Einen Termin für einen Herrenschnitt morgen um drei bitte")
    assert answer == (
        "Morgen um 15 Uhr ist leider nichts frei. Frei wäre um 14 Uhr 30, um 15 Uhr 30 oder "
        "um 16 Uhr. Welche Zeit passt Ihnen?"
    )
    assert await call.say("halb vier") == "Auf welchen Namen darf ich den Termin eintragen?"


async def test_caller_cancels_then_another_caller_gets_the_freed_time(phone, staff_db) -> None:
    booker = phone()
    await booker.say("Herrenschnitt morgen um 11 Uhr, bitte einen Termin")
    await booker.say("Maria Huber")
    await booker.say("Ja")
    [booking] = booked(staff_db)

    stranger = phone(from_number="+436601111111")  # another number finds nothing
    await stranger.say("Ich möchte meinen Termin absagen")
    assert (await stranger.say("Maria Huber")).startswith("Unter Ihrer Telefonnummer finde ich")

    canceller = phone()
    assert "Auf welchen Namen" in await canceller.say("Ich muss meinen Termin leider absagen")
    question = await canceller.say("Huber")
    assert question.startswith("Ihr Termin: Herrenschnitt, morgen um 11 Uhr. Soll ich ihn absagen?")
    ahead = canceller.last.ahead
    assert (await canceller.say("Ja bitte")).startswith("Ihr Termin Herrenschnitt, morgen")
    assert canceller.said[-1] == ahead
    assert booked(staff_db)[0].status is BookingStatus.CANCELLED

    third = phone(from_number="+436602222222")
    await third.say("Herrenschnitt morgen um 11 Uhr, bitte einen Termin")
    await third.say("Eva Berger")
    assert (await third.say("passt")).startswith("Ihr Termin ist gebucht")
    assert [b.status for b in booked(staff_db)] == [BookingStatus.CANCELLED, BookingStatus.BOOKED]
    assert booked(staff_db)[1].starts_at == booking.starts_at


async def test_a_booking_moved_or_cancelled_in_everyday_words_is_found(phone, staff_db) -> None:
    """ "Ich möchte meinen Termin umlegen" and "Ich sage meinen Termin ab" look for the
    caller's booking; they began a new one, so a caller moving a booking had two. Asking
    what cancelling costs began a cancellation."""
    booker = phone()
    await booker.say("Herrenschnitt morgen um 11 Uhr, bitte einen Termin")
    await booker.say("Maria Huber")
    await booker.say("Ja")
    mover = phone()
    assert "Auf welchen Namen" in await mover.say("Ich möchte meinen Termin umlegen")
    question = await mover.say("Huber")
    assert question.startswith("Ihr Termin: Herrenschnitt, morgen um 11 Uhr. Auf welchen Tag")
    # A day said with its own preposition: it read "Ich verschiebe … auf am Montag, …".
    assert (await mover.say("übermorgen um 11")).startswith(
        "Ihr Termin für Herrenschnitt ist dann am "
    )
    asker = phone()  # what cancelling costs is a question, not a cancellation
    assert "Auf welchen Namen" not in await asker.say("Kostet es was, wenn ich den Termin absage?")
    not_coming = phone()  # asked to be sure: "Soll ich ihn absagen?"
    assert "Auf welchen Namen" in await not_coming.say("Ich schaffe meinen Termin morgen nicht")
    canceller = phone()
    assert "Auf welchen Namen" in await canceller.say("Ich sage meinen Termin ab")
    question = await canceller.say("Huber")
    assert question.startswith("Ihr Termin: Herrenschnitt, morgen um 11 Uhr. Soll ich ihn absagen?")
    assert (await canceller.say("Ja bitte")).startswith("Ihr Termin Herrenschnitt, morgen")
    assert [b.status for b in booked(staff_db)] == [BookingStatus.CANCELLED]


async def test_the_day_of_the_booking_to_move_or_miss_names_that_booking(phone, staff_db) -> None:
    """ "Ich müsste meinen Termin morgen verschieben" moves tomorrow's booking and asks for
    the new day: it offered tomorrow's free times, as if tomorrow were the new day. "Ich
    kann morgen leider nicht kommen" (no word for the booking) cancels it, asked first: it
    offered a message. Another time on the same day is the new time. With two bookings,
    the day said picks one without asking which."""
    for day in ("morgen", "übermorgen"):
        booker = phone()
        await booker.say(f"Herrenschnitt {day} um 11 Uhr, bitte einen Termin")
        await booker.say("Maria Huber")
        await booker.say("Ja")
    assert len(booked(staff_db)) == 2
    mover = phone()
    assert "Auf welchen Namen" in await mover.say("Ich müsste meinen Termin morgen verschieben")
    assert (await mover.say("Huber")) == (
        "Ihr Termin: Herrenschnitt, morgen um 11 Uhr. Auf welchen Tag möchten Sie ihn verschieben?"
    )
    same_day = phone()
    await same_day.say("Kann ich meinen Termin morgen auf 16 Uhr verschieben?")
    assert (await same_day.say("Huber")).startswith(
        "Ihr Termin für Herrenschnitt ist dann morgen um 16 Uhr."
    )
    not_coming = phone()
    assert "Auf welchen Namen" in await not_coming.say("Ich kann morgen leider nicht kommen")
    question = await not_coming.say("Maria Huber")
    assert question.startswith("Ihr Termin: Herrenschnitt, morgen um 11 Uhr. Soll ich ihn absagen?")
    english = phone(BotLanguage.EN_US)
    assert "What name" in await english.say("I can't make it tomorrow")


async def test_caller_moves_their_booking(phone, staff_db) -> None:
    booker = phone(BotLanguage.EN_US)
    await booker.say("Can I book a Herrenschnitt tomorrow at 9 am")
    await booker.say("My name is John Smith")
    await booker.say("yes")
    mover = phone(BotLanguage.EN_US)
    assert "What name" in await mover.say("I need to reschedule my appointment")
    question = await mover.say("John Smith")
    assert question.startswith("Your booking: Herrenschnitt, tomorrow at 9 am. Which day")
    assert (await mover.say("tomorrow at 4 pm")).startswith(
        "So your Herrenschnitt will be tomorrow"
    )
    ahead = mover.last.ahead
    assert (await mover.say("correct")).startswith("Done: Herrenschnitt is now tomorrow at 4 pm")
    assert mover.said[-1] == ahead
    [booking] = booked(staff_db)
    assert booking.status is BookingStatus.MOVED
    assert booking.starts_at.astimezone(VIENNA).hour == 16


async def test_asking_for_a_person_with_nobody_to_put_through_takes_a_message(
    phone, staff_db
) -> None:
    call = phone()
    offer = await call.say("Kann ich bitte mit einem Mitarbeiter sprechen?")
    assert offer.startswith("Gerade ist leider niemand erreichbar.")
    assert await call.say("Ja") == "Gern. Worum geht es?"
    assert await call.say("Ich habe meinen Schal bei Ihnen vergessen") == (
        "Danke. Und wie ist Ihr Name?"
    )
    assert (await call.say("Maria Huber")).startswith("Danke, ich habe Ihre Nachricht notiert.")
    staff_db.expire_all()
    [message] = staff_db.scalars(select(Message)).all()
    assert (message.caller_name, message.caller_phone) == ("Maria Huber", CALLER)
    assert message.about == "Ich habe meinen Schal bei Ihnen vergessen"


async def test_a_caller_who_asks_to_leave_a_message_is_asked_for_it(phone, staff_db) -> None:
    """Phoned as the demo Heuriger's caller: "Kann ich eine Nachricht für den Chef
    hinterlassen?" got "Dazu habe ich leider keine Information – soll ich eine Nachricht
    aufnehmen?", and on the tour line the message said to that offer ("it's about a group
    booking …, please call me back") started a booking, and was lost."""
    german = phone()
    assert await german.say("Kann ich eine Nachricht für den Chef hinterlassen?") == (
        "Gern. Worum geht es?"
    )
    assert await german.say("Es geht um eine Feier für zwanzig Personen am Samstag") == (
        "Danke. Und wie ist Ihr Name?"
    )
    assert (await german.say("Maria Huber")).startswith("Danke, ich habe Ihre Nachricht notiert.")
    english = phone(BotLanguage.EN_US)
    assert (await english.say("Are you hiring apprentices?")).endswith("Shall I take a message?")
    group = "It's about a group booking for twenty people next month, please call me back"
    assert await english.say(group) == "Thank you. And what is your name?"
    assert (await english.say("Anna Berger")).startswith("Thank you, I have taken your message.")
    at_once = phone()
    assert await at_once.say("Bitte um Rückruf wegen der Feier am Samstag") == (
        "Danke. Und wie ist Ihr Name?"
    )
    assert (await at_once.say("Maria Huber")).startswith("Danke, ich habe Ihre Nachricht")
    staff_db.expire_all()
    assert sorted((m.caller_name, m.about) for m in staff_db.scalars(select(Message))) == [
        ("Anna Berger", group),
        ("Maria Huber", "Bitte um Rückruf wegen der Feier am Samstag"),
        ("Maria Huber", "Es geht um eine Feier für zwanzig Personen am Samstag"),
    ]
    assert booked(staff_db) == []


async def test_a_message_asked_for_and_then_not_left_takes_nothing_down(phone, staff_db) -> None:
    call = phone(BotLanguage.EN_US)
    assert await call.say("Can you take a message?") == "Sure. What is it about?"
    assert await call.say("No, never mind") == "All right. What else can I do for you?"
    assert await call.say("How much is a Herrenschnitt?") == "32 Euro."
    staff_db.expire_all()
    assert staff_db.scalars(select(Message)).all() == []


async def test_a_booking_asked_for_where_nothing_is_booked_is_passed_on(
    make: Factory, session_factory: sessionmaker[Session], staff_db
) -> None:
    """Phoned as the demo Heuriger's caller (no services to book): "Kann ich für Freitag
    einen Tisch für sechs Personen reservieren?" got the FAQ's "Gern! … bitten wir um
    Reservierung", and the time said next got "Meinen Sie …?": the request was lost. Now the
    owner's answer is said and the request offered to be passed on; what the caller adds
    goes with it."""
    tenant = make.tenant(name="Heuriger")
    faq = [{"question": "Kann man reservieren?", "answer": "Ab sechs Personen bitte."}]
    bot = make.bot(tenant, language=BotLanguage.DE_AT, business_hours=EVERY_DAY, faq=faq)
    call = make.call(tenant, bot, from_number=CALLER)
    make.session.commit()
    engine = ScriptedDialogue(BotProfile.from_bot(bot))
    desks = Desks(session_factory, "http://portal.test")
    engine.use_desk(desks.for_call(run_now, tenant_id=tenant.id, bot_id=bot.id, call_id=call.id))
    heuriger = Phone(engine)
    asked = "Kann ich für Freitag einen Tisch für sechs Personen reservieren?"
    assert await heuriger.say(asked) == (
        "Ab sechs Personen bitte. Soll ich Ihren Wunsch weitergeben? Dann meldet sich jemand"
        " bei Ihnen."
    )
    assert await heuriger.say("So gegen sieben am Abend") == "Danke. Und wie ist Ihr Name?"
    assert (await heuriger.say("Gruber")).startswith("Danke, ich habe Ihre Nachricht notiert.")
    staff_db.expire_all()
    [message] = staff_db.scalars(select(Message)).all()
    assert (message.caller_name, message.about) == ("Gruber", f"{asked} So gegen sieben am Abend")
    assert booked(staff_db) == []


async def test_small_words_for_the_name_on_a_message_are_no_name(phone, staff_db) -> None:
    """ "Nein danke" when the name for a message is asked notes nothing (it was noted as
    the caller's name); "Ja" asks once more."""
    call = phone()
    await call.say("Kann ich bitte mit einem Mitarbeiter sprechen?")
    await call.say("Ja")
    assert (await call.say("Ich habe meinen Schal vergessen")).endswith("wie ist Ihr Name?")
    assert await call.say("Ja") == "Auf welchen Namen soll ich die Nachricht notieren?"
    assert (await call.say("Nein danke")).startswith("Gut, dann notiere ich nichts.")
    call = phone()
    await call.say("Kann ich bitte mit einem Mitarbeiter sprechen?")
    await call.say("Ich habe meinen Schal bei Ihnen vergessen, bitte rufen Sie mich an")
    assert (await call.say("Ja genau")).startswith("Auf welchen Namen")
    assert (await call.say("Mein Name ist Maria Huber")).startswith("Danke, ich habe Ihre")
    staff_db.expire_all()
    assert [m.caller_name for m in staff_db.scalars(select(Message))] == ["Maria Huber"]


async def test_a_question_asked_again_after_a_miss_is_not_acknowledged_again(phone) -> None:
    """ "Gern." says yes to what the caller asked for: first, not after "pardon"."""
    german, english = phone(), phone(BotLanguage.EN_US)
    services = "Zur Auswahl stehen Färben oder Herrenschnitt."
    assert await german.say("Ich hätte gern einen Termin") == (
        f"Gern. Wofür möchten Sie einen Termin? {services}"
    )
    assert await german.say("Bananen") == (
        f"Entschuldigung, das habe ich nicht verstanden. Wofür möchten Sie einen Termin? {services}"
    )
    assert await german.say("Herrenschnitt") == (
        "Gern, Herrenschnitt. Für welchen Tag hätten Sie gern einen Termin?"
    )
    assert await german.say("Bananen") == (
        "Entschuldigung, das habe ich nicht verstanden. Für welchen Tag hätten Sie gern einen"
        " Termin?"
    )
    assert await english.say("I want to book an appointment") == (
        "Sure. What would you like to book? We offer Färben or Herrenschnitt."
    )
    assert await english.say("bananas") == (
        "Sorry, I did not catch that. What would you like to book? We offer Färben or"
        " Herrenschnitt."
    )


async def test_two_misses_in_a_row_offer_a_message(phone) -> None:
    call = phone(BotLanguage.EN_US)
    await call.say("I want to book an appointment")
    assert (await call.say("bananas")).startswith("Sorry, I did not catch that.")
    assert (await call.say("purple")).startswith("Sorry, I cannot answer that one. Would you")
    assert call.last.action is Action.CONTINUE


async def test_a_question_the_bot_has_no_information_on_offers_a_message(phone) -> None:
    """Asked what no FAQ entry is near, the bot says it has no information and offers to
    take a message, rather than that it did not catch it; a question it can answer after
    the offer is answered, not written down as the message."""
    german, english = phone(), phone(BotLanguage.EN_US)
    assert await german.say("Sucht ihr einen Lehrling?") == (
        "Dazu habe ich leider keine Information – soll ich eine Nachricht aufnehmen?"
    )
    assert await german.say("Was kostet ein Herrenschnitt?") == "32 Euro."
    assert await english.say("Are you hiring apprentices?") == (
        "Sorry, I have no information on that. Shall I take a message?"
    )
    assert await english.say("yes please") == "Sure. What is it about?"


async def test_asked_for_an_appointment_after_a_message_was_offered_books(phone) -> None:
    """Phoned as the demo salon's caller: after the offer of a message, "Habt ihr am
    Samstag Zeit für mich?" got the FAQ's answer about appointments instead of the book."""
    call = phone()
    assert (await call.say("Sucht ihr einen Lehrling?")).endswith("Nachricht aufnehmen?")
    assert "Wofür" in await call.say("Habt ihr am Samstag Zeit für mich?")
    assert (await call.say("Einen Herrenschnitt um zehn")).startswith("Auf welchen Namen")


async def test_questions_about_booking_stay_with_the_faq(phone) -> None:
    call = phone()
    assert "Wofür" not in await call.say("Wie kann ich einen Termin absagen?")
    assert "Wofür" not in await call.say("Brauche ich einen Termin?")


@pytest.mark.parametrize(
    ("language", "said", "asked"),
    [
        (BotLanguage.DE_AT, "Habt ihr am Samstag Zeit für mich?", "Wofür"),
        (BotLanguage.DE_AT, "Kann ich am Freitag vorbeikommen?", "Wofür"),
        (BotLanguage.EN_US, "Could you fit me in on Saturday?", "What would you like"),
    ],
)
async def test_asked_for_an_appointment_without_the_word_the_book_answers(
    make: Factory, salon: dict[str, Any], phone, language: BotLanguage, said: str, asked: str
) -> None:
    """The demo salon's caller: "Habt ihr am Samstag Zeit für mich?" got the FAQ entry
    about appointments ("please call us") from a bot that books."""
    bot = salon["bots"][language]
    bot.faq = [{"question": "Kann ich einen Termin ausmachen?", "answer": "Bitte rufen Sie an."}]
    make.session.commit()
    assert asked in await phone(language).say(said)


async def test_a_question_on_the_way_is_answered_and_the_booking_goes_on(phone, staff_db) -> None:
    call = phone()
    await call.say("Ich hätte gern einen Termin für einen Herrenschnitt")
    assert await call.say("Was kostet ein Herrenschnitt?") == (
        "32 Euro. Für welchen Tag hätten Sie gern einen Termin?"
    )
    assert await call.say("Morgen um neun") == "Auf welchen Namen darf ich den Termin eintragen?"
    await call.say("Maria Huber")
    assert (await call.say("Ja")).startswith("Ihr Termin ist gebucht")
    assert len(booked(staff_db)) == 1


async def test_when_said_before_what_is_kept_for_the_times_offered(phone, staff_db) -> None:
    """Asked which service, a caller who says when first ("Morgen am Nachmittag, wenn's
    geht") is asked the service again and then offered that afternoon's times. It got the
    opening hours and the same question, then "nicht verstanden" for "Passt, um drei", and
    had to say the day again. A question about the hours there is still answered."""
    call = phone()
    await call.say("Grüß Gott, ich hätte gern einen Termin")
    services = "Zur Auswahl stehen Färben oder Herrenschnitt."
    assert await call.say("Morgen am Nachmittag, wenn's geht") == (
        f"Gern. Wofür möchten Sie einen Termin? {services}"
    )
    assert await call.say("Passt, um drei") == f"Gern. Wofür möchten Sie einen Termin? {services}"
    assert await call.say("Herrenschnitt") == "Auf welchen Namen darf ich den Termin eintragen?"
    assert (await call.say("Maria Huber")).startswith(
        "Ich fasse zusammen: Herrenschnitt, morgen um 15 Uhr,"
    )
    for question in ("Habt ihr morgen offen?", "Wann öffnet ihr morgen?"):  # any form
        call = phone()
        await call.say("Ich hätte gern einen Termin")
        answer = await call.say(question)
        assert answer.startswith("Morgen haben wir von "), question
        assert answer.endswith(f"Wofür möchten Sie einen Termin? {services}")


async def test_what_points_back_at_the_service_named_before_is_about_it(phone, staff_db) -> None:
    """After "Was kostet ein Herrenschnitt?", "Und wie lang dauert das?" is about it (the
    demo salon answered with its address: "zwei Minuten von der U3" was the only duration
    in its FAQ), and "Dann hätt ich gern einen morgen um zehn" books one (a wish with a
    time, no word for a booking: it offered to take a message). A wish to know is still a
    question."""
    call = phone()
    assert await call.say("Was kostet ein Herrenschnitt?") == "32 Euro."
    assert await call.say("Und wie lang dauert das?") == (
        "Ein Termin für Herrenschnitt dauert etwa 30 Minuten."
    )
    asked = await call.say("Dann hätt ich gern einen morgen um zehn")
    assert asked == "Auf welchen Namen darf ich den Termin eintragen?"
    assert (await call.say("Maria Huber")).startswith("Ich fasse zusammen: Herrenschnitt, morgen")
    english = phone(BotLanguage.EN_US)
    assert await english.say("How long does Färben take?") == "The Färben takes about 2 hours."
    assert await english.say("I'd like one tomorrow at 10 am") == (
        "What name shall I put the booking under?"
    )
    asking = phone()
    answer = await asking.say("Ich möchte wissen, ob ihr morgen um zehn offen habt")
    assert answer.startswith("Morgen haben wir von "), answer


async def test_a_phone_booking_is_six_statements_with_one_lock_held_for_the_count(
    salon, make, session_factory, connection
) -> None:
    """What a "yes" costs the database (bench/booking.py measures the rush): the service
    with its rules and the bot's hours in one read, the booking, its audit entry, the
    webhooks to tell, then the times' locks in one statement and the count — and the
    caller's number once a call. Bookers of the same time queue at the lock, so nothing but
    the count (and the commit) comes after it. (Setting the tenant for row security as the
    transaction begins is one more; the test's shared connection also saves and restores
    it, and the booking's writes sit behind a savepoint: those are not counted.)"""
    tenant, bot = salon["tenant"], salon["bots"][BotLanguage.DE_AT]
    call = make.call(tenant, bot, from_number=CALLER)
    make.session.commit()
    service = make.session.scalars(select(Service).where(Service.name == "Herrenschnitt")).one()
    desk = Desks(session_factory, "http://portal.test").for_call(
        run_now, tenant_id=tenant.id, bot_id=bot.id, call_id=call.id
    )
    sent: list[str] = []

    def count(_conn, _cursor, statement: str, *_args: object) -> None:
        harness = ("set_config(", "current_setting(", "SAVEPOINT", "RELEASE SAVEPOINT")
        if not any(word in statement for word in harness):
            sent.append(statement)

    event.listen(connection, "before_cursor_execute", count)
    try:
        first = await desk.book(service.id, tomorrow().replace(hour=9, minute=0), "Maria Huber")
        per_call = len(sent)
        sent.clear()
        second = await desk.book(service.id, tomorrow().replace(hour=10, minute=0), "Maria Huber")
    finally:
        event.remove(connection, "before_cursor_execute", count)
    assert first.ok and second.ok
    assert (per_call, len(sent)) == (7, 6), sent
    assert sum("pg_advisory_xact_lock" in statement for statement in sent) == 1
    assert "pg_advisory_xact_lock" in sent[-2] and sent[-1].startswith("SELECT bookings.id")


async def test_whisper_is_told_the_times_when_the_bot_asks_for_one(
    salon, make, session_factory, whisper
) -> None:
    """An English bot's engines as the runtime builds them: once the booking asks for a
    time, Whisper's prompt ends with the times and the services (listening.py), and it
    hears espeak-ng's "Eleven thirty" as words the dialogue reads (with the bot's prompt
    alone it heard "1130.", which no step reads as a time; bench/booking_hearing.py)."""
    tenant, bot = salon["tenant"], salon["bots"][BotLanguage.EN_US]
    call = make.call(tenant, bot, from_number=CALLER)
    make.session.commit()
    engines = build_engines(BotProfile.from_bot(bot), {}, None, whisper)
    engines.use_desk(
        Desks(session_factory, "http://portal.test").for_call(
            run_now, tenant_id=tenant.id, bot_id=bot.id, call_id=call.id
        )
    )
    assert engines.scripted.listening_for() == ""  # no booking yet: the bot's prompt alone
    asked = await engines.dialogue.respond("I would like a Herrenschnitt tomorrow", [])
    assert asked.text.startswith("Tomorrow I have"), asked.text
    assert "At nine. At ten." in engines.scripted.listening_for()

    clip = mulaw_to_pcm(pcm_to_mulaw(await EspeakSynthesizer("en-US").synthesize_pcm8k(
        "Eleven thirty"
    )))  # fmt: skip
    heard = await engines.transcriber.transcribe(clip)
    assert clock_alone(heard, "en") == time(11, 30), heard


async def test_a_weekday_said_after_next_week_is_in_next_week(phone, staff_db) -> None:
    """The caller asks for next week and the bot offers its days; "Mittwoch", then "lieber
    Donnerstag" meant the coming Wednesday and Thursday, and this week's Thursday was booked
    (a typed call to the demo salon found it)."""
    call = phone()
    offer = await call.say("Ich hätte gern nächste Woche einen Herrenschnitt")
    monday = "morgen" if tomorrow().weekday() == 0 else "am Montag"  # said as the date falls
    assert offer.startswith(f"Welche Zeit passt Ihnen: {monday}"), offer
    await call.say("Am Mittwoch am Nachmittag")
    await call.say("Nein, lieber Donnerstag")
    await call.say("den ersten")
    await call.say("Maria Huber")
    assert (await call.say("ja")).startswith("Ihr Termin ist gebucht: Herrenschnitt")
    [booking] = booked(staff_db)
    today = datetime.now(VIENNA).date()
    next_monday = today + timedelta(days=7 - today.weekday())
    assert booking.starts_at.astimezone(VIENNA).date() == next_monday + timedelta(days=3)


GOODBYE = "Vielen Dank für Ihren Anruf. Auf Wiederhören!"


@pytest.mark.parametrize(
    ("said", "answer"),
    [
        ("Nein", GOODBYE),
        ("Nein danke, das war alles", GOODBYE),
        ("Nichts mehr, danke", GOODBYE),
        ("Ja", "Gern. Was kann ich für Sie tun?"),
        ("Ja, ich hätte noch eine Frage", "Gern. Was kann ich für Sie tun?"),
        ("Danke", ""),  # an acknowledgement: the caller may go on
    ],
)
async def test_a_bare_answer_to_anything_else(phone, staff_db, said: str, answer: str) -> None:
    """After "Ist sonst noch etwas?" a bare "Nein" says goodbye and hangs up, a bare "Ja"
    asks what it is: neither is a question the bot did not catch."""
    call = phone()
    await call.say("Einen Herrenschnitt, morgen um zehn")
    await call.say("Maria Huber")
    assert (await call.say("Ja")).endswith("Kann ich sonst noch etwas für Sie tun?")
    assert await call.say(said) == answer
    assert call.last.action is (Action.HANGUP if answer == GOODBYE else Action.CONTINUE)
    assert len(booked(staff_db)) == 1


async def test_a_question_after_anything_else_is_answered(phone, staff_db) -> None:
    call = phone(BotLanguage.EN_US)
    await call.say("I need to leave a message for the owner, can I talk to somebody")
    assert await call.say("no") == "All right. What else can I do for you?"
    assert await call.say("How much is a Herrenschnitt?") == "32 Euro."
    # No "bye": "no thanks" alone must be taken as the goodbye it is.
    assert (await call.say("No thanks")).startswith("Thank you for calling")
    assert call.last.action is Action.HANGUP


@pytest.mark.parametrize(
    ("language", "misheard", "putting_right", "name"),
    [
        (BotLanguage.EN_US, "Vita Miller", ["No, it's Peter Miller"], "Peter Miller"),
        (BotLanguage.EN_US, "Vita Miller", ["No", "The name is Peter Miller"], "Peter Miller"),
        (BotLanguage.EN_US, "Vita Miller", ["No", "The name", "Peter Miller"], "Peter Miller"),
        (BotLanguage.DE_AT, "Marie Huber", ["Nein, mein Name ist Maria Huber"], "Maria Huber"),
        (BotLanguage.DE_AT, "Marie Huber", ["Nein", "Der Name ist Maria Huber"], "Maria Huber"),
    ],
)
async def test_a_misheard_name_is_put_right_after_the_read_back(
    phone, staff_db, language: BotLanguage, misheard: str, putting_right: list[str], name: str
) -> None:
    """The recogniser heard "Peter Miller" as "Vita Miller" (issue 13): the caller's "no"
    to the read-back, with the right name or after it, books under the right one."""
    call = phone(language)
    english = language is BotLanguage.EN_US
    await call.say("A Herrenschnitt tomorrow at ten" if english else "Herrenschnitt morgen um zehn")
    assert misheard in await call.say(misheard)
    for said in putting_right:
        read_back = await call.say(said)
    assert f" {name}. " in read_back and misheard not in read_back, read_back
    await call.say("Yes" if english else "Ja")
    [booking] = booked(staff_db)
    assert booking.caller_name == name
    assert booking.starts_at.astimezone(VIENNA).time() == time(10, 0)


@pytest.mark.parametrize("said", ["No, it's the time", "No, it's fine", "No thanks"])
async def test_a_no_without_a_name_asks_what_to_change(phone, staff_db, said: str) -> None:
    call = phone(BotLanguage.EN_US)
    await call.say("A Herrenschnitt tomorrow at ten")
    await call.say("Peter Miller")
    assert await call.say(said) == "What would you like to change: the day, the time, or the name?"
    assert booked(staff_db) == []
