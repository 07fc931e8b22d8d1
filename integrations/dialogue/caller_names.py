"""The caller's name in what they say, when the bot asks for it: "Mein Name ist Maria
Huber" → "Maria Huber"; a name given again after a read-back's "no"; whether an answer
could hold a name at all. Shared by the booking dialogue and the message pad."""

from __future__ import annotations

import re

from integrations.dialogue.booking_understanding import (
    CHANGE_DAY,
    CHANGE_NAME,
    CHANGE_TIME,
    NO,
    YES,
)
from integrations.dialogue.lexicon import STOPWORDS, fold, words
from integrations.dialogue.spoken_time import beyond_when

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
