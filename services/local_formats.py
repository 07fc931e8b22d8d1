"""Money, figures, durations and dates as a German (de-AT) or English reader writes them,
through Babel: the one place they are formatted for the portal, the back office, the e-mails
and the invoice.

German "1.234,56 €", "1,5", "04.12.2026"; English "€ 1,234.56", "1.5", "04 December 2026".
The patterns are written out because CLDR's de_AT puts the euro sign first ("€ 1.234,56"),
which is not how our invoices and the portal have always read. Times are Vienna's.

Each text is kept once made (an LRU of a few thousand per kind): Babel's formatting costs
10-30 µs a figure, and a page of thirty days or fifty calls asks for a hundred, most of
them the same from one render to the next (the usage page: 8 % of its CPU, py-spy).

Money's space is a no-break space (U+00A0, as CLDR writes it) in every front door, e-mail
and invoice: "35,00 €" never breaks at a line end. Tests expect "35,00\xa0€".
"""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime
from decimal import Decimal

from babel.dates import format_date, format_datetime, format_skeleton
from babel.numbers import format_currency, format_decimal
from babel.units import format_unit

from core.catalogue import language_of
from services.vienna_time import VIENNA

# The space is U+00A0 (no-break): the amount and its sign never part at a line end.
MONEY = {"de": "#,##0.00\xa0¤", "en": "¤\xa0#,##0.00"}
DAY = {"de": "dd.MM.yyyy", "en": "dd MMMM yyyy"}


def money(cents: int, locale: str, currency: str = "EUR", pattern: dict[str, str] = MONEY) -> str:
    """ "1.234,56 €" in German, "€ 1,234.56" in English (or by `pattern`); cents never pass
    through a float."""
    language = language_of(locale)
    return _money(cents, currency, pattern[language], language)


@functools.lru_cache(maxsize=8192)
def _money(cents: int, currency: str, pattern: str, language: str) -> str:
    return format_currency(Decimal(cents).scaleb(-2), currency, format=pattern, locale=language)


def number(value: float, locale: str, digits: int | None = None) -> str:
    """ "1.234" or "1,5" in German, "1,234" or "1.5" in English: with `digits`, exactly that
    many decimals; without, at most two and none it does not need. A negative zero reads
    "0" (-0.0 and 0 are one key of the kept texts, and nobody wants to read "-0")."""
    decimals = "##" if digits is None else "0" * digits
    pattern = "#,##0" + ("." + decimals if decimals else "")
    return _decimal(value + 0, pattern, language_of(locale))


@functools.lru_cache(maxsize=8192)
def _decimal(value: float, pattern: str, language: str) -> str:
    return format_decimal(value, format=pattern, locale=language)


def day(value: date, locale: str, pattern: dict[str, str] = DAY) -> str:
    """ "04.12.2026" in German, "04 December 2026" in English."""
    language = language_of(locale)
    return _date(value, pattern[language], language)


@functools.lru_cache(maxsize=8192)
def _date(value: date, pattern: str, language: str) -> str:
    return format_date(value, pattern, locale=language)


def moment(value: datetime, locale: str, pattern: dict[str, str]) -> str:
    """A point in time in Vienna, written by `pattern` (a Babel pattern per language)."""
    language = language_of(locale)
    return _moment(value, pattern[language], language)


@functools.lru_cache(maxsize=8192)
def _moment(value: datetime, pattern: str, language: str) -> str:
    return format_datetime(value, pattern, tzinfo=VIENNA, locale=language)


@functools.lru_cache(maxsize=1024)
def month(value: date, locale: str) -> str:
    """A month with its year, as a reader names it: "Dezember 2026", "Jänner 2027" (Austrian
    German, as the bots say it) / "December 2026"."""
    return format_date(value, "LLLL yyyy", locale=MONTH_LOCALES[language_of(locale)])


# Austria's German calls January "Jänner" (CLDR's de_AT); English months are the same anywhere.
MONTH_LOCALES = {"de": "de_AT", "en": "en"}


@functools.lru_cache(maxsize=1024)
def short_day(value: date, locale: str) -> str:
    """A day without its year, as a chart's axis says it: "30. Nov." / "Nov 30"."""
    return format_skeleton("MMMd", value, locale=language_of(locale))


# Babel's locales that name Vienna's zone as people there say it: MEZ/MESZ, CET/CEST ("en"
# alone writes "+0100").
ZONE_LOCALES = {"de": "de_AT", "en": "en_AT"}


def vienna_time(value: datetime, locale: str, pattern: dict[str, str]) -> str:
    """A point in time in Vienna by `pattern`, its zone named as in Austria ("MEZ", "CET");
    a value without a zone is UTC (SQLite hands those back)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    language = language_of(locale)
    return format_datetime(value, pattern[language], tzinfo=VIENNA, locale=ZONE_LOCALES[language])


@functools.lru_cache(maxsize=8192)
def duration(seconds: int, locale: str) -> str:
    """The largest unit and the one below it, if not zero: "2 Tg. 3 Std.", "3 Min. 20 Sek.",
    "45 Sek.", "1 Std." / "3 min 20 sec" (Babel's unit formatting was a tenth of a
    back-office page's time before it was kept)."""
    days, rest = divmod(int(seconds), 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [
        (days, "duration-day"),
        (hours, "duration-hour"),
        (minutes, "duration-minute"),
        (secs, "duration-second"),
    ]
    first = next((i for i, (value, _unit) in enumerate(parts) if value), len(parts) - 1)
    shown = [parts[first]] + [part for part in parts[first + 1 : first + 2] if part[0]]
    language = language_of(locale)
    return " ".join(
        format_unit(value, unit, length="short", locale=language) for value, unit in shown
    )


def seconds(value: float, locale: str) -> str:
    """A moment into a call, to the tenth: "12,5 Sek." / "12.5 sec"."""
    return format_unit(
        value, "duration-second", length="short", format="#,##0.0", locale=language_of(locale)
    )


def milliseconds(value: int, locale: str) -> str:
    """ "883 ms"."""
    return format_unit(value, "duration-millisecond", length="short", locale=language_of(locale))
