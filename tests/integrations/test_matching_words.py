"""German words the offline matcher reads right (issue 12): stems that only look alike
("lagern" is not "Lage"), an adjective that is no compound ("jährlich"), a compound that names
another business ("Hundefriseur" asked of a vet), and the business's own name as weak as a
question word. The English phrases are in test_faq_matching.py's everyday concepts. General
language only; the figures are bench/understanding.py's."""

from __future__ import annotations

import pytest

from integrations.dialogue.matching import FaqMatcher, Topic, units
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


# Austrian everyday German, read as the standard words the lexicon knows (lexicon
# standard_german): "net" is "nicht", so "net kommen" cancels; "wie viel Uhr" asks a time.
@pytest.mark.parametrize(
    ("said", "not_meant", "meant"),
    [
        ("ich kann morgen net kommen", "booking", "cancel"),
        ("bis wie viel Uhr habt ihr offen", "price", "hours"),
        ("kann ich den Wagen nach Feierabend bringen", "celebration", "day"),
        ("kann ich das Futter bei euch bestellen", "parking", "food"),  # no "abstellen"
        ("kann ich in Teilbeträgen zahlen", "clothing", "price"),  # "Betrag", not "tragen"
    ],
)
def test_everyday_german_read_as_meant(said: str, not_meant: str, meant: str) -> None:
    found = concepts(said, "de")
    assert not_meant not in found and meant in found, found


@pytest.mark.parametrize(
    "said",
    [
        "kann ma mit Karte zahlen",  # "ma" is "man"
        "habts ihr mit Karte zahlen",  # "habts" is "habt"
        "machts ihr auch Karte zahlen",
        "sagt ihr mir, ob ich mit Karte zahlen kann",
        "geht bei euch meins mit Karte zahlen",
        "kann ich ein paar Sachen mit Karte zahlen",  # "ein paar" is "some"
        "kann ich den ganzen Betrag mit Karte zahlen",
    ],
)
def test_small_words_of_spoken_german_say_nothing(said: str) -> None:
    """Each sentence is about paying by card and nothing else the bot could weigh: no
    word of it is left as a thing the bot never heard of."""
    stems = {unit.stem for unit in units(said, "de")} - {""}
    assert stems <= {"kart", "zahl", "sach", "betrag"}, stems


def test_a_number_is_no_part_of_a_longer_word() -> None:
    """ "um acht" is eight o'clock, not the end of "begutachten"; a number says little of
    what is asked, like a question word."""
    matcher = FaqMatcher(
        [Topic("Macht ihr die Begutachtung?", "Ja, wir begutachten Autos."), Topic("Adresse?", "")],
        "de",
    )
    assert [r.score for r in matcher.rank("geht es um acht")] == [0.0, 0.0]
    (eight,) = units("um acht", "de")
    assert eight.stem == "acht" and eight.weight < 1


def test_a_noun_in_ung_meets_its_short_verb() -> None:
    """A noun in "-ung" ("Tönungen") is what an answer that says "wir tönen" offers,
    though the verb's stem ("ton") is too short to be read as the noun's root by letters."""
    salon = FaqMatcher(
        [
            Topic("Was kostet ein Haarschnitt?", "Ein Haarschnitt kostet 30 Euro."),
            Topic("Färben Sie auch?", "Ja, wir färben und tönen."),
        ],
        "de",
    )
    best = salon.rank("macht ihr Tönungen")[0]
    assert best.index == 1 and best.score > 0, best


def test_offering_asked_with_its_first_part_last_is_how_not_what() -> None:
    """A verb whose first part comes last ("bietet ihr … an") asks as "verkauft ihr"
    does: it says how the caller asks, not about what."""
    assert all(u.asks for u in units("bietet ihr das an", "de") if u.stem.startswith("anbiet"))
    assert any(u.asks for u in units("bietet ihr Tönungen an", "de"))


@pytest.mark.parametrize(
    ("said", "language"),
    [
        ("wann hättet ihr Zeit für mich", "de"),
        ("haben Sie morgen Zeit für uns", "de"),
        ("do you have time for me on Friday", "en"),
    ],
)
def test_time_for_someone_asks_for_an_appointment(said: str, language: str) -> None:
    """Someone's time asked for is an appointment, not the clock or the opening hours."""
    found = concepts(said, language)
    assert "booking" in found and "hours" not in found, found
