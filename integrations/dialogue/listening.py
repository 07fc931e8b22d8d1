"""What a caller is likely to say next in a booking, for the recogniser to listen for.

Whisper tiny.en mishears espeak-ng's short booking answers without context ("at ten" came
back as "I stand"). Its `initial_prompt` is text it takes as said just before; the words of
the step's likely answers there (the services offered, weekdays, times, yes and no) steer
it towards them without limiting what it can hear. The step's own words come last, where
Whisper weighs the prompt most (a bare "Yes" after "… yes, no … Monday, …" came back as
"Thank you"; with yes and no last, as "Yes"). When the name is asked, common first names
and surnames (names/*.txt). Only words, never a caller's sentences:
bench/booking_hearing.py measures the effect on sentences of its own and on held-out ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

from integrations.dialogue.booking_desk import OfferedService
from integrations.dialogue.phrases import WEEKDAYS

_DAYS = {"en": "today, tomorrow, next week", "de": "heute, morgen, übermorgen, nächste Woche"}
# As callers say a time ("at ten", "half past two", "nine in the morning"): tiny.en hears a
# bare "at ten" as "I stand" or "have been" with single numbers here, and takes "at" +
# number after these. In English each is a sentence of its own ("At ten. Half past."), as a
# caller's short answer is transcribed, not a list: the same words as "Times: at nine, at
# ten, …" understood 12 of the bench's 14 times against 10, held out 11 of 16 against 10
# (bench/booking_hearing.py; "Quarter past three" was "Water path free").
_TIMES = {
    "en": "At nine. At ten. At eleven. At twelve. At one. At two. At three. At four. "
    "At five. At six. Half past. Quarter past. Thirty. Am. Pm. In the morning. In the "
    "afternoon. The first. The second. The third.",
    "de": "Zeiten: neun, zehn, elf, zwölf, eins, zwei, drei, vier, fünf, sechs, halb, "
    "Viertel, Uhr, Vormittag, Nachmittag, erste, zweite, dritte.",
}
_YES_NO = {"en": "Yes, no, please, right, correct.", "de": "Ja, nein, bitte, passt, richtig."}
_NAME = {"en": "My name is", "de": "Mein Name ist"}
# Callers' names, most common first (names/*.txt). Without them tiny.en heard "Peter Miller"
# as "Vita Miller", "Sarah Wagner" as "Eric Wagner". The first NAMES_TOLD of each list go in:
# with the bot's prompt before them they fill most of Whisper's 223 prompt tokens.
NAMES_DIR = Path(__file__).parent / "names"
NAMES_TOLD = 30


@cache
def common_names(kind: str) -> tuple[str, ...]:
    """The names in names/`kind`.txt ("first_names", "surnames"), most common first."""
    lines = (NAMES_DIR / f"{kind}.txt").read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@cache
def _names(language: str) -> str:
    first = ", ".join(common_names("first_names")[:NAMES_TOLD])
    last = ", ".join(common_names("surnames")[:NAMES_TOLD])
    return f"{first}. {last}. {_NAME[language]}"


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
        "day": f"{_TIMES[language]} {days}",
        "time": f"{days} {_TIMES[language]}",
        "name": _names(language),
        "confirm": f"{days} {_YES_NO[language]}",
        "change": f"{_TIMES[language]} {days}",
        "booking_name": _names(language),
        "which_booking": f"{named} {days}",
        "confirm_cancel": _YES_NO[language],
    }
    return words[step].strip()
