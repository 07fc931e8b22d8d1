"""Reading a caller's words for the appointment book: what they want to do (book, move,
cancel), which service, which of the offered times, their name, yes or no. German and
English, folded like the rest of the offline engine (lexicon.words).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from typing import TypeVar

from integrations.dialogue.booking_desk import OfferedService
from integrations.dialogue.intents import BESIDES_A_BOOKING
from integrations.dialogue.lexicon import (
    AFFIRMATIVES,
    FIRST,
    NEGATIVES,
    SECOND,
    STOPWORDS,
    fold,
    words,
)
from integrations.dialogue.matching import units
from integrations.dialogue.spoken_time import beyond_when

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
FIRST_PERSON = {"i", "ich", "we", "wir"}
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
_NAME_LEADS = (
    "mein name ist", "mein name", "der name ist", "der name", "name ist", "ich heisse",
    "ich bin", "hier ist", "hier spricht", "auf den namen", "auf", "my name is",
    "my name in",  # Whisper's hearing of "my name is" (bench/booking_hearing.py --names: 5 of 40)
    "my name",
    "the name is", "name is", "names", "this is", "its", "it is", "i am", "im",
    "under the name", "book it under", "put it under", "put me down as", "you can call me",
    "call me", "under", "for",
)  # fmt: skip
# What callers say after their name: "Anna Smith here", "Maria Huber ist mein Name",
# "Peter Miller, thank you".
_NAME_TAILS = ("ist mein name", "mein name", "hier", "am apparat", "is my name", "here",
               "speaking", "thank you", "thanks", "danke schoen")  # fmt: skip
# The leads of _NAME_LEADS that say a name follows, also after a "no" ("No, it's …").
_NAME_INTRODUCTIONS = ("mein name ist", "der name ist", "ich heisse", "my name is",
                       "my name in", "the name is", "name is", "names", "its", "it is")  # fmt: skip
_FILLERS = {"ja", "yes", "yeah", "ok", "okay", "gerne", "gern", "bitte", "please", "also", "so",
            "well", "aehm", "aeh", "uh", "um", "aber", "sure", "danke", "thanks"}  # fmt: skip
MAX_NAME_WORDS = 4
# A name's word is no longer than this, and an answer that gives a name no longer than that
# (a typed "name" of 100,000 letters was taken, read back and spoken).
MAX_NAME_WORD_LENGTH = 40
MAX_NAME_ANSWER_CHARS = 300


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
    if said_when and (FREE_WORDS.intersection(heard) or service_in(text, services)):
        return Task.BOOK
    return None


def _not_coming(heard: list[str], said_when: bool) -> bool:
    said = set(heard)
    if not (said & NOT and said & COMING):
        return False
    return bool(said & POSSESSIVE and said & BOOK_WORDS) or bool(said_when and said & FIRST_PERSON)


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


# What asks when the business is open, not when the caller would come: "Habt ihr am
# Donnerstag offen?" asks about the hours; "Donnerstag früh" and "late afternoon" answer.
OPENING_WORDS = {
    "offen", "geoeffnet", "oeffnet", "oeffnungszeiten", "oeffnungszeit", "geschlossen",
    "aufsperren", "zusperren", "sperrt",
    "open", "opening", "hours", "close", "closed", "closing", "shut",
}  # fmt: skip


def asks_about_opening(text: str) -> bool:
    return bool(OPENING_WORDS.intersection(words(text)))


def drops_it(text: str) -> bool:
    joined = " ".join(words(text))
    return any(phrase in joined for phrase in DROP)


def name_in(text: str) -> str | None:
    """The caller's name as they said it ("Mein Name ist Maria Huber" → "Maria Huber"),
    capitalised when the recogniser wrote it in small letters; None if nothing is left.
    Whisper sometimes writes a short answer twice ("Paul Wilson. Paul Wilson.", "Clara
    Linder. My name is Clara Linder."): sentences that all name the same one name it."""
    sentences = [s for s in re.split(r"[.!?]+", text) if s.strip()]
    if 1 < len(sentences) <= MAX_NAME_WORDS:
        said = {_name_in_one(sentence) for sentence in sentences}
        if len(said) == 1 and None not in said:
            return said.pop()
    return _name_in_one(text)


def _name_words(text: str) -> tuple[list[str], list[str]]:
    """The words of `text` as said, and folded for comparing ("It's" → "its"); none when
    `text` is too long to be an answer giving a name."""
    if len(text) > MAX_NAME_ANSWER_CHARS:
        return [], []
    tokens = re.findall(r"[^\W\d_][\w'-]*", text)
    return tokens, [fold(token).replace("'", "").strip() for token in tokens]


def _name_in_one(text: str) -> str | None:
    tokens, folded = _name_words(text)
    while folded and folded[0] in _FILLERS:
        tokens, folded = tokens[1:], folded[1:]
    for lead in _NAME_LEADS:
        lead_words = lead.split()
        if folded[: len(lead_words)] == lead_words and len(folded) > len(lead_words):
            tokens, folded = tokens[len(lead_words) :], folded[len(lead_words) :]
            break
    for tail in _NAME_TAILS:
        tail_words = tail.split()
        if folded[-len(tail_words) :] == tail_words and len(folded) > len(tail_words):
            tokens, folded = tokens[: -len(tail_words)], folded[: -len(tail_words)]
            break
    while folded and folded[-1] in _FILLERS:
        tokens, folded = tokens[:-1], folded[:-1]
    if len(folded) >= 3 and folded[0] == folded[-1]:  # "Smith. Anna Smith": said again in full
        tokens, folded = tokens[1:], folded[1:]
    if not tokens or len(tokens) > MAX_NAME_WORDS:
        return None
    if any(len(token) > MAX_NAME_WORD_LENGTH for token in tokens):
        return None
    return " ".join(t if any(c.isupper() for c in t) else t.capitalize() for t in tokens)


# Words that make a "name" given after a "no" something else: "No, it's the time".
_NOT_A_NAME = STOPWORDS | YES | NO | _FILLERS | CHANGE_DAY | CHANGE_TIME | CHANGE_NAME


def name_given_again(text: str) -> str | None:
    """A name given with words that introduce it, after a read-back's "no" or when asked
    what to change: "No, it's Peter Miller", "Nein, mein Name ist Maria Huber", "The name is
    Anna Smith". None without such words (after "no" a bare word may be anything: "No,
    wait") or when a word of it is not a name's ("No, it's the time", "No, it's wrong")."""
    tokens, folded = _name_words(text)
    while folded and folded[0] in NO | _FILLERS:
        tokens, folded = tokens[1:], folded[1:]
    joined = " ".join(folded) + " "
    if not any(joined.startswith(lead + " ") for lead in _NAME_INTRODUCTIONS):
        return None
    name = name_in(" ".join(tokens))
    if name is None or _NOT_A_NAME.intersection(words(name)):
        return None
    return name


def may_hold_a_name(text: str, language: str) -> bool:
    """Whether a word in `text` could be a name: one neither about when nor a small word
    ("lieber", "nein", "actually", "um", "please"). "Halb vier", "lieber um drei", "actually
    Saturday" hold none; "Anna Freitag" ("anna") and "My name is Friday" ("name") do. So a
    caller named only "Freitag" must say more than that ("Mein Name ist Freitag")."""
    small = STOPWORDS | YES | NO | _FILLERS
    return any(word not in small for word in beyond_when(text, language))


def wants(text: str, choices: set[str]) -> bool:
    return bool(choices.intersection(words(text)))
