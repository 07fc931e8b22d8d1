"""A caller's phone number: how it is cut to its country code when a call is anonymised, and
the forms one number takes in our tables when someone asks for a caller's data.

The cut happens inside the database, batch by batch: on PostgreSQL the migration `retention`
defines `caller_country_code(text)` with the same patterns as here (a test checks
they agree); on SQLite `use_country_code_function` registers this module's function.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection

from core.catalogue import N_
from services.errors import ValidationFailed

# One-digit (1, 7) and two-digit country codes of ITU-T E.164; every other code has three.
_ONE_DIGIT = re.compile(r"\+[17]")
_TWO_DIGITS = re.compile(r"\+(2[07]|3[0-469]|4[013-9]|5[1-8]|6[0-6]|8[1246]|9[0-58])")
_THREE_DIGITS = re.compile(r"\+[0-9]{3}")
# The calling code of a tenant's own country, for numbers typed without one ("0664 …").
CALLING_CODES = {"AT": "43", "DE": "49", "CH": "41", "IT": "39", "LI": "423"}
_SEPARATORS = re.compile(r"[\s/().-]")
_ENTERED = re.compile(r"^\+?[0-9]{4,16}$")
SQL_FUNCTION = "caller_country_code"


def country_code(number: str | None) -> str:
    """ "+436641234567" → "+43"; a number without a country code (or none) → ""."""
    number = number or ""
    for pattern, length in ((_ONE_DIGIT, 2), (_TWO_DIGITS, 3), (_THREE_DIGITS, 4)):
        if pattern.match(number):
            return number[:length]
    return ""


def use_country_code_function(connection: Connection) -> None:
    """Makes `caller_country_code()` callable on a SQLite connection (PostgreSQL has it from
    the migration)."""
    if connection.dialect.name == "sqlite":
        raw = connection.connection.driver_connection
        raw.create_function(SQL_FUNCTION, 1, country_code, deterministic=True)  # type: ignore[union-attr]


def searched_part(typed: str, *, country: str = "AT") -> str:
    """The part of a caller's number to look for among stored ones (E.164), from how a
    person types it: separators dropped, a national "0664 320…" as "+43664320…", "0049…" as
    "+49…"; digits without a leading 0 as typed (a part from the middle of the number)."""
    compact = _SEPARATORS.sub("", typed.strip())
    if compact.startswith("00"):
        return "+" + compact[2:]
    if compact.startswith("0"):
        return f"+{CALLING_CODES.get(country, '43')}{compact[1:]}"
    return compact


def number_forms(entered: str, *, country: str = "AT") -> tuple[str, ...]:
    """Every form in which `entered` may be stored: international ("+43664…"), national
    ("0664…") and with the 00 prefix. Raises ValidationFailed for what is not a number."""
    compact = _SEPARATORS.sub("", (entered or "").strip())
    if not _ENTERED.fullmatch(compact):
        raise ValidationFailed(
            {"number": N_("Please enter a phone number with digits only, e.g. +43 664 1234567.")}
        )
    own = CALLING_CODES.get(country, "43")
    if compact.startswith("+"):
        international = compact
    elif compact.startswith("00"):
        international = "+" + compact[2:]
    elif compact.startswith("0"):
        international = f"+{own}{compact[1:]}"
    else:
        international = "+" + compact
    forms = [international, "00" + international[1:]]
    if international.startswith(f"+{own}"):
        forms.append("0" + international[1 + len(own) :])
    return tuple(dict.fromkeys(forms))
