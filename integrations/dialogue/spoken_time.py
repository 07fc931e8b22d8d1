"""When a caller wants to come, from what they said: "morgen", "tomorrow", "next Friday",
"am Freitag um drei", "nächste Woche", "halb vier", "December 5th", "5.12.", "3 pm",
"as soon as possible" — German and English, as a phone caller says them and as a
recogniser writes them (digits or words).

    when = parse_when("Am Freitag um drei", "de", today=date(2026, 11, 30))
    when.day, when.clock            # date(2026, 12, 4), time(15, 0)

A small parser for these phrases rather than a general date library: the general ones
(dateparser) read dates out of documents, not "um drei" (which on the phone means 15:00,
the business being open then) or "dreiviertel vier". An hour said without am/pm from one to
seven is read as the afternoon. An hour counts only after a cue ("um", "at", "gegen") or
before "Uhr"/"o'clock", so "für drei Personen" is no time. The words it knows per language are
in spoken_time_words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time, timedelta

from integrations.dialogue.lexicon import GERMAN, words
from integrations.dialogue.spoken_numbers import cardinal, merge_tens, number, unordinal
from integrations.dialogue.spoken_time_words import (
    AFTERNOON,
    ALONE_FILLERS,
    EVENING,
    MONTH_WORDS,
    MORNING,
    PARTS,
    PAST_WORDS,
    SOONEST,
    TIME_CUES,
    WEEKDAY_WORDS,
    WHEN_WORDS,
)

_DIGIT_TIME = re.compile(r"\b([01]?\d|2[0-3])[:.]([0-5]\d)\b(?!\.\d)")
_DIGIT_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{2,4})?")
_AM_PM = re.compile(r"\b(\d{1,2})(?::(\d{2}))?\s*([ap])\.?\s?m\b\.?")
_PAST_DIGITS = re.compile(r"\b(half|quarter)[\s-]+(past|after|by|pass|passed|to)\s*$")
# An hour said in words before am or pm ("six pm", "six thirty p.m.", typed in the portal's
# chat or written so by a recogniser): digits, so _AM_PM reads it as it reads "6:30 pm".
_WORDS_AM_PM = re.compile(
    r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
    r"(?:[\s-]+(fifteen|thirty|forty[\s-]five))?(?=\s*[ap]\.?\s?m\b)"
)


@dataclass(frozen=True)
class SpokenTime:
    """What the caller said about when; every field is None when they did not say it."""

    day: date | None = None
    until: date | None = None  # a span of days ("next week"): day … until
    clock: time | None = None
    part: str | None = None  # MORNING, AFTERNOON, EVENING
    soonest: bool = False  # "as soon as possible", "egal wann"

    @property
    def said_anything(self) -> bool:
        return bool(self.day or self.clock or self.part or self.soonest)


def parse_when(
    text: str, language: str, today: date, *, within: tuple[date, date] | None = None
) -> SpokenTime:
    """What `text` says about when. `within`: the days the conversation is about (the next
    week the caller asked for, the days the bot just offered); a weekday named alone
    ("Mittwoch") is that weekday among them, not the next one from today."""
    lang = "de" if language.startswith(GERMAN) else "en"
    lowered = _spell_umlauts(text.lower()).replace("jaenner", "januar")
    clock, explicit, lowered = _digit_clock(lowered, lang)
    day, lowered = _digit_date(lowered, today)
    heard = merge_tens([unordinal(w) for w in words(lowered)], lang)
    joined = " ".join(heard)
    day, until = (day, None) if day else _day(heard, joined, lang, today, within)
    part = next((PARTS[lang][w] for w in heard if w in PARTS[lang]), None)
    if lang == "de" and "morgen" in heard and "frueh" in heard:
        part = MORNING
    clock = clock or _word_clock(heard, lang)
    if clock is not None:
        clock = _afternoon_if_meant(clock, part, explicit=explicit)
    if part is None and clock is None and lang == "en" and ("noon" in heard or "midday" in heard):
        clock = time(12, 0)
    soonest = any(phrase in joined for phrase in SOONEST[lang])
    return SpokenTime(day, until, clock, part, soonest)


def beyond_when(text: str, language: str) -> list[str]:
    """The words of `text` that are not about when, folded: "Anna, am Freitag um drei"
    leaves ["anna", "am"], "halb vier" nothing."""
    lang = "de" if language.startswith(GERMAN) else "en"
    _clock, _explicit, lowered = _digit_clock(_spell_umlauts(text.lower()), lang)
    heard = [unordinal(w) for w in words(_DIGIT_DATE.sub(" ", lowered))]
    weekdays = WEEKDAY_WORDS[lang]
    return [
        w
        for w in heard
        if w not in WHEN_WORDS[lang]
        and number(w, lang) is None
        and not any(_has_day([w], day) for day in weekdays)
    ]


# A clock as Whisper writes "eleven thirty" or "two fifteen": digits run together.
_RUN_TOGETHER = re.compile(r"^([01]?\d|2[0-3])([0-5]\d)$")


def clock_alone(text: str, language: str) -> time | None:
    """A time said on its own, as an answer to "which time suits you": "zehn", "10 30",
    "halb elf", "the one at nine"; None when anything else was said with it."""
    lang = "de" if language.startswith(GERMAN) else "en"
    clock, explicit, rest = _digit_clock(_spell_umlauts(text.lower()), lang)
    heard = merge_tens(words(rest), lang)
    meaningful = [w for w in heard if w not in ALONE_FILLERS]
    if clock is not None:  # "2:30" as Whisper writes "two thirty" is 14:30, as "230" is
        return _afternoon_if_meant(clock, None, explicit=explicit) if not meaningful else None
    if len(meaningful) == 1 and (run := _RUN_TOGETHER.match(meaningful[0])):
        run_together = time(int(run.group(1)), int(run.group(2)))
        return _afternoon_if_meant(run_together, None, explicit=False)
    if (said := _word_clock(heard, lang)) is not None:
        return _afternoon_if_meant(said, None, explicit=False)
    if not 1 <= len(meaningful) <= 2 or (hour := _hour(meaningful[0], lang)) is None:
        return None
    minute = cardinal(meaningful[1], lang) if len(meaningful) == 2 else 0
    if minute is None or not 0 <= minute < 60:
        return None
    return _afternoon_if_meant(time(hour, minute), None, explicit=False)


# ---- days ------------------------------------------------------------------------------


def _day(
    heard: list[str], joined: str, lang: str, today: date, within: tuple[date, date] | None
) -> tuple[date | None, date | None]:
    weekday = next((i for i, name in enumerate(WEEKDAY_WORDS[lang]) if _has_day(heard, name)), None)
    week = _week_offset(joined, lang)
    if weekday is not None:
        if week is not None:  # "nächste Woche Dienstag"
            monday = today - timedelta(days=today.weekday()) + timedelta(weeks=week)
            return monday + timedelta(days=weekday), None
        if _says_week_after(joined, lang):  # "übernächsten Freitag", "Friday week"
            return today + timedelta(days=((weekday - today.weekday()) % 7 or 7) + 7), None
        return _weekday_meant(weekday, today, within), None
    if (dated := _named_date(heard, lang, today)) is not None:
        return dated, None
    if (relative := _relative_day(heard, joined, lang)) is not None:
        return today + timedelta(days=relative), None
    if "wochenende" in heard or "weekend" in heard:
        saturday = today + timedelta(days=(5 - today.weekday()) % 7)
        return saturday, saturday + timedelta(days=1)
    if week is not None:
        monday = today - timedelta(days=today.weekday()) + timedelta(weeks=week)
        return max(monday, today), monday + timedelta(days=6)
    return None, None


def _weekday_meant(weekday: int, today: date, within: tuple[date, date] | None) -> date:
    """The day a weekday named alone means: that weekday among the days the conversation is
    about, if one is; else the next one after today ("Mittwoch" on a Tuesday is tomorrow).
    Never today: today is "heute", and today's weekday named is next week's ("lieber am
    Samstag", said late on a Saturday while tomorrow was being talked about)."""
    if within is not None:
        first, last = within
        candidate = first + timedelta(days=(weekday - first.weekday()) % 7)
        if today < candidate <= last:
            return candidate
    return today + timedelta(days=(weekday - today.weekday()) % 7 or 7)


def _has_day(heard: list[str], name: str) -> bool:
    return name in heard or name + "s" in heard


def _week_offset(joined: str, lang: str) -> int | None:
    if lang == "de":
        if re.search(r"\buebernaechste\w* woche", joined):
            return 2
        if re.search(r"\b(naechste|kommende)\w* woche", joined):
            return 1
        if re.search(r"\bdiese\w* woche", joined):
            return 0
        return None
    if "week after next" in joined:
        return 2
    if re.search(r"\b(next|coming) week", joined):
        return 1
    if "this week" in joined:
        return 0
    return None


def _says_week_after(joined: str, lang: str) -> bool:
    if lang == "de":
        return "uebernaechst" in joined or "in einer woche" in joined
    return bool(
        re.search(r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday) week", joined)
    )


def _relative_day(heard: list[str], joined: str, lang: str) -> int | None:
    if lang == "de":
        if "uebermorgen" in heard:
            return 2
        if any(w == "morgen" and heard[i - 1 : i] != ["guten"] for i, w in enumerate(heard)):
            return 1
        if "heute" in heard:
            return 0
        match = re.search(r"\bin (\w+) tag", joined)
    else:
        if "day after tomorrow" in joined:
            return 2
        if "tomorrow" in heard:
            return 1
        if "today" in heard or "tonight" in heard:
            return 0
        match = re.search(r"\bin (\w+) day", joined)
    if match and (days := number(match.group(1), lang)) is not None and 0 < days <= 60:
        return days
    if re.search(r"\bin (einer|a|one) (woche|week)\b", joined):
        return 7
    return None


def _named_date(heard: list[str], lang: str, today: date) -> date | None:
    """ "5. Dezember", "fünften Dezember", "December 5th", "the 5th of December"."""
    months = MONTH_WORDS[lang].split()
    for index, word in enumerate(heard):
        if word not in months:
            continue
        month = months.index(word) + 1
        near = heard[max(0, index - 3) : index][::-1] + heard[index + 1 : index + 3]
        for candidate in near:
            day = number(candidate, lang)
            if day is not None and 1 <= day <= 31:
                return _next_date(today, month, day)
    return None


def _next_date(today: date, month: int, day: int) -> date | None:
    """The date on or after today (next year's when this year's has passed)."""
    for year in (today.year, today.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            return None
        if candidate >= today:
            return candidate
    return None


def _digit_date(text: str, today: date) -> tuple[date | None, str]:
    match = _DIGIT_DATE.search(text)
    if not match:
        return None, text
    day, month, year = int(match.group(1)), int(match.group(2)), match.group(3)
    rest = text[: match.start()] + " " + text[match.end() :]
    try:
        if year:
            full = int(year) + (2000 if len(year) == 2 else 0)
            return date(full, month, day), rest
    except ValueError:
        return None, rest
    return _next_date(today, month, day), rest


# ---- clock times -------------------------------------------------------------------------


def _digit_clock(text: str, lang: str) -> tuple[time | None, bool, str]:
    """ "15:30", "15.30 Uhr", "3 pm", "10:30 a.m." — digits as a recogniser writes them:
    the time, whether am/pm made it explicit, and the text without it."""
    if lang == "en":
        text = _WORDS_AM_PM.sub(_in_digits, text)
    if lang == "en" and (match := _AM_PM.search(text)):
        hour, minute = int(match.group(1)) % 12, int(match.group(2) or 0)
        hour += 12 if match.group(3) == "p" else 0
        before = text[: match.start()]
        # "half past 2 pm", "quarter to 4 pm": the words before the digits say the minutes
        if not match.group(2) and (past := _PAST_DIGITS.search(before)):
            minute = 30 if past.group(1) == "half" else 15
            if past.group(2) == "to":
                hour, minute = (hour - 1) % 24, 60 - minute
            before = before[: past.start()]
        rest = before + " " + text[match.end() :]
        if minute < 60:
            return time(hour, minute), True, rest
    match = _DIGIT_TIME.search(text)
    if match and not _DIGIT_DATE.match(text, match.start()):
        rest = text[: match.start()] + " " + text[match.end() :]
        return time(int(match.group(1)), int(match.group(2))), False, rest
    return None, False, text


_MINUTES_IN_WORDS = {"": 0, "fifteen": 15, "thirty": 30, "forty five": 45}


def _in_digits(match: re.Match[str]) -> str:
    """ "six thirty" (before pm) → "6:30"."""
    minutes = re.sub(r"[\s-]+", " ", match.group(2) or "")
    return f"{cardinal(match.group(1), 'en')}:{_MINUTES_IN_WORDS[minutes]:02d}"


def _word_clock(heard: list[str], lang: str) -> time | None:
    if lang == "de":
        return _german_clock(heard)
    return _english_clock(heard)


def _german_clock(heard: list[str]) -> time | None:
    for index, word in enumerate(heard):
        following = heard[index + 1] if index + 1 < len(heard) else ""
        after_that = heard[index + 2] if index + 2 < len(heard) else ""
        if word == "halb" and (hour := _hour(following, "de")) is not None:
            return time((hour - 1) % 24, 30)
        hour_after = _hour(after_that, "de")
        if word == "viertel" and following in {"nach", "vor"} and hour_after is not None:
            late = following == "nach"
            return time(hour_after, 15) if late else time((hour_after - 1) % 24, 45)
        if word in {"viertel", "dreiviertel"} and (hour := _hour(following, "de")) is not None:
            return time((hour - 1) % 24, 15 if word == "viertel" else 45)
        if word == "mittag" and index and heard[index - 1] in {"zu", "um", "gegen"}:
            return time(12, 0)
        if (hour := _hour(word, "de")) is None or (word == "ein" and following != "uhr"):
            continue
        cued = index and heard[index - 1] in TIME_CUES["de"]
        if following == "uhr":
            # "um 17 Uhr ein Herrenschnitt": "ein" there is the article, not a minute past
            # (a minute past is said "eins").
            return time(hour, 0 if after_that == "ein" else _minutes(after_that, "de"))
        if cued:
            return time(hour, 0)
    return None


def _english_clock(heard: list[str]) -> time | None:
    for index, word in enumerate(heard):
        following = heard[index + 1] if index + 1 < len(heard) else ""
        after_that = heard[index + 2] if index + 2 < len(heard) else ""
        hour_after = _hour(after_that, "en")
        if word in {"half", "quarter"} and following in PAST_WORDS | {"to"} and hour_after:
            if following == "to":
                return time((hour_after - 1) % 24, 45)
            return time(hour_after, 30 if word == "half" else 15)
        if word == "half" and (hour := _hour(following, "en")) is not None:
            return time(hour, 30)  # British "half two" is 2:30, as German "halb drei" is not
        if (hour := _hour(word, "en")) is None:
            continue
        # "at nine", and "nine in the morning", "three in the afternoon"
        in_part = heard[index + 1 : index + 4]
        cued = bool(index and heard[index - 1] in TIME_CUES["en"]) or (
            len(in_part) == 3 and in_part[:2] == ["in", "the"] and in_part[2] in PARTS["en"]
        )
        if following == "oclock":
            return time(hour, 0)
        if cued:
            return time(hour, _minutes(following, "en"))
    return None


def _afternoon_if_meant(clock: time, part: str | None, *, explicit: bool) -> time:
    """ "um drei" is 15:00 on the phone; "at eight in the evening" is 20:00."""
    if explicit or clock.hour >= 12 or clock.hour == 0:
        return clock
    if part in {AFTERNOON, EVENING} or (part is None and 1 <= clock.hour <= 7):
        return clock.replace(hour=clock.hour + 12)
    return clock


def _hour(word: str, lang: str) -> int | None:
    number = cardinal(word, lang)
    return number if number is not None and 0 <= number <= 23 else None


def _minutes(word: str, lang: str) -> int:
    number = cardinal(word, lang)
    return number if number is not None and 0 <= number < 60 else 0


def _spell_umlauts(text: str) -> str:
    return text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
