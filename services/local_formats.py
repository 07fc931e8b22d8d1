"""Money, figures and dates as a German (de-AT) or English reader writes them, through Babel:
the one place they are formatted for the portal, the e-mails and the invoice.

German "1.234,56 €", "1,5", "04.12.2026"; English "€ 1,234.56", "1.5", "04 December 2026".
The patterns are written out because CLDR's de_AT puts the euro sign first ("€ 1.234,56"),
which is not how our invoices and the portal have always read. Times are Vienna's.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, format_skeleton
from babel.numbers import format_currency, format_decimal

from core.catalogue import language_of

VIENNA = ZoneInfo("Europe/Vienna")
MONEY = {"de": "#,##0.00 ¤", "en": "¤ #,##0.00"}
DAY = {"de": "dd.MM.yyyy", "en": "dd MMMM yyyy"}


def money(cents: int, locale: str, currency: str = "EUR") -> str:
    """ "1.234,56 €" in German, "€ 1,234.56" in English; cents never pass through a float."""
    language = language_of(locale)
    amount = Decimal(cents).scaleb(-2)
    return format_currency(amount, currency, format=MONEY[language], locale=language)


def number(value: float, locale: str, digits: int | None = None) -> str:
    """ "1.234" or "1,5" in German, "1,234" or "1.5" in English: with `digits`, exactly that
    many decimals; without, at most two and none it does not need."""
    decimals = "##" if digits is None else "0" * digits
    pattern = "#,##0" + ("." + decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=language_of(locale))


def day(value: date, locale: str, pattern: dict[str, str] = DAY) -> str:
    """ "04.12.2026" in German, "04 December 2026" in English."""
    language = language_of(locale)
    return format_date(value, pattern[language], locale=language)


def moment(value: datetime, locale: str, pattern: dict[str, str]) -> str:
    """A point in time in Vienna, written by `pattern` (a Babel pattern per language)."""
    language = language_of(locale)
    return format_datetime(value, pattern[language], tzinfo=VIENNA, locale=language)


def short_day(value: date, locale: str) -> str:
    """A day without its year, as a chart's axis says it: "30. Nov." / "Nov 30"."""
    return format_skeleton("MMMd", value, locale=language_of(locale))
