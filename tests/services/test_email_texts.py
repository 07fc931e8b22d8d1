"""The e-mails' texts: every one in German too, with the same blanks to fill."""

from __future__ import annotations

from datetime import date
from string import Formatter

from core.catalogue import translations
from services.email_texts import EMAIL_TEXTS, email_text
from services.local_formats import day, money, number


def _blanks(text: str) -> set[str]:
    return {name for _literal, name, _spec, _conversion in Formatter().parse(text) if name}


def test_every_text_has_german_with_the_same_blanks() -> None:
    for key, english in EMAIL_TEXTS.items():
        german = translations("de").gettext(english)
        assert german != english, key
        assert _blanks(german) == _blanks(english), key


def test_the_reader_gets_their_language_and_its_formats() -> None:
    assert email_text("default_plan", "de-AT") == "Standard"
    assert email_text("default_plan", "en-US") == "standard"
    assert email_text("trial_ending_subject", "de-AT", day="14.12.2026").endswith("14.12.2026")
    assert day(date(2026, 12, 4), "de-AT") == "04.12.2026"
    assert day(date(2026, 12, 4), "en-US") == "04 December 2026"
    # The same forms as the portal and the invoice: thousands marked, a space after the €.
    assert (money(2900, "de-AT"), money(2900, "en-US")) == ("29,00\xa0€", "€\xa029.00")
    assert (money(123456, "de-AT"), money(123456, "en-US")) == ("1.234,56\xa0€", "€\xa01,234.56")
    assert (number(1234, "de-AT"), number(1.5, "de-AT"), number(1.5, "en-US")) == (
        "1.234",
        "1,5",
        "1.5",
    )
