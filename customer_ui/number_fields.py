"""Number inputs that keep what was typed, so the service can say what is wrong with it.

NiceGUI's `ui.number` corrects its value when the field loses focus: into its min and max,
to its precision, through its format ("%d" makes 2.5 a 2). An owner who typed 5000 as the
longest call saw 3600 and saved it without a word; a spending limit of "-5" became 1. A field
made here never changes the value: min, max and step only guide the browser's arrows, and the
range stays the service's rule, its message shown under the field (layout.show_field_errors).

`read_numbers` takes a form's number fields as the services want them — whole numbers, or
euro amounts as cents — and refuses, under each field, what is neither.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from typing import Any

from nicegui import ui

from core.catalogue import N_
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


def read_numbers(
    inputs: Mapping[str, Any],
    *,
    whole: Collection[str] = (),
    amounts: Collection[str] = (),
    optional: Collection[str] = (),
) -> dict[str, int]:
    """The named fields' values: `whole` ones as whole numbers, `amounts` (euros) as cents;
    an empty field named `optional` is left out. Raises ValidationFailed naming every field
    that holds anything else (empty, a fraction, too many decimals, infinite)."""
    values: dict[str, int] = {}
    errors: dict[str, str] = {}
    for name in [*whole, *amounts]:
        value = inputs[name].value
        if value in (None, "") and name in optional:
            continue
        number = _finite(value) if name in whole else _finite(value, scale=100)
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
