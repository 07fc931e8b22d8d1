"""The offline dialogue engine: greeting, FAQ answers by similarity, business hours,
hand-over and goodbye phrases. No keys, no network, deterministic.

Entry point for anything that wants a text reply — the voice runtime, and the portal's
"Try it" chat:

    engine = ScriptedDialogue(BotProfile.from_bot(bot))
    engine.greeting()                     # the bot's first words
    reply = engine.reply("Wann habt ihr offen?")   # synchronous; DialogueReply(text, action)

`respond()` is the same as an awaitable, for the DialogueEngine protocol. Matching is by
words, not exact strings, because offline speech recognition is inexact.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from integrations.dialogue.base import Action, BotProfile, DialogueReply, HistoryTurn
from integrations.dialogue.phrases import phrase

VIENNA = ZoneInfo("Europe/Vienna")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = {
    "de": ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
# Words that carry no meaning for matching a question to an FAQ entry.
STOPWORDS = set(
    [
        "a",
        "an",
        "the",
        "is",
        "are",
        "am",
        "be",
        "do",
        "does",
        "did",
        "i",
        "you",
        "we",
        "your",
        "our",
        "my",
        "me",
        "to",
        "of",
        "in",
        "on",
        "at",
        "for",
        "and",
        "or",
        "can",
        "could",
        "would",
        "will",
        "please",
        "what",
        "when",
        "where",
        "how",
        "which",
        "who",
        "it",
        "this",
        "that",
        "there",
        "with",
        "have",
        "has",
        "hello",
        "hi",
        "so",
        "just",
        "about",
        "tell",
        "der",
        "die",
        "das",
        "ein",
        "eine",
        "ist",
        "sind",
        "ich",
        "sie",
        "wir",
        "ihr",
        "ihre",
        "mein",
        "zu",
        "von",
        "in",
        "im",
        "am",
        "um",
        "fuer",
        "und",
        "oder",
        "kann",
        "koennen",
        "koennten",
        "wuerde",
        "bitte",
        "was",
        "wann",
        "wo",
        "wie",
        "welche",
        "wer",
        "es",
        "das",
        "gibt",
        "haben",
        "hat",
        "mir",
        "mich",
        "uns",
        "euch",
        "bei",
        "mit",
        "auf",
    ]
)
GOODBYE_WORDS = {"bye", "goodbye", "tschuess", "tschues", "wiederhoeren", "wiedersehen", "baba"}
GOODBYE_PHRASES = ("that is all", "thats all", "das wars", "das war alles", "das ist alles")
HANDOVER_WORDS = {
    "person", "human", "agent", "someone", "somebody", "operator", "colleague", "staff",
    "mitarbeiter", "mitarbeiterin", "mensch", "jemand", "jemanden", "verbinden",
}  # fmt: skip
HOURS_WORDS = {
    "open", "opening", "hours", "close", "closed", "closing",
    "offen", "geoeffnet", "oeffnungszeiten", "oeffnungszeit", "geschlossen", "aufsperren",
}  # fmt: skip
# A FAQ entry answers when at least this share of its question's words were heard.
FAQ_MATCH_THRESHOLD = 0.5


def fold(text: str) -> str:
    """Lower case, umlauts spelled out, accents and punctuation dropped: 'Öffnungszeiten?'
    → 'oeffnungszeiten'."""
    text = text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    text = text.replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9' ]+", " ", text)


def words(text: str) -> list[str]:
    return fold(text).replace("'", "").split()


def stem(word: str) -> str:
    # Crude, language-neutral: "opening"/"open", "Termine"/"Termin" share their first letters.
    return word[:4]


def content_stems(text: str) -> set[str]:
    return {stem(w) for w in words(text) if w not in STOPWORDS}


class ScriptedDialogue:
    def __init__(self, profile: BotProfile, *, clock: Callable[[], datetime] | None = None):
        self.profile = profile
        self._clock = clock or (lambda: datetime.now(VIENNA))
        self._faq = [(content_stems(q) | _answer_hint(a), a) for q, a in profile.faq]

    def greeting(self) -> str:
        return self.profile.greeting.strip() or phrase(
            "greeting", self.profile.language, name=self.profile.name
        )

    def reply(self, text: str) -> DialogueReply:
        language = self.profile.language
        heard = words(text)
        if not heard:
            return DialogueReply(phrase("not_understood", language))
        if _is_goodbye(heard):
            return DialogueReply(phrase("goodbye", language), Action.HANGUP)
        if HANDOVER_WORDS.intersection(heard):
            return self.handover()
        answer = self._best_faq_answer(heard)
        if answer:
            return DialogueReply(answer)
        if HOURS_WORDS.intersection(heard) and self.profile.business_hours:
            return DialogueReply(self.opening_hours())
        return DialogueReply(phrase("not_understood", language))

    async def respond(self, text: str, history: list[HistoryTurn]) -> DialogueReply:
        return self.reply(text)

    async def aclose(self) -> None:
        return None

    def handover(self) -> DialogueReply:
        if self.profile.handover_number:
            return DialogueReply(phrase("handover", self.profile.language), Action.HANDOVER)
        return DialogueReply(phrase("no_handover", self.profile.language))

    def _best_faq_answer(self, heard: list[str]) -> str | None:
        heard_stems = {stem(w) for w in heard if w not in STOPWORDS}
        best_score, best_answer = 0.0, None
        for question_stems, answer in self._faq:
            if not question_stems:
                continue
            score = len(question_stems & heard_stems) / len(question_stems)
            if score > best_score:
                best_score, best_answer = score, answer
        return best_answer if best_score >= FAQ_MATCH_THRESHOLD else None

    def opening_hours(self) -> str:
        """The business hours in words, and whether the business is open right now."""
        lang = "de" if self.profile.is_german else "en"
        groups = _group_days(self.profile.business_hours)
        parts = [_describe_group(days, ranges, lang) for days, ranges in groups]
        now_open = _is_open(self.profile.business_hours, self._clock())
        if lang == "de":
            listing = "; ".join(parts) if parts else "nach Vereinbarung"
            status = "Gerade haben wir geöffnet." if now_open else "Gerade haben wir geschlossen."
            return f"Unsere Öffnungszeiten: {listing}. {status}"
        listing = "; ".join(parts) if parts else "by appointment"
        status = "We are open right now." if now_open else "We are closed right now."
        return f"Our opening hours are {listing}. {status}"


def _answer_hint(answer: str) -> set[str]:
    # An answer about opening hours should also match "when are you open".
    return {stem("hours")} if HOURS_WORDS.intersection(words(answer)) else set()


def _is_goodbye(heard: list[str]) -> bool:
    joined = " ".join(heard)
    return bool(GOODBYE_WORDS.intersection(heard)) or any(p in joined for p in GOODBYE_PHRASES)


def _ranges(hours: dict[str, Any], day: str) -> tuple[tuple[str, str], ...]:
    value = hours.get(day) or []
    return tuple(
        (str(r[0]), str(r[1])) for r in value if isinstance(r, list | tuple) and len(r) == 2
    )


def _group_days(hours: dict[str, Any]) -> list[tuple[list[int], tuple[tuple[str, str], ...]]]:
    groups: list[tuple[list[int], tuple[tuple[str, str], ...]]] = []
    for index, day in enumerate(WEEKDAYS):
        ranges = _ranges(hours, day)
        if not ranges:
            continue
        if groups and groups[-1][1] == ranges and groups[-1][0][-1] == index - 1:
            groups[-1][0].append(index)
        else:
            groups.append(([index], ranges))
    return groups


def _describe_group(days: list[int], ranges: tuple[tuple[str, str], ...], lang: str) -> str:
    names = DAY_NAMES[lang]
    if len(days) == 1:
        span = names[days[0]]
    elif lang == "de":
        span = f"{names[days[0]]} bis {names[days[-1]]}"
    else:
        span = f"{names[days[0]]} to {names[days[-1]]}"
    if lang == "de":
        times = " und ".join(f"von {start} bis {end} Uhr" for start, end in ranges)
    else:
        times = " and ".join(f"from {start} to {end}" for start, end in ranges)
    return f"{span} {times}"


def _is_open(hours: dict[str, Any], now: datetime) -> bool:
    local = now.astimezone(VIENNA)
    current = local.strftime("%H:%M")
    return any(start <= current < end for start, end in _ranges(hours, WEEKDAYS[local.weekday()]))
