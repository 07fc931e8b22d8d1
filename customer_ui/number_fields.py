"""Number inputs that keep what was typed, so the service can say what is wrong with it.

NiceGUI's `ui.number` corrects its value when the field loses focus: into its min and max,
to its precision, through its format ("%d" makes 2.5 a 2). An owner who typed 5000 as the
longest call saw 3600 and saved it without a word; a spending limit of "-5" became 1. A field
made here never changes the value: min, max and step only guide the browser's arrows, and the
range stays the service's rule, its message shown under the field (layout.show_field_errors).

`read_numbers` takes a form's number fields as the services want them — whole numbers, or
euro amounts as cents — and refuses, under each field, what is neither.

Euro amounts are typed into a text field (`amount_input`), not a browser's number field: a
number field drops a decimal comma its browser does not expect (Chromium in English took
"12,50" as 1250, and the service was saved at 1.250,00 € without a word). `parse_amount`
reads an amount as a German or an English reader writes it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping
from typing import Any

from nicegui import ui

from core.catalogue import N_, language_of
from services.errors import ValidationFailed

WHOLE_NUMBER = N_("Please enter a whole number.")
AMOUNT = N_("Please enter an amount in euros, with at most two decimal places.")


class NumberField(ui.number):
    """`ui.number` without the correction on blur."""

    def sanitize(self) -> None:
        return None


def number_input(
    label: str,
    *,
    value: float | None = None,
    min: float | None = None,
    max: float | None = None,
    step: float | None = None,
) -> NumberField:
    return NumberField(label, value=value, min=min, max=max, step=step)


def amount_input(label: str, *, cents: int | None, locale: str) -> ui.input:
    """A field for an amount in euros, showing `cents` as the reader writes it ("1.250,50"
    in German, "1,250.50" in English, "50" for whole euros); phones show a keypad with the
    decimal sign. Read it with `read_numbers(..., amounts=…, locale=…)`."""
    text = "" if cents is None else written_amount(cents, locale)
    return ui.input(label, value=text).props("inputmode=decimal")


def written_amount(cents: int, locale: str) -> str:
    """Thousands grouped as the reader groups them ("1.250,50", "1,250.50"): parse_amount
    reads it back."""
    euros, rest = divmod(abs(cents), 100)
    sign = "-" if cents < 0 else ""
    german = language_of(locale) == "de"
    grouped = f"{euros:,}".replace(",", ".") if german else f"{euros:,}"
    if not rest:
        return f"{sign}{grouped}"
    return f"{sign}{grouped}{',' if german else '.'}{rest:02d}"


_AMOUNT = re.compile(r"([+-]?)([0-9][0-9.,]*)")
_WHOLE_EUROS = re.compile(r"[0-9]+|[0-9]{1,3}([.,][0-9]{3})+")  # "1250", "1.250", "1,250"


def parse_amount(text: str, locale: str) -> int | None:
    """The cents of an amount typed as a German or English reader writes it — "12,50",
    "12.50", "1.250,00 €", "€ 1,250.00", "1 250" — or None if it is not one (letters, more
    than two decimals, signs in odd places).

    A single sign followed by one or two digits is the decimal sign in either language
    ("12.5" typed in German means 12,50 €); followed by three, it is the reader's
    language's: "1.250" is 1250 € in German and 1.25 € in English — as each would read it."""
    cleaned = re.sub(r"[\s\u00a0\u202f€]|EUR", "", text, flags=re.IGNORECASE)
    match = _AMOUNT.fullmatch(cleaned)
    if match is None:
        return None
    sign, digits = match.groups()
    if digits[-1] in ".,":
        return None
    decimal_sign = _decimal_sign(digits, language_of(locale))
    whole, fraction = digits, ""
    if decimal_sign is not None:
        whole, _, fraction = digits.rpartition(decimal_sign)
        if decimal_sign in whole:
            return None  # "1,2,5": a decimal sign twice
    if not _WHOLE_EUROS.fullmatch(whole) or len(fraction) > 2:
        return None
    cents = int(whole.replace(".", "").replace(",", "")) * 100 + int(fraction.ljust(2, "0"))
    return -cents if sign == "-" else cents


def _decimal_sign(digits: str, language: str) -> str | None:
    """Which of "." and "," in `digits` separates the cents, if either does."""
    signs = [c for c in digits if c in ".,"]
    if not signs:
        return None
    if len(set(signs)) == 2:
        return signs[-1]  # "1.250,00", "1,250.00": the last one
    if len(signs) > 1:
        return None  # "1.000.000": grouping only
    sign = signs[0]
    if len(digits) - digits.index(sign) - 1 == 3:  # "1.250": the reader's language decides
        return sign if sign == ("," if language == "de" else ".") else None
    return sign


def read_numbers(
    inputs: Mapping[str, Any],
    *,
    whole: Collection[str] = (),
    amounts: Collection[str] = (),
    optional: Collection[str] = (),
    locale: str = "de-AT",
) -> dict[str, int]:
    """The named fields' values: `whole` ones as whole numbers, `amounts` (euros, typed as
    the reader of `locale` writes them) as cents; an empty field named `optional` is left
    out. Raises ValidationFailed naming every field that holds anything else (empty, a
    fraction, too many decimals, infinite)."""
    values: dict[str, int] = {}
    errors: dict[str, str] = {}
    for name in [*whole, *amounts]:
        value = inputs[name].value
        if value in (None, "") and name in optional:
            continue
        if name in whole:
            number = _finite(value)
        elif isinstance(value, str):
            number = parse_amount(value, locale)
        else:
            number = _finite(value, scale=100)
        if number is None:
            errors[name] = WHOLE_NUMBER if name in whole else AMOUNT
        else:
            values[name] = number
    if errors:
        raise ValidationFailed(errors)
    return values


def _finite(value: object, *, scale: int = 1) -> int | None:
    """`value` × `scale` if that is a whole number (a float's last-digit noise allowed)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    scaled = float(value) * scale
    if not math.isfinite(scaled) or abs(scaled - round(scaled)) > 1e-6 * max(1, abs(scaled)):
        return None
    return round(scaled)
