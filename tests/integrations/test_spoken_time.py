"""What a caller says about when, German and English, read as a day (or span), a clock
time, a part of the day or "as soon as possible" — on Monday 30 November 2026."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from integrations.dialogue.booking_desk import OfferedService
from integrations.dialogue.booking_understanding import (
    Task,
    may_be_for_the_book,
    service_in,
    task_of,
)
from integrations.dialogue.caller_names import name_given_again, name_in
from integrations.dialogue.offered_times import times_said
from integrations.dialogue.phrases import in_turn, spoken_day
from integrations.dialogue.spoken_time import (
    AFTERNOON,
    EVENING,
    MORNING,
    SpokenTime,
    clock_alone,
    parse_when,
)

MONDAY = date(2026, 11, 30)
FRIDAY, SATURDAY = date(2026, 12, 4), date(2026, 12, 5)


@pytest.mark.parametrize(
    ("language", "said", "expected"),
    [
        ("de", "morgen", SpokenTime(day=date(2026, 12, 1))),
        ("de", "übermorgen vormittags", SpokenTime(day=date(2026, 12, 2), part=MORNING)),
        ("de", "Am Freitag um drei", SpokenTime(day=FRIDAY, clock=time(15))),
        ("de", "nächsten Freitag", SpokenTime(day=FRIDAY)),
        ("de", "übernächsten Freitag", SpokenTime(day=date(2026, 12, 11))),
        ("de", "nächste Woche", SpokenTime(day=date(2026, 12, 7), until=date(2026, 12, 13))),
        ("de", "nächste Woche Dienstag um halb elf",
         SpokenTime(day=date(2026, 12, 8), clock=time(10, 30))),
        ("de", "nein, lieber Samstag", SpokenTime(day=SATURDAY)),
        ("de", "am Wochenende", SpokenTime(day=SATURDAY, until=date(2026, 12, 6))),
        ("de", "am 5. Dezember um 15:30 Uhr", SpokenTime(day=SATURDAY, clock=time(15, 30))),
        ("de", "am fünften Dezember", SpokenTime(day=SATURDAY)),
        ("de", "am 3. Jänner", SpokenTime(day=date(2027, 1, 3))),
        ("de", "5.12.", SpokenTime(day=SATURDAY)),
        ("de", "dreiviertel vier", SpokenTime(clock=time(15, 45))),
        ("de", "morgen um halb drei", SpokenTime(day=date(2026, 12, 1), clock=time(14, 30))),
        ("de", "halb 3 Uhr", SpokenTime(clock=time(14, 30))),
        ("de", "viertel nach zehn", SpokenTime(clock=time(10, 15))),
        ("de", "um zehn Uhr dreißig", SpokenTime(clock=time(10, 30))),
        # "ein" after "Uhr" is the article of what comes next, "eins" the minute past.
        ("de", "um 17 Uhr ein Herrenschnitt", SpokenTime(clock=time(17, 0))),
        ("de", "um 17 Uhr eins", SpokenTime(clock=time(17, 1))),
        ("de", "morgen früh um neun",
         SpokenTime(day=date(2026, 12, 1), clock=time(9), part=MORNING)),
        ("de", "heute Abend um sieben", SpokenTime(day=MONDAY, clock=time(19), part=EVENING)),
        ("de", "so bald wie möglich", SpokenTime(soonest=True)),
        ("de", "Guten Morgen, ich hätte gern einen Termin", SpokenTime()),
        ("de", "Ein Tisch für drei Personen", SpokenTime()),
        ("en", "tomorrow", SpokenTime(day=date(2026, 12, 1))),
        ("en", "the day after tomorrow", SpokenTime(day=date(2026, 12, 2))),
        ("en", "next Friday", SpokenTime(day=FRIDAY)),
        ("en", "on Friday at 3 p.m.", SpokenTime(day=FRIDAY, clock=time(15))),
        ("en", "no, Saturday", SpokenTime(day=SATURDAY)),
        ("en", "next week", SpokenTime(day=date(2026, 12, 7), until=date(2026, 12, 13))),
        ("en", "December 21st at ten thirty",
         SpokenTime(day=date(2026, 12, 21), clock=time(10, 30))),
        ("en", "the twenty first of December", SpokenTime(day=date(2026, 12, 21))),
        ("en", "half past two", SpokenTime(clock=time(14, 30))),
        ("en", "tomorrow at half two", SpokenTime(day=date(2026, 12, 1), clock=time(14, 30))),
        ("en", "at half past 2 p.m.", SpokenTime(clock=time(14, 30))),
        ("en", "quarter to 4 pm", SpokenTime(clock=time(15, 45))),
        ("en", "in half an hour", SpokenTime()),
        ("en", "quarter to four", SpokenTime(clock=time(15, 45))),
        ("en", "at 10 am", SpokenTime(clock=time(10))),
        ("en", "at 11:45", SpokenTime(clock=time(11, 45))),
        ("en", "at eight in the evening", SpokenTime(clock=time(20), part=EVENING)),
        ("en", "nine in the morning", SpokenTime(clock=time(9), part=MORNING)),
        ("en", "3 in the afternoon", SpokenTime(clock=time(15), part=AFTERNOON)),
        ("en", "nine guests in the evening", SpokenTime(part=EVENING)),
        ("en", "Saturday afternoon at four",
         SpokenTime(day=SATURDAY, clock=time(16), part=AFTERNOON)),
        ("en", "as soon as possible", SpokenTime(soonest=True)),
        ("en", "a table for one please", SpokenTime()),
    ],
)  # fmt: skip
def test_when_callers_want_to_come(language: str, said: str, expected: SpokenTime) -> None:
    assert parse_when(said, language, MONDAY) == expected


@pytest.mark.parametrize(
    ("language", "said", "expected"),
    [
        ("de", "zehn", time(10)),
        ("de", "um drei", time(15)),
        ("de", "halb elf bitte", time(10, 30)),
        ("de", "halb drei", time(14, 30)),
        ("de", "um halb 3", time(14, 30)),
        ("de", "10:30", time(10, 30)),
        ("de", "zehn Uhr dreißig", time(10, 30)),
        ("de", "drei Personen kommen mit", None),
        ("en", "ten thirty", time(10, 30)),
        ("en", "at 4 pm", time(16)),
        ("en", "the one at nine", time(9)),
        ("en", "the first one", None),
        # As Whisper writes what it heard: digits run together, "at" heard as "and"/"I'm".
        ("en", "1130.", time(11, 30)),
        ("en", "It's 230", time(14, 30)),
        ("en", "And that's four.", time(16)),
        ("en", "I'm 10.", time(10)),
        ("en", "Room 1130", None),
        # "half past two" as Whisper hears it: not two o'clock
        ("en", "Half by 2.", time(14, 30)),
        ("en", "half pass two", time(14, 30)),
        ("en", "Half past 2 pm.", time(14, 30)),
        ("en", "half ten", time(10, 30)),
        ("en", "2:30", time(14, 30)),
        ("en", "1190", None),
        # Taking a time in so many words (a typed call: "Ten is fine" was not understood).
        ("en", "Ten is fine", time(10)),
        ("en", "ten o'clock works for me", time(10)),
        ("en", "How about eleven?", time(11)),
        # An hour in words with am or pm (a typed call: "Six pm works" was not understood).
        ("en", "Six pm works", time(18)),
        ("en", "six thirty p.m.", time(18, 30)),
        ("en", "seven forty-five pm please", time(19, 45)),
        ("en", "eleven a.m.", time(11)),
        ("de", "Zehn passt mir gut", time(10)),
        ("de", "Lieber um elf", time(11)),
        ("de", "Halb elf wäre super", time(10, 30)),
        ("de", "Zwei Personen wären gut", None),
    ],
)
def test_a_time_said_alone_answers_which_time(language: str, said: str, expected) -> None:
    assert clock_alone(said, language) == expected


@pytest.mark.parametrize(
    ("said", "name"),
    [
        ("Mein Name ist Maria Huber", "Maria Huber"),
        ("maria huber", "Maria Huber"),
        ("Ja, Huber bitte", "Huber"),
        ("Ich heiße Jürgen Weiß", "Jürgen Weiß"),
        ("It's John Smith.", "John Smith"),
        ("my name is mary o'brien", "Mary O'brien"),
        ("Under the name Lee", "Lee"),
        ("Maria Huber ist mein Name", "Maria Huber"),
        ("Maria Huber hier", "Maria Huber"),
        ("Huber. Maria Huber.", "Maria Huber"),  # the surname, then said again in full
        ("Name's Anna Smith.", "Anna Smith"),  # as Whisper writes it
        ("Anna Smith here", "Anna Smith"),
        ("Book it under Anna Smith", "Anna Smith"),
        ("Peter Miller, thank you.", "Peter Miller"),
        ("Miller, Peter Miller", "Peter Miller"),
        # Whisper writes a short answer twice, or "my name is" as "my name in"
        # (bench/booking_hearing.py --names).
        ("Paul Wilson. Paul Wilson.", "Paul Wilson"),
        ("Clara Linder. My name is Clara Linder.", "Clara Linder"),
        ("my name in Sophie, Clark.", "Sophie Clark"),
        ("Yes. Anna.", "Anna"),
        ("ähm", None),
        ("the name is one two three four five", None),
        # Typed at the "Try it" chat or a phone's keyboard: no name is that long.
        ("Mein Name ist " + "ä" * 41, None),
        ("Anna Smith. " * 30, None),
    ],
)
def test_the_callers_name(said: str, name: str | None) -> None:
    assert name_in(said) == name


@pytest.mark.parametrize(
    ("said", "name"),
    [
        ("No, it's Peter Miller", "Peter Miller"),
        ("Nein, ich heiße Maria Huber", "Maria Huber"),
        ("The name is Anna Smith", "Anna Smith"),
        ("No, Peter Miller", None),  # after "no" a bare word may be anything: "No, wait"
        ("No, it's the time", None),
        ("No, it's a mistake", None),
        ("No, the name is wrong", None),
        ("No thanks", None),
        ("No, it's " + "Wolfeschlegel" * 4, None),
    ],
)
def test_a_name_given_again_after_a_no(said: str, name: str | None) -> None:
    assert name_given_again(said) == name


SERVICES = [
    OfferedService(1, "Waschen, Schneiden, Föhnen", 60),
    OfferedService(2, "Herrenschnitt", 30),
    OfferedService(3, "Färben", 120),
    OfferedService(4, "Kinderhaarschnitt", 30),
]


@pytest.mark.parametrize(
    ("said", "service"),
    [
        ("Einen Herrenschnitt bitte", 2),
        ("Haare färben lassen", 3),
        ("schneiden und föhnen", 1),
        ("für mein Kind", 4),
        ("einen Haarschnitt", None),  # a men's or a child's?
        ("something else", None),
    ],
)
def test_which_service(said: str, service: int | None) -> None:
    found = service_in(said, SERVICES)
    assert (found.id if found else None) == service


@pytest.mark.parametrize(
    ("language", "said", "said_when", "task"),
    [
        ("de", "Ich hätte gern einen Termin", False, Task.BOOK),
        ("de", "Kann ich bei Ihnen reservieren?", False, Task.BOOK),
        ("de", "Habt ihr morgen noch was frei?", True, Task.BOOK),
        ("de", "Einen Herrenschnitt am Freitag um drei", True, Task.BOOK),
        # Asked as the FAQ matcher reads an appointment, with no word of the book's own.
        ("de", "Habt ihr am Samstag Zeit für mich?", True, Task.BOOK),
        ("de", "Kann ich am Freitag vorbeikommen?", True, Task.BOOK),
        ("de", "Kann ich am Freitag einfach vorbeikommen?", True, None),  # walking in
        ("de", "Kann ich am Freitag mit meinem Hund kommen?", True, None),  # about the dog
        ("de", "Kann ich am Samstag mit dem Auto kommen, gibt es Parkplätze?", True, None),
        ("de", "Wann habt ihr am Samstag offen?", True, None),
        ("de", "Wie lange dauert ein Termin?", False, None),
        ("de", "Ich muss meinen Termin absagen", False, Task.CANCEL),
        ("de", "Ich möchte meinen Termin verschieben", False, Task.MOVE),
        ("de", "Wie kann ich einen Termin absagen?", False, None),
        # Moved and cancelled as people say it; a new booking began for each.
        ("de", "Ich möchte meinen Termin umlegen", False, Task.MOVE),
        ("de", "Ich lege meinen Termin um", False, Task.MOVE),
        ("de", "Ich muss meinen Termin ändern", False, Task.MOVE),
        ("de", "Können wir meinen Termin auf nächste Woche schieben?", True, Task.MOVE),
        ("de", "Ich sage meinen Termin ab", False, Task.CANCEL),
        ("de", "Ich storniere meinen Termin", False, Task.CANCEL),
        ("de", "Bitte streichen Sie meinen Termin", False, Task.CANCEL),
        ("de", "Kann man die Farbe ändern?", False, None),
        ("de", "Ich schaffe meinen Termin morgen nicht", True, Task.CANCEL),
        ("de", "Ich kann morgen doch nicht zu meinem Termin kommen", True, Task.CANCEL),
        ("de", "Wie kann ich meinen Termin ändern?", False, None),
        # What cancelling costs, or what if one does, is the FAQ's.
        ("de", "Bekomme ich mein Geld zurück, wenn ich absage?", False, None),
        ("de", "Falls ich verschieben muss, geht das?", False, None),
        ("de", "Wenn es geht, möchte ich meinen Termin absagen", False, Task.CANCEL),
        ("en", "Do I get a refund if I cancel?", False, None),
        ("en", "Can I cancel for free?", False, None),
        ("de", "Brauche ich einen Termin?", False, None),
        ("de", "Kommt man auch ohne Termin dran?", False, None),
        ("en", "I'd like to book an appointment", False, Task.BOOK),
        ("en", "Could you fit me in tomorrow?", True, Task.BOOK),
        ("en", "Do you have time for me on Friday?", True, Task.BOOK),
        ("en", "What time do you open on Saturday?", True, None),
        ("en", "Can I come by on Friday to pick up my order?", True, None),
        ("en", "We're a party of six, can we come on Saturday?", True, Task.BOOK),
        ("en", "I need to cancel my appointment", False, Task.CANCEL),
        ("en", "Can I reschedule my booking?", False, Task.MOVE),
        ("en", "Do I need an appointment?", False, None),
        ("en", "I need to change my appointment", False, Task.MOVE),
        ("en", "I need to push my appointment back", False, Task.MOVE),
        ("en", "I'm cancelling my appointment", False, Task.CANCEL),
        ("en", "I want to call off my booking", False, Task.CANCEL),
        ("en", "Can I call on my day off?", False, None),
        ("en", "I won't be able to make my appointment", False, Task.CANCEL),
        ("en", "I don't have an appointment yet, can I make one?", False, Task.BOOK),
        ("en", "Can I switch to a different stylist?", False, None),
        ("en", "Do you have change for a fifty?", False, None),
        ("en", "How much is a haircut?", False, None),
    ],
)
def test_what_the_caller_wants_from_the_book(
    language: str, said: str, said_when: bool, task: Task | None
) -> None:
    assert task_of(said, SERVICES, said_when, language) == task
    if task is not None:
        assert may_be_for_the_book(said, said_when, language)


@pytest.mark.parametrize(
    ("language", "day", "said"),
    [
        ("de-AT", date(2027, 1, 8), "am Freitag, 8. Jänner"),  # Austrian, from Babel's de_AT
        ("de-AT", date(2026, 12, 1), "morgen"),
        ("en-US", date(2027, 1, 8), "on Friday, January 8"),
    ],
)
def test_the_bot_says_a_day_with_babels_names(language: str, day: date, said: str) -> None:
    assert spoken_day(day, MONDAY, language) == said


@pytest.mark.parametrize(
    ("said", "within", "day"),
    [
        ("am Mittwoch", (date(2026, 12, 7), date(2026, 12, 13)), date(2026, 12, 9)),
        ("am Mittwoch", None, date(2026, 12, 2)),  # the next one after today
        ("lieber Montag", (date(2026, 12, 1), date(2026, 12, 6)), date(2026, 12, 7)),
        ("morgen", (date(2026, 12, 7), date(2026, 12, 13)), date(2026, 12, 2)),
        ("übernächsten Freitag", (date(2026, 12, 7), date(2026, 12, 13)), date(2026, 12, 11)),
    ],
)
def test_a_weekday_alone_is_among_the_days_spoken_of(
    said: str, within: tuple[date, date] | None, day: date
) -> None:
    """Tuesday, 1 December 2026: "Mittwoch" with next week in the talk is next week's."""
    assert parse_when(said, "de-AT", date(2026, 12, 1), within=within).day == day


