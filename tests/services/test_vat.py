"""VAT ids by country format, and who gets a reverse-charge invoice — a table of cases."""

from __future__ import annotations

import pytest

from services.vat import (
    VAT_ID_FORMATS,
    is_reverse_charge,
    normalise_vat_id,
    vat_id_problem,
)

WELL_FORMED = {
    "AT": "ATU12345678",
    "BE": "BE0123456789",
    "DE": "DE123456789",
    "ES": "ESX1234567X",
    "FR": "FRAB123456789",
    "GR": "EL123456789",
    "IE": "IE1234567WA",
    "IT": "IT12345678901",
    "NL": "NL123456789B01",
    "PL": "PL1234567890",
    "SE": "SE123456789001",
}


@pytest.mark.parametrize(("country", "vat_id"), sorted(WELL_FORMED.items()))
def test_well_formed_vat_ids_pass(country: str, vat_id: str) -> None:
    assert vat_id_problem(vat_id, country) is None


@pytest.mark.parametrize(
    ("country", "vat_id"),
    [
        ("AT", "AT12345678"),  # the U is missing
        ("AT", "ATU1234567"),  # a digit short
        ("DE", "ATU12345678"),  # Austrian id, German address
        ("DE", "DE12345678X"),
        ("GR", "GR123456789"),  # Greece's prefix is EL
        ("NL", "NL123456789001"),
        ("SE", "SE123456789000"),
    ],
)
def test_malformed_or_foreign_vat_ids_are_refused(country: str, vat_id: str) -> None:
    assert vat_id_problem(vat_id, country) == (
        "This is not a VAT id of the country chosen (e.g. ATU12345678)."
    )


def test_only_eu_countries_have_vat_ids_here() -> None:
    assert vat_id_problem("CHE123456789", "CH") == (
        "A VAT id can only be given for a country of the EU."
    )
    assert len(VAT_ID_FORMATS) == 27


def test_vat_ids_are_read_as_people_write_them() -> None:
    assert normalise_vat_id(" atu 1234-5678 ") == "ATU12345678"
    assert normalise_vat_id("de.123.456.789") == "DE123456789"


@pytest.mark.parametrize(
    ("country", "vat_id", "reverse"),
    [
        ("AT", "ATU12345678", False),  # an Austrian business pays Austrian VAT
        ("AT", None, False),
        ("DE", "DE123456789", True),  # an EU business elsewhere: reverse charge
        ("DE", None, False),  # without its VAT id we cannot tell it from a consumer
        ("DE", "DE12345", False),  # a malformed id counts as none
        ("CH", "CHE123456789", False),  # outside the EU: Austrian VAT (see vat.py)
        (None, None, False),
    ],
)
def test_who_gets_a_reverse_charge(country: str | None, vat_id: str | None, reverse: bool) -> None:
    assert is_reverse_charge(country, vat_id) is reverse
