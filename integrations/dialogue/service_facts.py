"""How long a service takes and what it costs, said from the services the owner keeps in the
portal: "Wie lange dauert ein Herrenschnitt?" → "Ein Termin für Herrenschnitt dauert etwa 30
Minuten." The offline bot knows these without an FAQ entry for each service. An FAQ answer
the bot is sure of still comes first when it names the service (scripted.py), since those are
the owner's own words ("Herrenschnitt ab 32 Euro, …"); one that speaks of another service
(the Old Town walk's price, asked about the sunset walk) gives way to the service's facts.

A price of 0 is one the owner did not give, not "free": the bot then says only how long it
takes, or nothing (and the FAQ, or a message, takes the question).
"""

from __future__ import annotations

from collections.abc import Sequence

from integrations.dialogue.booking_desk import OfferedService
from integrations.dialogue.booking_understanding import refers_back, service_in
from integrations.dialogue.lexicon import GERMAN, words
from integrations.dialogue.matching import units
from integrations.dialogue.phrases import phrase

DURATION, PRICE = "duration", "price"
# Half hours as they are said; other lengths in minutes or whole hours.
_HALF_HOURS = {
    "de": {90: "eineinhalb Stunden", 150: "zweieinhalb Stunden", 210: "dreieinhalb Stunden"},
    "en": {90: "an hour and a half", 150: "two and a half hours", 210: "three and a half hours"},
}


def asks_about_a_service(text: str, language: str) -> bool:
    """Whether `text` asks how long something takes or what it costs (before the services
    are looked up)."""
    return bool(_asked(text, language))


def service_fact(
    text: str,
    services: Sequence[OfferedService],
    language: str,
    *,
    unless_named_in: str = "",
    spoken_of: OfferedService | None = None,
) -> str | None:
    """The answer, if `text` asks how long one named service takes or what it costs — and
    `unless_named_in` (the FAQ entry found for it) does not speak of that service. A
    question that names none but points back ("Und wie lang dauert das?") asks about
    `spoken_of`, the service the caller last named."""
    asked = _asked(text, language)
    back = spoken_of if refers_back(text) else None
    service = (service_in(text, services) or back) if asked else None
    if service is None or _names(unless_named_in, service):
        return None
    duration = _spoken_duration(service.duration_minutes, language)
    price = _spoken_price(service.price_cents, language) if service.price_cents > 0 else ""
    if PRICE in asked and price:
        key = "service_takes_and_costs" if DURATION in asked else "service_costs"
    elif DURATION in asked:
        key = "service_takes"
    else:
        return None
    return phrase(key, language, service=service.name, duration=duration, price=price)


def _names(text: str, service: OfferedService) -> bool:
    """Whether `text` speaks of the service: every longer word of its name is in it."""
    said = set(words(text))
    return bool(said) and all(w in said for w in words(service.name) if len(w) >= 4)


def _asked(text: str, language: str) -> set[str]:
    said = {concept for unit in units(text, language) for concept in unit.concepts}
    return said & {DURATION, PRICE}


def _spoken_duration(minutes: int, language: str) -> str:
    german = language == GERMAN
    if half := _HALF_HOURS["de" if german else "en"].get(minutes):
        return half
    if minutes == 60:
        return "eine Stunde" if german else "an hour"
    if minutes % 60 == 0:
        return f"{minutes // 60} {'Stunden' if german else 'hours'}"
    return f"{minutes} {'Minuten' if german else 'minutes'}"


def _spoken_price(cents: int, language: str) -> str:
    """ "28 Euro", "28 Euro 50" ("28 euros 50"): as a price is said aloud."""
    euros, rest = divmod(cents, 100)
    unit = "Euro" if language == GERMAN else ("euro" if euros == 1 else "euros")
    return f"{euros} {unit}" + (f" {rest}" if rest else "")
