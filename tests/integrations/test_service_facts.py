"""How long a service takes and what it costs, as the bot says it (service_facts.py)."""

from __future__ import annotations

import pytest

from integrations.dialogue.booking_desk import OfferedService
from integrations.dialogue.service_facts import asks_about_a_service, service_fact

SERVICES = [
    OfferedService(1, "Massage", 60, 6500),
    OfferedService(2, "Gesichtsbehandlung", 90, 7250),
    OfferedService(3, "Maniküre", 45, 100),
    OfferedService(4, "Erstgespräch", 20, 0),
]


@pytest.mark.parametrize(
    ("language", "asked", "said"),
    [
        ("de", "Wie lange dauert eine Massage?", "Ein Termin für Massage dauert etwa eine Stunde."),
        (
            "de",
            "Wie lange dauert die Gesichtsbehandlung und was kostet sie?",
            "Ein Termin für Gesichtsbehandlung dauert etwa eineinhalb Stunden und kostet "
            "72 Euro 50.",
        ),
        ("de", "Was kostet die Maniküre?", "Maniküre kostet 1 Euro."),
        (
            "de",
            "Wie lange dauert das Erstgespräch?",
            "Ein Termin für Erstgespräch dauert etwa 20 Minuten.",
        ),
        ("de", "Was kostet das Erstgespräch?", None),  # no price given: none said
        ("de", "Was kostet ein Haarschnitt?", None),  # no such service
        ("de", "Habt ihr am Samstag offen?", None),
        ("en", "How long is the massage?", "The Massage takes about an hour."),
        ("en", "How much is the Maniküre?", "The Maniküre costs 1 euro."),
        (
            "en",
            "What does the Gesichtsbehandlung cost?",
            "The Gesichtsbehandlung costs 72 euros 50.",
        ),
    ],
)
def test_a_service_s_length_and_price_are_said(language: str, asked: str, said: str | None) -> None:
    assert service_fact(asked, SERVICES, language) == said


def test_an_answer_that_speaks_of_the_service_comes_first() -> None:
    entry = "Was kostet eine Massage? 65 Euro, mit Öl 70 Euro."
    assert service_fact("Was kostet eine Massage?", SERVICES, "de", unless_named_in=entry) is None
    other = "Was kostet eine Maniküre? 25 Euro."
    assert service_fact("Was kostet eine Massage?", SERVICES, "de", unless_named_in=other) == (
        "Massage kostet 65 Euro."
    )


def test_only_questions_of_length_or_price_look_the_services_up() -> None:
    assert asks_about_a_service("Wie lange dauert das?", "de")
    assert asks_about_a_service("How much is it?", "en")
    assert not asks_about_a_service("Wo kann ich parken?", "de")
