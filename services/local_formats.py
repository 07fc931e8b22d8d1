"""Figures and dates in the texts the services write (e-mails, the invoice), as a German
(de-AT) or an English reader writes them: the same forms the portal shows (customer_ui/i18n.py)."""

from __future__ import annotations

from datetime import date


def day(value: date, locale: str) -> str:
    """ "04.12.2026" in German, "04 December 2026" in English."""
    return value.strftime("%d.%m.%Y" if _german(locale) else "%d %B %Y")


def money(cents: int, locale: str, currency: str = "EUR") -> str:
    """ "1.234,56 €" in German, "€ 1,234.56" in English."""
    symbol = "€" if currency == "EUR" else currency
    text = f"{cents / 100:,.2f}"
    return f"{_german_marks(text)} {symbol}" if _german(locale) else f"{symbol} {text}"


def number(value: float, locale: str) -> str:
    """ "1.234" or "1,5" in German, "1,234" or "1.5" in English: no decimals it does not need."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{int(value):,}"
    return _german_marks(text) if _german(locale) else text


def _german(locale: str) -> bool:
    return locale.startswith("de")


def _german_marks(text: str) -> str:
    # 1,234.56 -> 1.234,56
    return text.replace(",", "_").replace(".", ",").replace("_", ".")
