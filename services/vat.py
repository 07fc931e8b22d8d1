"""Which VAT an invoice carries, and whether a VAT id (UID) is well-formed.

We sell an electronic service from Austria. Austrian VAT (20 %) is charged unless the
customer is a business in another EU country that gave us its VAT id: then the place of
supply is the customer's country and the customer owes the VAT (reverse charge, Art. 196
of the VAT directive, § 3a (6) UStG). Such an invoice has 0 % VAT and must say so:
"Steuerschuldnerschaft des Leistungsempfängers / Reverse charge" (§ 11 (1a) UStG), and
carry both parties' VAT ids.

Customers outside the EU are charged Austrian VAT like private customers — the cautious
choice while we cannot tell a foreign business from a consumer. A VAT id is checked for its
country's format only (the pattern the EU's VIES service documents); it is not looked up.
"""

from __future__ import annotations

import re

from core.catalogue import N_

AUSTRIAN_VAT_BP = 2000  # basis points: 20 %
REVERSE_CHARGE_NOTE = "Steuerschuldnerschaft des Leistungsempfängers / Reverse charge"

# Country (ISO 3166 alpha-2) → the VAT id's pattern, prefix included. Greece's ids start
# with EL, not GR.
VAT_ID_FORMATS: dict[str, str] = {
    "AT": r"ATU\d{8}",
    "BE": r"BE[01]\d{9}",
    "BG": r"BG\d{9,10}",
    "CY": r"CY\d{8}[A-Z]",
    "CZ": r"CZ\d{8,10}",
    "DE": r"DE\d{9}",
    "DK": r"DK\d{8}",
    "EE": r"EE\d{9}",
    "GR": r"EL\d{9}",
    "ES": r"ES[A-Z0-9]\d{7}[A-Z0-9]",
    "FI": r"FI\d{8}",
    "FR": r"FR[A-HJ-NP-Z0-9]{2}\d{9}",
    "HR": r"HR\d{11}",
    "HU": r"HU\d{8}",
    "IE": r"IE(\d{7}[A-W][A-I]?|\d[A-Z+*]\d{5}[A-W])",
    "IT": r"IT\d{11}",
    "LT": r"LT(\d{9}|\d{12})",
    "LU": r"LU\d{8}",
    "LV": r"LV\d{11}",
    "MT": r"MT\d{8}",
    "NL": r"NL\d{9}B\d{2}",
    "PL": r"PL\d{10}",
    "PT": r"PT\d{9}",
    "RO": r"RO\d{2,10}",
    "SE": r"SE\d{10}01",
    "SI": r"SI\d{8}",
    "SK": r"SK\d{10}",
}
EU_COUNTRIES = frozenset(VAT_ID_FORMATS)


def normalise_vat_id(text: str) -> str:
    """'atu 1234-5678' → 'ATU12345678': spaces, dots and dashes dropped, capitals."""
    return re.sub(r"[\s.\-]", "", text).upper()


def vat_id_problem(vat_id: str, country: str) -> str | None:
    """Why `vat_id` (normalised) is not a VAT id of `country`, or None when it looks right.
    The message is an English catalogue id for the front doors to translate."""
    pattern = VAT_ID_FORMATS.get(country)
    if pattern is None:
        return N_("A VAT id can only be given for a country of the EU.")
    if not re.fullmatch(pattern, vat_id):
        return N_("This is not a VAT id of the country chosen (e.g. ATU12345678).")
    return None


def is_reverse_charge(country: str | None, vat_id: str | None) -> bool:
    """A business in another EU country, with a well-formed VAT id of that country."""
    if not country or not vat_id or country == "AT" or country not in EU_COUNTRIES:
        return False
    return vat_id_problem(vat_id, country) is None
