"""An SMS to the caller after their booking is made, moved or cancelled.

Which bookings: those made on the phone. Such a booking names its call, and with it the bot
(its language, its switch) and the number the caller dialled, which the SMS comes from. It
is texted whoever changes it later — the bot, the owner in the portal, the API — because the
caller was told a time and must learn that it changed. Bookings made in the portal or
through the API get no SMS: the owner or the integrator typed the number and confirms in
their own way, and there is no bot number the caller would know. A bot's
`sms_confirmations` (on by default) turns its SMS off.

How: services.bookings notes each change on the session (`note_confirmation`); once the
transaction commits, jobs.on_commit enqueues `jobs.sms.send_booking_confirmation` with ids
only. The job reads the booking as it is then (`confirmation_for`), so an SMS never names a
time the transaction did not keep, and sends it through integrations.telephony.sms. A
message Twilio refuses is retried by the job policy; one refused for good lands in RQ's
failed registry and the audit log (`booking.sms_failed`). The booking is never touched.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import UTC, datetime

from babel.dates import format_datetime
from sqlalchemy.orm import Session

from core.catalogue import N_, translate
from integrations.dialogue.phrases import BABEL_LOCALES
from models import Booking, Bot, Call, Tenant
from services.audit import record_audit
from services.availability import VIENNA

# session.info key of the changes waiting for their transaction to commit.
_NOTED = "services.booking_sms.noted"


class Change(enum.StrEnum):
    BOOKED = "booked"
    MOVED = "moved"
    CANCELLED = "cancelled"


# What the caller reads, in the bot's language (the German in core/locale). Plain characters
# only (no typographic quotes): one would make a phone send the SMS as Unicode, in 70-character
# parts.
# When, in Vienna's time, as Babel writes it: "Freitag, 4.12., um 15:30 Uhr" /
# "Friday, December 4, at 3:30 PM".
WHEN = {"de": "EEEE, d.M., 'um' HH:mm 'Uhr'", "en": "EEEE, MMMM d, 'at' h:mm a"}
SMS_TEXTS: dict[Change, str] = {
    Change.BOOKED: N_(
        "{business}: your appointment ({service}) on {when} is booked. "
        "To move or cancel it, just call us."
    ),
    Change.MOVED: N_(
        "{business}: your appointment ({service}) has moved to {when}. Any questions? Just call us."
    ),
    Change.CANCELLED: N_(
        "{business}: your appointment ({service}) on {when} is cancelled. "
        "To book a new one, just call us."
    ),
}


@dataclass(frozen=True)
class Sms:
    sender: str
    to: str
    body: str


def note_confirmation(session: Session, booking: Booking, change: Change) -> None:
    """Ask for the caller's SMS about `change` once the session's transaction commits
    (nothing for a booking that did not come from a call, or has no number)."""
    if booking.call_id is None or not booking.caller_phone:
        return
    session.info.setdefault(_NOTED, []).append((booking.tenant_id, booking.id, change.value))


def take_noted(session: Session) -> list[tuple[int, int, str]]:
    """The (tenant id, booking id, change) noted on the session, forgotten here."""
    return session.info.pop(_NOTED, [])


def confirmation_for(*, session: Session, booking_id: int, change: Change) -> Sms | None:
    """The SMS to send for the booking's change, or None when none is due (the booking is
    gone, its bot's SMS are off, or the bot is gone). `session` is bound to its tenant."""
    booking = session.get(Booking, booking_id)
    call = session.get(Call, booking.call_id) if booking and booking.call_id else None
    bot = session.get(Bot, call.bot_id) if call else None
    if booking is None or call is None or bot is None or not bot.sms_confirmations:
        return None
    business = session.get_one(Tenant, booking.tenant_id).name
    body = sms_text(
        change,
        bot.language.value,
        business=business,
        service=booking.service.name,
        start=booking.starts_at,
    )
    return Sms(sender=call.to_number, to=booking.caller_phone, body=body)


def sms_text(change: Change, language: str, *, business: str, service: str, start: datetime) -> str:
    """The SMS in German for a German bot, else English; the time in Vienna's."""
    lang = "de" if language.startswith("de") else "en"
    moment = start if start.tzinfo else start.replace(tzinfo=UTC)
    when = format_datetime(moment, WHEN[lang], tzinfo=VIENNA, locale=BABEL_LOCALES[lang])
    values = {"business": business.strip(), "service": service, "when": when}
    return translate(lang, SMS_TEXTS[change], values)


def record_failure(*, session: Session, booking_id: int, change: Change, error: str) -> None:
    """The SMS was refused for good: say so where staff look (the audit log)."""
    booking = session.get(Booking, booking_id)
    record_audit(
        session=session,
        actor=None,
        action="booking.sms_failed",
        entity_type="Booking",
        entity_id=booking_id,
        tenant_id=booking.tenant_id if booking else None,
        after={"change": change.value, "error": error[:500]},
    )
