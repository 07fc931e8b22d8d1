"""Reading a caller's words for the appointment book: what they want to do (book, move,
cancel), which service (or the one pointed back at), which of the offered times, yes or
no; their name is caller_names.py's. German and English, folded like the rest of the
offline engine (lexicon.words).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from functools import cache
from typing import TypeVar

from integrations.dialogue.booking_desk import OfferedService
from integrations.dialogue.intents import BESIDES_A_BOOKING
from integrations.dialogue.lexicon import (
    AFFIRMATIVES,
    FIRST,
    NEGATIVES,
    SECOND,
    words,
)
from integrations.dialogue.matching import units

T = TypeVar("T")


class Task(enum.StrEnum):
    BOOK = "book"
    MOVE = "move"
    CANCEL = "cancel"


BOOK_WORDS = set(
    [
        "book",
        "booking",
        "appointment",
        "appointments",
        "reserve",
        "reservation",
        "schedule",
        "termin",
        "termine",
        "terminchen",
        "buchen",
        "buchung",
        "reservieren",
        "reservierung",
        "vereinbaren",
        "ausmachen",
    ]
)
FREE_WORDS = {"free", "available", "frei", "verfuegbar", "platz"}
CANCEL_WORDS = set(
    [
        "cancel", "cancelling", "canceling", "cancelled", "canceled", "cancellation",
        "absagen", "absage", "stornieren", "storniere", "storno", "stornierung",
    ]
)  # fmt: skip
# Not coming to one's own booking cancels it, asked to be sure first: "I can't make my
# appointment tomorrow", "ich schaffe meinen Termin nicht" (they began a new booking), and
# "ich kann am Dienstag leider nicht kommen": a person not coming on a day they name.
POSSESSIVE = {"my", "mein", "meinen", "meine", "meinem", "meiner"}
WE = {"we", "wir"}
NOT = {"not", "cannot", "nicht"}
COMING = {"make", "come", "attend", "kommen", "komme", "schaffe", "schaffen", "wahrnehmen"}
# These cancel a booking only said with the word for it: "bitte streichen Sie meinen Termin".
STRIKE_WORDS = {"streichen", "loeschen", "delete", "remove"}
# Said of one's own booking, these move it: "can I reschedule", "ich möchte meinen Termin
# umlegen" (without "my" or a booking word they ask something else).
MOVE_WORDS = set(
    [
        "move", "moving", "reschedule", "rescheduling", "postpone", "rebook",
        "verschieben", "verschiebe", "verlegen", "verlege", "umlegen", "umbuchen",
    ]
)  # fmt: skip
# These move a booking only said with the word for it: "I need to change my appointment",
# "kann ich meinen Termin tauschen" (not "can I change the colour").
CHANGE_WORDS = {"change", "switch", "aendern", "aendere", "tauschen", "schieben"}
# Verbs that come apart in a sentence: "ich sage meinen Termin ab", "ich lege ihn um",
# "push my appointment back", "call off my booking".
SEPARATED_VERBS = (
    ({"sage", "sagen", "sagt"}, "ab", "cancel"),
    ({"lege", "legen", "legt"}, "um", "move"),
    ({"push", "pushing"}, "back", "move"),
    ({"call", "calling"}, "off", "cancel"),
)
MINE = set(["my", "mein", "meinen", "meine", "ich", "i", "im"])
# Questions about booking, not requests: "Wie kann ich absagen?", "Do I need an appointment?"
ASKING = ("wie ", "was ", "warum ", "bis wann", "how ", "what ", "why ", "until when")
ASKING_PHRASES = (
    "muss ich", "brauche ich", "braucht man", "do i need", "do you need", "need an appointment",
    "ohne termin", "without an appointment", "without appointment",
)  # fmt: skip
# What cancelling or moving costs, or what happens if one does, is the FAQ's to answer:
# "Do I get a refund if I cancel?", "Kann ich kostenlos stornieren?".
TERMS_WORDS = set(
    [
        "refund", "fee", "fees", "charge", "free", "cost", "costs",
        "kostenlos", "gratis", "gebuehr", "kostet", "kosten", "geld",
    ]
)  # fmt: skip
IF_WORDS = {"if", "wenn", "falls"}
PERSONS = {"i", "we", "ich", "wir", "man"}
YES = AFFIRMATIVES | set(
    [
        "genau",
        "richtig",
        "stimmt",
        "korrekt",
        "correct",
        "right",
        "perfect",
        "perfekt",
        "gut",
        "super",
        "fine",
        "great",
        "alright",
        "buchen",
        "book",
        "sicher",
        "freilich",
        "yup",
    ]
)
NO = (NEGATIVES - {"danke"}) | {"falsch", "wrong", "lieber", "rather", "instead", "stattdessen"}
THIRD = {"third", "dritte", "dritten", "drittes", "letzte", "letzten", "last"}
LATER = {"later", "spaeter", "spaeteren", "danach", "after"}
EARLIER = {"earlier", "frueher", "frueheren", "vorher"}
DROP = ("doch nicht", "vergessen sie", "never mind", "forget it", "lassen wir", "abbrechen")
CHANGE_DAY = {"tag", "datum", "day", "date"}
CHANGE_TIME = {"uhrzeit", "zeit", "time"}
CHANGE_NAME = {"name", "namen"}


def task_of(
    text: str, services: Sequence[OfferedService], said_when: bool, language: str
) -> Task | None:
    """What the caller asks the book for, or None: a question about booking ("How do I
    cancel?") is the FAQ's to answer."""
    heard = words(text)
    joined = " ".join(heard) + " "
    if any(phrase in joined for phrase in ASKING_PHRASES):
        return None
    verbs = set(heard) | _separated_verbs(heard)
    asking = (joined.startswith(ASKING) and not said_when) or _asks_about_terms(heard, verbs)
    about_a_booking = BOOK_WORDS.intersection(heard)
    if not asking and (
        CANCEL_WORDS.intersection(verbs)
        or (STRIKE_WORDS.intersection(verbs) and about_a_booking)
        or _not_coming(heard, said_when)
    ):
        return Task.CANCEL
    if not asking and (
        (MOVE_WORDS.intersection(verbs) and (about_a_booking or MINE.intersection(heard)))
        or (CHANGE_WORDS.intersection(verbs) and about_a_booking)
    ):
        return Task.MOVE
    if asking:
        return None
    if BOOK_WORDS.intersection(heard) or _asks_for_a_booking(text, language):
        return Task.BOOK
    if said_when and _wishes_a_time(text, heard, language):
        return Task.BOOK
    if said_when and (FREE_WORDS.intersection(heard) or service_in(text, services)):
        return Task.BOOK
    return None


def _not_coming(heard: list[str], said_when: bool) -> bool:
    said = set(heard)
    if not (said & NOT and said & COMING):
        return False
    return bool(said & POSSESSIVE and said & BOOK_WORDS) or bool(said_when and said & (MINE | WE))


def _asks_about_terms(heard: list[str], verbs: set[str]) -> bool:
    """Whether a sentence that cancels or moves asks what that costs, or what if one
    does ("if I cancel", "wenn ich den Termin absage") rather than doing it."""
    changes = (CANCEL_WORDS | MOVE_WORDS).intersection(verbs)
    if not changes:
        return False
    if TERMS_WORDS.intersection(heard):
        return True
    first_change = min((i for i, word in enumerate(heard) if word in verbs & changes), default=0)
    return any(
        word in IF_WORDS and heard[i + 1] in PERSONS for i, word in enumerate(heard[:first_change])
    )


def may_be_for_the_book(text: str, said_when: bool, language: str) -> bool:
    """Whether `task_of` could find a task in `text` (before asking what the bot offers)."""
    heard = words(text)
    return (
        said_when
        or bool((BOOK_WORDS | CANCEL_WORDS | MOVE_WORDS).intersection(heard))
        or bool(_separated_verbs(heard))
        or _asks_for_a_booking(text, language)
    )


def _separated_verbs(heard: list[str]) -> set[str]:
    """The book's verbs said in two parts, as one word ("sage … ab" → "cancel"): the
    particle after the verb, in a sentence about a booking ("can I call on my day off"
    cancels nothing)."""
    found: set[str] = set()
    if not BOOK_WORDS.intersection(heard):
        return found
    for forms, particle, verb in SEPARATED_VERBS:
        at = next((i for i, word in enumerate(heard) if word in forms), None)
        if at is not None and particle in heard[at + 1 :]:
            found.add(verb)
    return found


def _asks_for_a_booking(text: str, language: str) -> bool:
    """Whether the sentence asks for an appointment as the FAQ matcher reads it, and for
    nothing else but when and how many: "habt ihr am Samstag Zeit für mich", "could you
    fit me in", "kann ich am Freitag vorbeikommen". One reading for both, so a bot that
    books does not answer such a caller from an FAQ entry about appointments ("please call
    us"); "kann ich am Freitag mit meinem Hund kommen" still asks about the dog."""
    said = {concept for unit in units(text, language) for concept in unit.concepts}
    return "booking" in said and said - {"booking"} <= BESIDES_A_BOOKING


def service_in(text: str, services: Sequence[OfferedService]) -> OfferedService | None:
    """The service the caller named: by a word of its name, also inside a compound
    ("Kinderhaarschnitt" ← "Kinder", "Herrenschnitt" ← "Herren"); the best fit, if one."""
    heard = [w for w in words(text) if len(w) >= 4]
    scored = []
    for service in services:
        name_words = [w for w in words(service.name) if len(w) >= 4]
        score = sum(1 for word in heard if any(_fits(word, name) for name in name_words))
        scored.append((score, service))
    scored.sort(key=lambda item: -item[0])
    if not scored or scored[0][0] == 0 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return scored[0][1]


def _fits(said: str, name: str) -> bool:
    """The same word, or one the start of the other ("Kinder" of "Kinderhaarschnitt") —
    not its end: a "Haarschnitt" is not a child's one just because that ends so."""
    short, long = sorted((said, name), key=len)
    return long.startswith(short if len(short) < 5 else short[:-1])


def picked(text: str, offered: Sequence[T]) -> T | None:
    """What the caller chose by its place among those offered ("den ersten", "the second
    one", "the last")."""
    heard = set(words(text))
    for position, names in enumerate((FIRST, SECOND, THIRD)):
        if names & heard and offered:
            if names is THIRD and heard & {"last", "letzte", "letzten"}:
                return offered[-1]
            return offered[position] if position < len(offered) else None
    return None


def is_yes(text: str) -> bool:
    heard = words(text)
    return bool(YES.intersection(heard)) and not NO.intersection(heard)


def is_no(text: str) -> bool:
    return bool(NO.intersection(words(text)))


# The matcher's words for the opening hours that also say when the caller would come
# ("Donnerstag früh", "late afternoon") or whether someone answers: they ask nothing.
_WHEN_TOO = ("frueh", "spaet", "early", "late", "erreichbar", "besetzt")


def asks_about_opening(text: str, language: str) -> bool:
    """Whether `text` asks when the business is open, as the matcher reads it (any form:
    "offen", "öffnet", "sperrt … auf"): "Habt ihr am Donnerstag offen?" asks, "Donnerstag
    früh" answers."""
    when_too = _when_too_stems(language)
    return any("hours" in u.concepts and u.stem not in when_too for u in units(text, language))


@cache
def _when_too_stems(language: str) -> frozenset[str]:
    return frozenset(unit.stem for word in _WHEN_TOO for unit in units(word, language))


# Words that point back at what was just spoken of, said without the word for a booking:
# "Und wie lang dauert das?", "dann hätt ich gern einen am Samstag", "how much is it".
BACK_WORDS = {"das", "der", "die", "es", "einen", "eine", "einer", "dafuer", "davon",
              "it", "that", "this", "one"}  # fmt: skip


def refers_back(text: str) -> bool:
    heard = set(words(text))
    return bool(heard & BACK_WORDS) and not heard & BOOK_WORDS


# A wish with a day or time asks for a booking: "dann hätt ich gern einen am Samstag um
# zehn", "I'd like Saturday at ten" — not a wish to know ("ich möchte wissen, ob …").
WISH_WORDS = {"haette", "haett", "haetten", "moechte", "moecht", "moechten", "wuerde",
              "wuerden", "like", "want"}  # fmt: skip
KNOW_WORDS = {"wissen", "fragen", "erfahren", "know", "ask", "wondering", "wonder"}


def _wishes_a_time(text: str, heard: list[str], language: str) -> bool:
    said = set(heard)
    wishes = said & WISH_WORDS and not said & KNOW_WORDS
    return bool(wishes) and not asks_about_opening(text, language)


def drops_it(text: str) -> bool:
    joined = " ".join(words(text))
    return any(phrase in joined for phrase in DROP)


def wants(text: str, choices: set[str]) -> bool:
    return bool(choices.intersection(words(text)))
