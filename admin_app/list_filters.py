"""The list filters of every model view: strict about what they let through to the database.

Flask-Admin reads a filter's value with `int()` and `strptime()`, so "١٢" became 12, a
21-digit id reached PostgreSQL as a bigint out of range (a 500), year 1 and year 9999 were
days, and a NUL in a text filter broke the query. Here each filter reads its value through
admin_app/request_values.py; a value it refuses makes Flask-Admin skip that filter and say
"Invalid filter value" instead. Date-time filters are read as Vienna time, as the lists show
times.

The filters keep Flask-Admin's order, so the positional filter URLs (`flt0_7=`) of the views
without named filters stay what they were.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any

from flask_admin.contrib.sqla import filters as sqla
from flask_admin.contrib.sqla.filters import FilterConverter
from flask_admin.model import filters
from flask_babel import LazyString

from admin_app.labels import enum_label
from admin_app.request_values import (
    day,
    ordered_pair,
    storable_text,
    vienna_moment,
    whole_number,
)


def _numbers(value: str) -> list[int]:
    found = [whole_number(part.strip()) for part in value.split(",") if part.strip()]
    if not found:
        raise ValueError("no number")
    return found


def _texts(value: str) -> list[str]:
    found = [part.strip() for part in storable_text(value).split(",") if part.strip()]
    if not found:
        raise ValueError("no value")
    return found


# How each kind of filter reads its value.
READERS: dict[Callable[[str], Any], tuple[type, ...]] = {
    whole_number: (
        sqla.IntEqualFilter,
        sqla.IntNotEqualFilter,
        sqla.IntGreaterFilter,
        sqla.IntSmallerFilter,
    ),
    _numbers: (sqla.IntInListFilter, sqla.IntNotInListFilter),
    day: (
        sqla.DateEqualFilter,
        sqla.DateNotEqualFilter,
        sqla.DateGreaterFilter,
        sqla.DateSmallerFilter,
    ),
    lambda text: ordered_pair(text, day): (sqla.DateBetweenFilter, sqla.DateNotBetweenFilter),
    vienna_moment: (
        sqla.DateTimeEqualFilter,
        sqla.DateTimeNotEqualFilter,
        sqla.DateTimeGreaterFilter,
        sqla.DateTimeSmallerFilter,
    ),
    lambda text: ordered_pair(text, vienna_moment): (
        sqla.DateTimeBetweenFilter,
        sqla.DateTimeNotBetweenFilter,
    ),
    storable_text: (
        sqla.FilterLike,
        sqla.FilterNotLike,
        sqla.FilterEqual,
        sqla.FilterNotEqual,
    ),
    _texts: (sqla.FilterInList, sqla.FilterNotInList),
}


def _member(enum_class: type[enum.Enum], text: str) -> enum.Enum:
    """By stored value, as the filter's options send it (Flask-Admin looks members up by
    name, so picking "Gesperrt" was a KeyError and a 500); old links by name still work."""
    try:
        return enum_class(text)
    except ValueError:
        if text in enum_class.__members__:
            return enum_class[text]
        raise


def _members(enum_class: type[enum.Enum], text: str) -> list[enum.Enum]:
    return [_member(enum_class, part) for part in _texts(text)]


# Enum filters read their value against the column's enum.
ENUM_READERS: dict[Callable[[type[enum.Enum], str], Any], tuple[type, ...]] = {
    _member: (sqla.EnumEqualFilter, sqla.EnumFilterNotEqual),
    _members: (sqla.EnumFilterInList, sqla.EnumFilterNotInList),
}


def _validate(self: Any, value: str) -> bool:
    try:
        self.clean(value)
    except ValueError:
        return False
    return True


def _strict(flask_admin_filter: type, clean: Callable[[Any, str], Any]) -> type:
    """`flask_admin_filter` whose value is read by `clean(filter, text)`; what that refuses
    (ValueError) fails validation, between filters included."""
    namespace = {"clean": clean, "validate": _validate, "__doc__": flask_admin_filter.__doc__}
    return type(flask_admin_filter.__name__, (flask_admin_filter,), namespace)


def _reading(read: Callable[[str], Any]) -> Callable[[Any, str], Any]:
    return lambda _filter, text: read(text)


def _reading_enum(read: Callable[[type[enum.Enum], str], Any]) -> Callable[[Any, str], Any]:
    def clean(flt: Any, text: str) -> Any:
        if flt.enum_class is None:  # an Enum column of plain strings
            return storable_text(text)
        return read(flt.enum_class, text)

    return clean


STRICT = {
    original: _strict(original, _reading(read))
    for read, originals in READERS.items()
    for original in originals
} | {
    original: _strict(original, _reading_enum(read))
    for read, originals in ENUM_READERS.items()
    for original in originals
}


def _strict_all(originals: tuple[type, ...]) -> tuple[type, ...]:
    return tuple(STRICT.get(original, original) for original in originals)


class StaffFilterConverter(FilterConverter):
    """Strict filters in Flask-Admin's order; enum filters offer their options in plain
    words, like the form selects."""

    strings = _strict_all(FilterConverter.strings)
    string_key_filters = _strict_all(FilterConverter.string_key_filters)
    int_filters = _strict_all(FilterConverter.int_filters)
    date_filters = _strict_all(FilterConverter.date_filters)
    datetime_filters = _strict_all(FilterConverter.datetime_filters)
    enum = _strict_all(FilterConverter.enum)

    @filters.convert("enum")
    def conv_enum(self, column: Any, name: str, options: Any = None, **kwargs: Any) -> list[Any]:
        enum_class = column.type.enum_class
        if not options and enum_class is not None:
            options = [(member.value, LazyString(enum_label, member)) for member in enum_class]
        return super().conv_enum(column, name, options, **kwargs)
