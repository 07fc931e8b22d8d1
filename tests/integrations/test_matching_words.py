"""German words the offline matcher reads right (issue 12): stems that only look alike
("lagern" is not "Lage"), an adjective that is no compound ("jährlich"), a compound that names
another business ("Hundefriseur" asked of a vet), and the business's own name as weak as a
question word. The English phrases are in test_faq_matching.py's everyday concepts. General
language only; the figures are bench/understanding.py's."""

from __future__ import annotations

import pytest

from integrations.dialogue.matching import units
from tests.integrations.test_faq_matching import business_bot


def concepts(said: str, language: str) -> set[str]:
    return {c for unit in units(said, language) for c in unit.concepts}


# Each with what it does mean: a matcher that heard no word at all is not "right" here.
@pytest.mark.parametrize(
    ("said", "not_meant", "meant"),
    [
        ("kann ich die Winterreifen bei euch lagern", "location", "tyres"),  # not "Lage"
        ("macht ihr die jährliche Kontrolle", "age", "inspection"),  # yearly, not "Jahre"
    ],
)
def test_german_words_that_only_look_like_another(said: str, not_meant: str, meant: str) -> None:
    found = concepts(said, "de")
    assert not_meant not in found and meant in found, found


def test_a_compound_naming_another_business_is_not_answered() -> None:
    """A vet asked for a dog groomer does not say where the practice is, though it reads
    the animal in the word."""
    said = "habt ihr einen Katzenfriseur"
    assert "pets" in concepts(said, "de")
    assert business_bot("Tierarztpraxis Dr. Berger").reply(said).match is None


def test_the_business_named_with_when_asks_the_hours() -> None:
    match = business_bot("Tierarztpraxis Dr. Berger").reply("wann habt ihr heute Ordination").match
    assert match is not None and match.entry is None, match  # the opening hours


def test_storing_wheels_is_the_wheel_entry_not_the_address() -> None:
    match = business_bot("Autowerkstatt Huber").reply("kann ich meine Räder bei euch lagern").match
    assert match is not None and match.question == "Wechselt ihr Reifen?", match