@pytest.mark.parametrize(
    ("language", "said"), [("de-AT", "Nein, lieber am Samstag um drei"), ("en-US", "Saturday")]
)
def test_todays_weekday_named_is_next_weeks(language: str, said: str) -> None:
    """Late on Saturday 5 December, with tomorrow being talked about (the span from today to
    Sunday): "Samstag" is the next Saturday, not today, whose afternoon has passed."""
    within = (SATURDAY, date(2026, 12, 6))
    assert parse_when(said, language, SATURDAY, within=within).day == date(2026, 12, 12)


@pytest.mark.parametrize(
    ("language", "reply"),
    [
        (
            "de-AT",
            "Heute ist leider nichts mehr frei. Frei wäre morgen um 8 Uhr, um 8 Uhr 30 oder "
            "um 9 Uhr. Passt Ihnen davon etwas?",
        ),
        (
            "en-US",
            "Sorry, today is fully booked. I could offer tomorrow at 8 am, 8:30 am, or 9 am. "
            "Does one of them suit you?",
        ),
    ],
)
def test_times_on_another_day_are_offered_with_it(language: str, reply: str) -> None:
    """Said as in the old reply ("Frei wäre um 8 Uhr, …"), the caller heard today's times."""
    sunday = [datetime(2026, 12, 6, hour, minute) for hour, minute in ((8, 0), (8, 30), (9, 0))]
    times = times_said(sunday, SATURDAY, language, with_day=True)
    day = spoken_day(SATURDAY, SATURDAY, language)
    assert in_turn("offer_elsewhere", language=language, day=day, times=times) == reply
