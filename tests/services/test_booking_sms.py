"""The caller's SMS about a booking: its words in the bot's language, which bookings get one
(phone bookings, whoever changes them later; not portal or API bookings; not when the bot's
SMS are off), and from which number to which."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy.orm import Session, sessionmaker

from core.catalogue import translate
from integrations.dialogue.phrases import MONTHS, WEEKDAYS
from models import Booking, BookingSource, BotLanguage, Role, User
from models.scoping import tenant_session
from services import bookings
from services.availability import VIENNA
from services.booking_sms import SMS_TEXTS, Change, Sms, confirmation_for, sms_text, take_noted
from tests.factories import Factory

MONDAY = date(2026, 12, 7)
NOW = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
HOURS = {"mon": [["09:00", "12:00"]]}
# GSM 03.38's basic characters: a text of these alone goes out as one 160-character part;
# a single other character (a typographic quote, say) turns the whole SMS into 70-character
# Unicode parts.
GSM_7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)


def at(clock: str) -> datetime:
    hours, minutes = (int(p) for p in clock.split(":"))
    return datetime(MONDAY.year, MONDAY.month, MONDAY.day, hours, minutes, tzinfo=VIENNA)


def test_every_text_has_both_languages_the_same_blanks_and_plain_characters_only() -> None:
    for change in Change:
        texts = {language: translate(language, SMS_TEXTS[change]) for language in ("de", "en")}
        assert texts["de"] != texts["en"], change
        for text in texts.values():
            assert {"{business}", "{service}", "{when}"} <= set(re.findall(r"{\w+}", text))
            words = set(re.sub(r"{\w+}", "", text))
            assert words <= GSM_7, (change, words - GSM_7)
    for language in ("de", "en"):
        assert set("".join(WEEKDAYS[language] + MONTHS[language])) <= GSM_7, language


@pytest.mark.parametrize(
    ("change", "language", "start", "expected"),
    [
        (
            Change.BOOKED,
            "de-AT",
            datetime(2026, 12, 4, 14, 0, tzinfo=UTC),
            "Salon Huber: Ihr Termin (Haarschnitt) am Freitag, 4.12., um 15:00 Uhr ist gebucht. "
            "Zum Verschieben oder Absagen rufen Sie uns einfach an.",
        ),
        (
            Change.MOVED,
            "de-AT",
            datetime(2026, 7, 6, 7, 30, tzinfo=UTC),  # summer time: 09:30 in Vienna
            "Salon Huber: Ihr Termin (Haarschnitt) ist verschoben auf Montag, 6.7., um 09:30 "
            "Uhr. Bei Fragen rufen Sie uns einfach an.",
        ),
        (
            Change.CANCELLED,
            "en-US",
            datetime(2026, 12, 4, 14, 0, tzinfo=UTC),
            "Salon Huber: your appointment (Haarschnitt) on Friday, December 4, at 3:00 PM is "
            "cancelled. To book a new one, just call us.",
        ),
        (
            Change.BOOKED,
            "en-US",
            datetime(2026, 12, 4, 11, 5),  # naive: UTC, as SQLite hands it back
            "Salon Huber: your appointment (Haarschnitt) on Friday, December 4, at 12:05 PM is "
            "booked. To move or cancel it, just call us.",
        ),
    ],
)
def test_the_text_in_the_bots_language_at_vienna_time(
    change: Change, language: str, start: datetime, expected: str
) -> None:
    text = sms_text(change, language, business="Salon Huber ", service="Haarschnitt", start=start)
    assert text == expected
    assert len(text) <= 160 and "„" not in text  # one plain SMS part


@pytest.fixture
def salon(make: Factory):  # noqa: ANN201
    tenant = make.tenant(name="Salon Huber")
    bot = make.bot(tenant, business_hours=HOURS)
    service = make.service(tenant, name="Haarschnitt")
    call = make.call(tenant, bot, from_number="+436641234567", to_number="+4319999900001")
    admin = make.user(tenant, role=Role.CUSTOMER_ADMIN)
    return tenant, bot, service, call, admin


def test_a_phone_booking_is_texted_from_the_dialled_number(
    session_factory: sessionmaker[Session], salon
) -> None:
    tenant, _bot, service, call, _admin = salon
    with tenant_session(session_factory, tenant.id) as db:
        booking = bookings.book(
            session=db,
            service_id=service.id,
            start=at("09:00"),
            caller_name="Maria Huber",
            caller_phone=call.from_number,
            source=BookingSource.PHONE,
            call_id=call.id,
            now=NOW,
        )
        bookings.move(
            session=db,
            booking_id=booking.id,
            start=at("10:00"),
            source=BookingSource.PHONE,
            now=NOW,
        )
        bookings.cancel(session=db, booking_id=booking.id, source=BookingSource.PHONE)
        bookings.cancel(session=db, booking_id=booking.id, source=BookingSource.PHONE)  # no-op

        assert take_noted(db) == [
            (tenant.id, booking.id, "booked"),
            (tenant.id, booking.id, "moved"),
            (tenant.id, booking.id, "cancelled"),
        ]
        assert take_noted(db) == []
        sms = confirmation_for(session=db, booking_id=booking.id, change=Change.CANCELLED)
    assert sms == Sms(
        sender="+4319999900001",
        to="+436641234567",
        body="Salon Huber: Ihr Termin (Haarschnitt) am Montag, 7.12., um 10:00 Uhr ist abgesagt. "
        "Für einen neuen Termin rufen Sie uns einfach an.",
    )


def test_the_owner_moving_a_phone_booking_texts_the_caller_but_own_bookings_do_not(
    session_factory: sessionmaker[Session], salon, make: Factory
) -> None:
    tenant, _bot, service, call, admin = salon
    phoned = make.booking(
        tenant, service, source=BookingSource.PHONE, call_id=call.id, starts_at=at("09:00")
    )
    with tenant_session(session_factory, tenant.id) as db:
        owner = db.get_one(User, admin.id)
        bookings.move(
            session=db,
            booking_id=phoned.id,
            start=at("11:00"),
            source=BookingSource.PORTAL,
            actor=owner,
            now=NOW,
        )
        own = bookings.book(
            session=db,
            service_id=service.id,
            start=at("09:00"),
            caller_name="Karl Berger",
            caller_phone="+436761234567",
            source=BookingSource.PORTAL,
            actor=owner,
            now=NOW,
        )
        bookings.cancel(session=db, booking_id=own.id, source=BookingSource.API, actor=owner)
        assert take_noted(db) == [(tenant.id, phoned.id, "moved")]


def test_no_sms_when_the_bot_has_them_off_or_the_booking_is_gone(
    session_factory: sessionmaker[Session], salon, make: Factory
) -> None:
    tenant, bot, service, call, _admin = salon
    booking = make.booking(tenant, service, source=BookingSource.PHONE, call_id=call.id)
    english = make.bot(tenant, language=BotLanguage.EN_US)
    english_call = make.call(tenant, english, to_number="+4319999900002")
    other = make.booking(tenant, service, source=BookingSource.PHONE, call_id=english_call.id)
    bot.sms_confirmations = False
    make.session.flush()
    with tenant_session(session_factory, tenant.id) as db:
        assert confirmation_for(session=db, booking_id=booking.id, change=Change.BOOKED) is None
        assert confirmation_for(session=db, booking_id=10**9, change=Change.BOOKED) is None
        sms = confirmation_for(session=db, booking_id=other.id, change=Change.BOOKED)
        assert sms is not None and sms.body.startswith("Salon Huber: your appointment")
        assert sms.sender == "+4319999900002"


def test_another_tenants_booking_is_not_found(
    session_factory: sessionmaker[Session], salon, make: Factory
) -> None:
    tenant, _bot, service, call, _admin = salon
    booking = make.booking(tenant, service, source=BookingSource.PHONE, call_id=call.id)
    stranger = make.tenant()
    with tenant_session(session_factory, stranger.id) as db:
        assert db.get(Booking, booking.id) is None
        assert confirmation_for(session=db, booking_id=booking.id, change=Change.BOOKED) is None
