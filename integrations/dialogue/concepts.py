"""Concepts: words and phrases that mean the same thing to a caller of a small business, so
"what does it cost" finds "How much is a haircut?" and "do you take visa" finds "Can I pay
by card?".

German (de) and English (en). The concepts are what callers of any small business ask
about (prices, payment, where, parking, appointments, hours, ...); a trade's own vocabulary
comes from the bot's FAQ text and the phrasings its owner adds. The word lists are data of
their own (concept_words.CONCEPTS, concept_phrases.PHRASES); this module reads them: single
words are stemmed when the tables are built; phrases are read before stop words go.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from functools import cache

from integrations.dialogue.concept_phrases import PHRASES
from integrations.dialogue.concept_words import CONCEPTS
from integrations.dialogue.lexicon import GERMAN, stem

SLIP_SIMILARITY = 0.85  # letter similarity at which a word is taken as a misheard lexicon word


# A concept that, where a bot says nothing of it, asks for another: a car that comes is
# one to park (a garage, whose entries speak of cars, reads it as a car).
RELATED = {"vehicle": "parking"}

# Going without: "without a car" (or "no car") asks for public transport, "ohne Termin" for
# walking in.
# Going without meat or gluten is still asking about them.
NEGATED = {
    "parking": "transit",
    "vehicle": "transit",
    "booking": "walkin",
    "vegetarian": "vegetarian",
    "allergy": "allergy",
}


@cache
def phrase_stems(language: str) -> list[tuple[tuple[str, ...], str]]:
    """The phrases as stems, longest first: "how much time" is a duration, not a price."""
    stemmed = [
        (tuple(stem(w, language) for w in phrase.split()), concept)
        for phrase, concept in PHRASES[language].items()
    ]
    return sorted(stemmed, key=lambda item: -len(item[0]))


@cache
def concept_stems(language: str) -> dict[str, frozenset[str]]:
    """stem → the concepts it belongs to, for one language."""
    table: dict[str, set[str]] = {}
    for concept, by_language in CONCEPTS.items():
        for word in by_language[language].split():
            table.setdefault(stem(word, language), set()).add(concept)
    return {key: frozenset(value) for key, value in table.items()}


@cache
def concepts_of(stemmed: str, language: str) -> frozenset[str]:
    """The concepts of a stem, also inside German compounds ("kreditkart" ends in "kart",
    "parkplatzsuch" starts with "park") and misheard by a letter ("adress")."""
    table = concept_stems(language)
    if stemmed in table:
        return table[stemmed]
    # A compound is about its first part: a "Gutscheinkarte" is a voucher, not a way to pay.
    # English writes compounds apart ("gift card"), so only German words are split.
    found: set[str] = set()
    for known, concepts in table.items() if language == GERMAN else ():
        rest = stemmed[len(known) :] if stemmed.startswith(known) else ""
        if len(known) >= 4 and len(rest) >= 2 and not is_derived(rest):
            found |= concepts
    if found == {"premises"}:
        found = set(_of_the_business(stemmed, language) or found)
    if not found and language == GERMAN:
        # By its last word, the longest the lexicon knows: "Teilbeträge" are sums ("Betrag"),
        # not something worn ("tragen").
        last = [
            known
            for known in table
            if len(known) >= 4 and len(stemmed) >= len(known) + 2 and stemmed.endswith(known)
        ]
        found = set(table[max(last, key=len)]) if last else found
    if found or len(stemmed) < 5:
        return frozenset(found)
    # A slip keeps the first sound: "bestellen" is no "abstellen" (matching.py reads so too).
    for known, concepts in table.items():
        if (
            known[0] == stemmed[0]
            and abs(len(known) - len(stemmed)) <= 1
            and _similar(known, stemmed) >= SLIP_SIMILARITY
        ):
            found |= concepts
    return frozenset(found)


# A compound that starts with the business says only whose: what follows is asked about
# ("Praxisadresse" is an address), and a business's times ("Ordinationszeiten",
# "Geschäftszeiten") are its opening hours, not a day.
_OF_THE_BUSINESS = {"day": "hours"}


def _of_the_business(stemmed: str, language: str) -> frozenset[str]:
    """What a compound that starts with the business asks about, when its rest says."""
    table = concept_stems(language)
    for known in sorted(table, key=len, reverse=True):
        if table[known] == {"premises"} and stemmed.startswith(known):
            rest = stemmed[len(known) :]
            if rest.startswith("s") and rest[1:] in table:  # linking s: "Ordination-s-zeiten"
                rest = rest[1:]
            concepts = concepts_of(rest, language) if len(rest) >= 4 else frozenset()
            return frozenset(_OF_THE_BUSINESS.get(c, c) for c in concepts)
    return frozenset()


# "-lich" makes an adjective of a noun, not a compound: "jährlich" says how often, not an age
# ("Jahre"). Other endings keep the noun's sense ("telefonisch" is by phone) and stay.
ADJECTIVE_ENDING = "lich"


def is_derived(rest: str) -> bool:
    """Whether what follows a known word is only an adjective's ending."""
    return rest == ADJECTIVE_ENDING


def _similar(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b).ratio()
