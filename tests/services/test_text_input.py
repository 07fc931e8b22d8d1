"""The rule for free text in forms, as a table of cases."""

from __future__ import annotations

import pytest

from services.text_input import (
    BROKEN_CHARACTER,
    CONTROL_CHARACTERS,
    TOO_LONG,
    is_clean_text,
    text_errors,
    text_problem,
)


@pytest.mark.parametrize(
    ("value", "multiline", "expected"),
    [
        ("Groß – Wien 😀", False, None),
        ("", False, None),
        ("x" * 20, False, None),
        ("x" * 21, False, TOO_LONG),
        ("Firma\x00", False, CONTROL_CHARACTERS),
        ("Firma\x1b[31m", False, CONTROL_CHARACTERS),
        ("Firma\x7f", False, CONTROL_CHARACTERS),
        ("Firma\x85", False, CONTROL_CHARACTERS),
        ("Zeile 1\nZeile 2", False, CONTROL_CHARACTERS),
        ("Spalte\tSpalte", False, CONTROL_CHARACTERS),
        ("Zeile\u2028Zeile", False, CONTROL_CHARACTERS),
        ("Z 1\r\nZ 2\tTab", True, None),
        ("Zeile 1\n\x00", True, CONTROL_CHARACTERS),
        ("kaputt \ud800", False, BROKEN_CHARACTER),
        ("kaputt \udfff", True, BROKEN_CHARACTER),
        ("kaputt \ufffd", False, BROKEN_CHARACTER),
    ],
)
def test_text_problem(value: str, multiline: bool, expected: str | None) -> None:
    assert text_problem(value, max_length=20, multiline=multiline) == expected


def test_a_huge_text_is_too_long_before_anything_else() -> None:
    assert text_problem("\x00" * 2_000_000, max_length=200) == TOO_LONG


def test_text_errors_names_each_bad_field_only() -> None:
    errors = text_errors(
        {"name": ("Anna", 200), "subject": ("a\x00b", 200), "body": ("line\nline", 5000)},
        multiline={"body"},
    )
    assert errors == {"subject": CONTROL_CHARACTERS}


def test_is_clean_text() -> None:
    assert is_clean_text("anna@example.at", max_length=254)
    assert not is_clean_text("anna@example.at\x00", max_length=254)
