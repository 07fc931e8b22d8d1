"""Months as a reader names them (services.local_formats.month): the Usage page said
"12/2026", a date as a form field writes it."""

from __future__ import annotations

from datetime import date

import pytest

from services.local_formats import month, number


@pytest.mark.parametrize(
    ("value", "locale", "said"),
    [
        (date(2026, 12, 1), "de-AT", "Dezember 2026"),
        (date(2027, 1, 31), "de-AT", "Jänner 2027"),  # Austrian German, as the bots say it
        (date(2026, 12, 1), "en-US", "December 2026"),
        (date(2027, 1, 1), "en-US", "January 2027"),
    ],
)
def test_a_month_is_named_with_its_year(value: date, locale: str, said: str) -> None:
    assert month(value, locale) == said


def test_a_zero_reads_zero_whichever_was_formatted_first() -> None:
    """Formatted texts are kept, and -0.0 and 0 are one key: neither may turn the other's
    text into "-0" (Babel writes a negative zero with its sign)."""
    assert number(-0.0, "de-AT", 1) == "0,0"
    assert number(0, "de-AT", 1) == "0,0"
    assert number(0.0, "en-US") == "0"
    assert number(-0.0, "en-US") == "0"
