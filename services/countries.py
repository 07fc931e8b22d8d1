"""Country names for addresses, in German and English (ISO 3166 alpha-2 codes)."""

from __future__ import annotations

# code → (German, English)
COUNTRY_NAMES: dict[str, tuple[str, str]] = {
    "AT": ("Österreich", "Austria"),
    "BE": ("Belgien", "Belgium"),
    "BG": ("Bulgarien", "Bulgaria"),
    "CH": ("Schweiz", "Switzerland"),
    "CY": ("Zypern", "Cyprus"),
    "CZ": ("Tschechien", "Czechia"),
    "DE": ("Deutschland", "Germany"),
    "DK": ("Dänemark", "Denmark"),
    "EE": ("Estland", "Estonia"),
    "ES": ("Spanien", "Spain"),
    "FI": ("Finnland", "Finland"),
    "FR": ("Frankreich", "France"),
    "GB": ("Vereinigtes Königreich", "United Kingdom"),
    "GR": ("Griechenland", "Greece"),
    "HR": ("Kroatien", "Croatia"),
    "HU": ("Ungarn", "Hungary"),
    "IE": ("Irland", "Ireland"),
    "IT": ("Italien", "Italy"),
    "LI": ("Liechtenstein", "Liechtenstein"),
    "LT": ("Litauen", "Lithuania"),
    "LU": ("Luxemburg", "Luxembourg"),
    "LV": ("Lettland", "Latvia"),
    "MT": ("Malta", "Malta"),
    "NL": ("Niederlande", "Netherlands"),
    "NO": ("Norwegen", "Norway"),
    "PL": ("Polen", "Poland"),
    "PT": ("Portugal", "Portugal"),
    "RO": ("Rumänien", "Romania"),
    "SE": ("Schweden", "Sweden"),
    "SI": ("Slowenien", "Slovenia"),
    "SK": ("Slowakei", "Slovakia"),
}


def country_name(code: str | None, *, german: bool) -> str:
    names = COUNTRY_NAMES.get(code or "")
    if names is None:
        return code or ""
    return names[0] if german else names[1]
