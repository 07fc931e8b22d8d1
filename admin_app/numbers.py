"""Numbers, money and durations as the staff member reads them: the one place they are
formatted for lists, detail pages, templates and exports.

German: "1.234,56 €", "1.234,5", "3 Min. 20 Sek."; English: "€1,234.56", "1,234.5",
"3 min 20 sec". Money is stored as integer cents and never passes through a float.

Columns are recognised by name, so a new column is formatted without touching a view:
`*_cents` is money, `*_seconds` a duration, `*_ms` milliseconds, any other whole-number
column (not an id) a number with the language's grouping.

CSV exports deliberately do NOT use the language's formats: a CSV is read by spreadsheets,
accounting imports and scripts, which need one format whoever exported it. Money there is
euros with a dot and two decimals, no grouping, no symbol ("1234.56"), durations are whole
seconds or milliseconds, numbers plain digits; the column header names the unit
("Summe (EUR)", "Dauer (s)"). The platform bills in EUR only (ARCHITECTURE.md).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from flask import Flask
from flask_babel import LazyString
from sqlalchemy import Integer, inspect

from admin_app.i18n import current_language
from services import local_formats

# Staff read CLDR's own money: "1.234,56 €" (the portal's, with its no-break space) and
# "€1,234.56" (the portal writes "€ 1,234.56").
STAFF_MONEY = {**local_formats.MONEY, "en": "¤#,##0.00"}
EXPORT_UNITS = {"money": "EUR", "duration": "s", "milliseconds": "ms"}


def init_app(app: Flask) -> None:
    app.jinja_env.filters["money"] = money
    app.jinja_env.filters["number"] = number
    app.jinja_env.filters["duration"] = duration


def _locale() -> str:
    return "de" if current_language() == "de" else "en"


def euros(cents: int) -> Decimal:
    """Exact: 123456 cents are Decimal("1234.56")."""
    return Decimal(cents).scaleb(-2)


def money(cents: int | None, currency: str = "EUR") -> str:
    if cents is None:
        return "—"
    return local_formats.money(cents, _locale(), currency, STAFF_MONEY)


def number(value: float | int | None, digits: int = 0) -> str:
    """`value` with the language's grouping and decimal sign, always `digits` decimals."""
    if value is None:
        return "—"
    return local_formats.number(value, _locale(), digits)


def duration(seconds: int | None) -> str:
    """The largest unit and the one below it, if not zero: "2 Tg. 3 Std.", "3 Min. 20 Sek.",
    "45 Sek.", "1 Std."."""
    if seconds is None:
        return "—"
    return local_formats.duration(seconds, _locale())


def seconds(value: float) -> str:
    """A moment into a call, to the tenth: "12,5 Sek." / "12.5 sec"."""
    return local_formats.seconds(value, _locale())


def milliseconds(value: int | None) -> str:
    if value is None:
        return "—"
    return local_formats.milliseconds(value, _locale())


# --- columns ----------------------------------------------------------------------------

Formatter = Callable[[Any, Any, Any, str], Any]


def figure_kind(name: str, column: Any) -> str | None:
    """What a column holds, by its name: money, duration, milliseconds, number or None."""
    if name.endswith("_cents"):
        return "money"
    if name.endswith("_seconds"):
        return "duration"
    if name.endswith("_ms"):
        return "milliseconds"
    if name == "id" or name.endswith("_id") or not isinstance(column.type, Integer):
        return None
    return "number"


def figure_columns(model: type) -> dict[str, str]:
    """Every column of `model` that holds a figure, with its kind."""
    found = {}
    column: Any
    for column in inspect(model).columns:
        kind = figure_kind(column.key, column)
        if kind:
            found[column.key] = kind
    return found


def _page(kind: str) -> Formatter:
    def show(_view: Any, _context: Any, row: Any, name: str) -> str:
        value = getattr(row, name)
        if kind == "money":
            return money(value, getattr(row, "currency", None) or "EUR")
        if kind == "duration":
            return duration(value)
        if kind == "milliseconds":
            return milliseconds(value)
        return number(value)

    return show


def _export(kind: str) -> Formatter:
    def plain(_view: Any, _context: Any, row: Any, name: str) -> str:
        value = getattr(row, name)
        if value is None:
            return ""
        return f"{euros(value):.2f}" if kind == "money" else str(value)

    return plain


def page_formatters(model: type) -> dict[str, Formatter]:
    return {name: _page(kind) for name, kind in figure_columns(model).items()}


def export_formatters(model: type) -> dict[str, Formatter]:
    return {name: _export(kind) for name, kind in figure_columns(model).items()}


def export_label(model: type, name: str, label: Any) -> Any:
    """The CSV header with the unit its plain numbers are in; translated when the export is
    made, like the label itself."""
    unit = EXPORT_UNITS.get(figure_columns(model).get(name, ""))
    return LazyString(lambda: f"{label} ({unit})") if unit else label
