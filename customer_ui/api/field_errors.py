"""Pydantic's field errors as the catalogue's words, in the caller's language.

The choice: each Pydantic error *type* with its `ctx` (the limit, the choices) becomes a
catalogue Phrase with parameters, numbers and days written by Babel for the language: a
missing field, a wrong type, a query or path parameter and an id beyond BIGINT never reach
a service. Where a service owns a rule (a bot's texts and FAQ, a ticket's, a booking's
names), the schema leaves it to the service's own check, asked during validation
(fields.ServiceChecked), so the API words it as the portal does. So every 422 field message
comes from the one catalogue, German and English, and none carries Pydantic's English, a
Python type name, a regex or a `loc` path.

A type this table does not know reads "This value is not valid." rather than Pydantic's own
sentence; our validators raise `ValueError(Phrase(…))`, which is translated as it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal

from core.catalogue import N_, Phrase

NOT_VALID = N_("This value is not valid.")

# Error type → the catalogue text; its placeholders are the ctx keys of that type.
BY_TYPE: Mapping[str, str] = {
    "missing": N_("This field is required."),
    "string_type": N_("Please send text here."),
    "string_too_long": N_("Please use at most {max_length} characters."),
    "string_pattern_mismatch": N_("This text is not in the expected form."),
    "string_unicode": N_("Please send text here."),
    "too_long": N_("Please send at most {max_length} entries."),
    "too_short": N_("Please send at least {min_length} entries."),
    "int_type": N_("Please send a whole number."),
    "int_parsing": N_("Please send a whole number."),
    "int_from_float": N_("Please send a whole number."),
    "int_parsing_size": N_("Please send a smaller number."),
    "bool_type": N_("Please send true or false."),
    "bool_parsing": N_("Please send true or false."),
    "list_type": N_("Please send a list."),
    "dict_type": N_("Please send an object with fields."),
    "model_type": N_("Please send an object with fields."),
    "model_attributes_type": N_("Please send an object with fields."),
    "extra_forbidden": N_("This field is not known."),
    "json_invalid": N_("The request body is not valid JSON."),
    "json_type": N_("The request body is not valid JSON."),
    "timezone_aware": N_("Please include the offset from UTC, e.g. +01:00."),
    "enum": N_("Please choose {expected}."),
    "literal_error": N_("Please choose {expected}."),
}
TOO_SHORT_TEXT = N_("Please use at least {min_length} characters.")
EMPTY_TEXT = N_("Please fill in this field.")
DAY = N_("Please send a day as YYYY-MM-DD.")
MOMENT = N_("Please send a date and time with its offset, e.g. 2026-12-07T09:30:00+01:00.")
NUMBER = N_("Please send a number.")
# Limits, for numbers and for days.
LIMITS: Mapping[str, tuple[str, str]] = {
    "greater_than_equal": (
        N_("Please send a number of at least {limit}."),
        N_("Please choose {limit} or later."),
    ),
    "greater_than": (
        N_("Please send a number above {limit}."),
        N_("Please choose a day after {limit}."),
    ),
    "less_than_equal": (
        N_("Please send a number of at most {limit}."),
        N_("Please choose {limit} or earlier."),
    ),
    "less_than": (
        N_("Please send a number below {limit}."),
        N_("Please choose a day before {limit}."),
    ),
}
LIMIT_KEYS = {
    "greater_than_equal": "ge",
    "greater_than": "gt",
    "less_than_equal": "le",
    "less_than": "lt",
}


def field_phrase(problem: Mapping[str, Any], language: str) -> Phrase:
    """One Pydantic error (an item of `errors()`) as a catalogue Phrase for `language`."""
    kind = str(problem.get("type", ""))
    ctx: Mapping[str, Any] = problem.get("ctx") or {}
    if kind in LIMITS:
        limit = ctx.get(LIMIT_KEYS[kind])
        for_number, for_day = LIMITS[kind]
        if isinstance(limit, date | datetime) or _is_iso_day(limit):
            return Phrase(for_day, limit=_day(limit, language))
        return Phrase(for_number, limit=_number(limit, language))
    if kind == "string_too_short":
        minimum = ctx.get("min_length", 1)
        return Phrase(EMPTY_TEXT) if minimum == 1 else Phrase(TOO_SHORT_TEXT, min_length=minimum)
    if kind in {"enum", "literal_error"}:
        return Phrase(BY_TYPE[kind], expected=_choices(str(ctx.get("expected", "")), language))
    if kind == "value_error":
        return _own_words(ctx.get("error"))
    if kind in BY_TYPE:
        numbers = {k: _number(v, language) for k, v in ctx.items() if k.endswith("_length")}
        return Phrase(BY_TYPE[kind], **numbers)
    if kind.startswith("datetime") or kind.startswith("timezone"):
        return Phrase(MOMENT)
    if kind.startswith("date"):
        return Phrase(DAY)
    if kind.startswith(("float", "decimal", "finite")):
        return Phrase(NUMBER)
    return Phrase(NOT_VALID)


# Where FastAPI found a value: the first step of `loc`, not part of the field's name.
SOURCES = frozenset({"body", "query", "path", "header", "cookie"})


def field_name(problem: Mapping[str, Any]) -> str:
    """The field as the API documents it and a developer writes it: a parameter by its
    plain name (`limit`, `bot_id`, not `query.limit`), a body field by its path in the body
    (`faq.0.answer`); without Pydantic's internal steps (`function-after[…]`, union member
    tags); "body" for a body that is not JSON (its `loc` is a character position). No
    operation has a parameter and a body field of the same name, so the plain name is
    never ambiguous."""
    if str(problem.get("type", "")).startswith("json"):
        return "body"
    location = list[object](problem.get("loc", ()))
    if location and location[0] in SOURCES:
        location = location[1:]
    parts = [
        str(part)
        for part in location
        if not (isinstance(part, str) and ("[" in part or "-" in part))
    ]
    return ".".join(parts) or "body"


def _own_words(error: object) -> Phrase:
    """The Phrase a validator of ours raised as `ValueError(Phrase(…))`; anything else
    (a library's English) reads as not valid."""
    text = error.args[0] if isinstance(error, ValueError) and error.args else None
    return text if isinstance(text, Phrase) else Phrase(NOT_VALID)


def _is_iso_day(value: object) -> bool:
    return isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) is not None


def _day(value: object, language: str) -> str:
    day = value if isinstance(value, date) else date.fromisoformat(str(value))
    return format_date(day, format="long", locale=_locale(language))


def _number(value: object, language: str) -> str:
    try:
        return format_decimal(value, locale=_locale(language))  # type: ignore[arg-type]
    except (TypeError, ValueError, ArithmeticError):
        return str(value)


def _choices(expected: str, language: str) -> str:
    """Pydantic's "'normal', 'urgent' or 'low'" as a list in the language's words."""
    values = re.findall(r"'([^']*)'", expected) or [expected]
    return format_list(values, style="or", locale=_locale(language))


def _locale(language: str) -> str:
    return "de_AT" if language == "de" else "en"
