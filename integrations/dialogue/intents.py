"""What a caller wants, where the words alone mislead: two rules over a sentence's words.

- Asking whether a booking is needed ("is an appointment required", "muss man sich
  anmelden", "braucht es eine Reservierung") is asking whether one can come without one,
  not asking to book.
- "Wann macht ihr auf", "seid ihr am Samstag da", "are you around on Sunday" ask for the
  opening hours although no word of them says "open".
- Naming a day to come ("could I come by on Monday", "kann ich am Freitag
  vorbeikommen") asks for an appointment, unless the words already ask something else
  ("how late can I come on Friday" asks for opening hours).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from integrations.dialogue.matching import Unit

# A question that starts like this and needs something asks whether it is required.
_QUESTION_STARTS = {"do", "does", "is", "must", "should", "muss", "brauche", "braucht", "ist"}
_NEEDS = {
    *("need", "needed", "required", "necessary", "mandatory", "must", "have", "has"),
    *("muss", "brauche", "braucht", "noetig", "notwendig", "erforderlich", "pflicht"),
}
_COMING = {
    *("come", "coming", "visit", "drop", "walk", "show", "pop"),
    *("kommen", "komme", "vorbeikommen", "vorbeischauen", "reinkommen", "hereinkommen"),
}
# "Can I simply drop by", "komme ich einfach vorbei": coming without a booking.
_JUST = {"just", "simply", "spontaneously", "einfach", "spontan"}
# "Ich schaffe es morgen nicht": German puts the "not" of "cannot make it" last.
_MAKE_IT_DE = {"schaffe", "schaffen", "schafft", "packe", "packen"}
# Concepts whose questions name a booking as their object ("cancel the booking"); the
# word for it then counts this much, since it says less than the verb.
OBJECT_WEIGHT = 0.5
_ASKS_ABOUT_A_BOOKING = {"cancel", "walkin", "duration"}
# Concepts that already say what a caller who comes on a day wants to know.
_OTHER_ASKS = {"hours", "cancel", "walkin", "duration", "price", "location", "transit"}
# What a sentence asking for an appointment says besides: when, whose place, how many. Coming
# on a day asks for one when the words say nothing else ("we're a party of six, can we come
# on Saturday"); "kann ich am Freitag mit meinem Hund kommen" asks about the dog.
BESIDES_A_BOOKING = frozenset({"day", "weekend", "premises", "group"})


# "Wann macht ihr auf", "sperrt ihr am Samstag zu", "seid ihr am Samstag da": German asks
# whether a business is open with a verb whose last word says it.
_ASKS_DE = {"wann", "bis", "ab", "um", "macht", "sperrt", "habt", "haben", "seid", "sind", "ist"}
_OPEN_SHUT_DE = {"auf", "zu"}
_THERE = {"da", "around"}
_ASKING_THERE = {"seid", "sind", "ist", "wann", "are", "is", "when"}


# "Mein Sohn ist 16", "I'm turning 17": a person's number of years.
_IS_AGED = {"ist", "bin", "werd", "werde", "wird", "is", "am", "turning", "turns", "turn"}
_NOT_YEARS = {
    "euro",
    "euros",
    "uhr",
    "minuten",
    "minutes",
    "stunden",
    "hours",
    "percent",
    "prozent",
}


def needs_swapped(tokens: list[str], units: list[Unit]) -> list[Unit]:
    """A question whether a booking is needed is about coming without one; a booking that
    is cancelled, moved or takes long is what the question is about, not what it asks."""
    if _asks_if_needed(tokens):
        # The booking word's own stem would find the booking entry again: the concept only.
        units = [
            _swap(replace(u, stem=""), "booking", "walkin") if "booking" in u.concepts else u
            for u in units
        ]
    said = {concept for unit in units for concept in unit.concepts}
    if said & _ASKS_ABOUT_A_BOOKING:
        units = [_swap(unit, "booking", None, weight=OBJECT_WEIGHT) for unit in units]
    return units


def implied(tokens: list[str], concepts: set[str]) -> set[str]:
    """What the sentence as a whole asks for, beyond what its words say one by one."""
    found = set()
    coming = bool(_COMING.intersection(tokens))
    if coming and _JUST.intersection(tokens):
        found.add("walkin")
    elif coming and "day" in concepts and concepts <= BESIDES_A_BOOKING:
        found.add("booking")
    if _MAKE_IT_DE.intersection(tokens) and "nicht" in tokens:
        found.add("cancel")
    if tokens and not concepts & _OTHER_ASKS and _asks_if_open(tokens, concepts):
        found.add("hours")
    if _says_an_age(tokens):
        found.add("age")
    return found - concepts


def _says_an_age(tokens: list[str]) -> bool:
    """ "ist 16", "werd bald 17", "is turning 16": a number of years, not of euros or hours."""
    for index, word in enumerate(tokens):
        if (
            word.isdigit()
            and 0 < int(word) < 100
            and _IS_AGED.intersection(tokens[index - 2 : index])
        ):
            after = tokens[index + 1 : index + 2]
            return not after or after[0] not in _NOT_YEARS
    return False


def _asks_if_open(tokens: list[str], concepts: set[str]) -> bool:
    if tokens[0] in _ASKS_DE and tokens[-1] in _OPEN_SHUT_DE:
        return True
    return tokens[0] in _ASKING_THERE and tokens[-1] in _THERE and "day" in concepts


def _asks_if_needed(tokens: list[str]) -> bool:
    if not tokens or tokens[0] not in _QUESTION_STARTS:
        return False
    if tokens[0] in _NEEDS:
        return True  # "muss man reservieren", "brauche ich einen Termin"
    following = tokens[1:6]
    if "have" in following or "has" in following:
        return "to" in following  # "do I have to book", not "do you have a slot"
    return bool(_NEEDS.intersection(following))


def _swap(unit: Unit, old: str, new: str | None, weight: float = 1.0) -> Unit:
    if old not in unit.concepts:
        return unit
    concepts = (unit.concepts - {old}) | ({new} if new else set())
    if not unit.stem and not concepts:
        weight = 0.0  # a phrase that meant only what is dropped
    return replace(unit, concepts=concepts, weight=unit.weight * weight)
