"""What a caller is likely to say next in a booking, for the recogniser to listen for.

Whisper tiny.en mishears espeak-ng's short booking answers without context ("at ten" came
back as "I stand"). Its `initial_prompt` is text it takes as said just before; the words of
the step's likely answers there (the services offered, weekdays, times, yes and no) steer
it towards them without limiting what it can hear. Only words, never a caller's sentences:
bench/booking_hearing.py measures the effect on sentences of its own.
"""

from __future__ import annotations

from collections.abc import Sequence

from integrations.dialogue.booking_desk import OfferedService
from integrations.dialogue.phrases import WEEKDAYS

_DAYS = {"en": "today, tomorrow, next week", "de": "heute, morgen, übermorgen, nächste Woche"}
_TIMES = {
    "en": "Times: nine, ten, eleven, twelve, one, two, three, four, five, six, half past, "
    "quarter past, thirty, am, pm, morning, afternoon, first, second, third.",
    "de": "Zeiten: neun, zehn, elf, zwölf, eins, zwei, drei, vier, fünf, sechs, halb, "
    "Viertel, Uhr, Vormittag, Nachmittag, erste, zweite, dritte.",
}
_YES_NO = {"en": "Yes, no, please, right, correct.", "de": "Ja, nein, bitte, passt, richtig."}
_NAME = {"en": "My name is", "de": "Mein Name ist"}


def listening_for(step: str | None, services: Sequence[OfferedService], language: str) -> str:
    """The words of the likely answers at booking_steps.Step `step` (a StrEnum: its value
    here, as booking_steps asks this module) in `language` ("de" or "en"); "" outside a
    booking."""
    if step is None:
        return ""
    days = f"{', '.join(WEEKDAYS[language])}, {_DAYS[language]}."
    named = ", ".join(s.name for s in services)
    named = f"{named}." if named else ""
    words = {
        "service": named,
        "day": f"{days} {_TIMES[language]}",
        "time": f"{_TIMES[language]} {days}",
        "name": _NAME[language],
        "confirm": f"{_YES_NO[language]} {days}",
        "change": f"{days} {_TIMES[language]}",
        "booking_name": _NAME[language],
        "which_booking": f"{named} {days}",
        "confirm_cancel": _YES_NO[language],
    }
    return words[step].strip()
