"""The e-mail catalogue: every text in both languages, with the same blanks to fill."""

from __future__ import annotations

from datetime import date
from string import Formatter

from services.email_texts import EMAIL_TEXTS, day, email_text, euros


def _blanks(text: str) -> set[str]:
    return {name for _literal, name, _spec, _conversion in Formatter().parse(text) if name}


def test_every_text_has_german_and_english_with_the_same_blanks() -> None:
    for key, texts in EMAIL_TEXTS.items():
        assert set(texts) == {"de", "en"}, key
        assert _blanks(texts["de"]) == _blanks(texts["en"]), key


def test_the_reader_gets_their_language_and_its_formats() -> None:
    assert email_text("default_plan", "de-AT") == "Standard"
    assert email_text("default_plan", "en-US") == "standard"
    assert email_text("trial_ending_subject", "de-AT", day="14.12.2026").endswith("14.12.2026")
    assert day(date(2026, 12, 4), "de-AT") == "04.12.2026"
    assert day(date(2026, 12, 4), "en-US") == "04 December 2026"
    assert (euros(2900, "de-AT"), euros(2900, "en-US")) == ("29,00 €", "€29.00")
