"""Which FAQ entry a caller's words ask about, and how sure that is.

Each entry is read from its question, the other ways callers ask it (phrasings) and, weaker,
its answer ("what is your address" finds "Where are you located?" because the answer names
the street). Words are compared as stems, as concepts (concepts.py: "cost" meets "how much"),
fuzzily (a recogniser's "adress" meets "address") and as parts of German compounds. Rare
words weigh more than words every entry shares (inverse document frequency).

The score of an entry is how much of what the caller said it explains, lowered a little by
how much of its own question the caller left out — so "haircut" alone prefers "How much is a
haircut?" to a long entry that mentions haircuts in passing.

Words the bot has never heard of (in no question, answer, phrasing or concept) weigh
against every entry. When all an entry knows of the caller's words is how they asked (a verb
any business is asked with, "verkauft ihr", "do you offer"; a question word) and an unknown
word says what about, the entry is not what was asked: "verkauft ihr auch Hundeleinen" gets
a question back, not the vet's answer on food.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from os.path import commonprefix

from integrations.dialogue.concepts import (
    NEGATED,
    RELATED,
    SLIP_SIMILARITY,
    concept_stems,
    concepts_of,
    is_derived,
    phrase_stems,
)
from integrations.dialogue.intents import implied, needs_swapped
from integrations.dialogue.lexicon import (
    ASKING_VERBS,
    GERMAN,
    NEGATIONS,
    PAY_WORDS,
    PRICE_QUESTION_STARTS,
    SEPARABLE,
    STOPWORDS,
    WEAK_WEIGHT,
    WEAK_WORDS,
    standard_german,
    stem,
    words,
)
from integrations.dialogue.spoken_numbers import cardinal

# How much an answer's words count next to the question's and the phrasings'.
ANSWER_WEIGHT = 0.5
# A concept shared is nearly as good as the same word; a slip or a compound part less so.
CONCEPT_SIMILARITY = 0.9
RELATED_SIMILARITY = CONCEPT_SIMILARITY  # a concept that leads to another (concepts.py RELATED)
FUZZY_SIMILARITY = 0.8  # the lowest letter similarity read as the same word
COMPOUND_SIMILARITY = 0.75
COMPOUND_PART = 5  # letters a compound's first word needs to count ("frei" would not)
COMPOUND_REST = 3  # letters a compound has besides the word found in it
# Two stems that begin alike for this many letters and this share of the shorter are one word.
ROOT_LETTERS, ROOT_SHARE = 4, 0.8
ROOT_SIMILARITY = 0.8
NOUN_OF_VERB = "ung"  # the ending German makes a verb's noun with, as the stemmer leaves it
# Last words of German compounds that say only "a way of", "fit for" what the first names.
# Snowball cuts "Zahlungsmöglichkeiten" to "zahlungsmog": a tail is read by its beginning.
GENERIC_TAILS = frozenset(
    stem(word, GERMAN) for word in ("moeglichkeit", "gerecht", "freundlich", "tauglich")
)
# A compound's first word that says for whom, not what: "Hundezähne" are teeth.
FOR_WHOM = frozenset({"pets", "children"})
LINKS = ("en", "es", "e", "n", "s")  # letters between a compound's words, longest first
# A German compound split in two: its first word says what kind ("Hunde-"), its last what
# ("-futter"), and counts more.
MODIFIER_WEIGHT = 0.5
# How much a word the bot has never heard of counts against an entry, as a share of what a
# word found in one entry only weighs: "can I bring my dog" is not about what to bring.
UNSEEN_SHARE = 0.6
# An entry that knows only how the caller asked (a verb any business is asked with, a
# question word, a compound's first part) while a word the bot never heard says what about
# keeps this share of its score: "verkauft ihr auch Hundeleinen" is not about food.
UNKNOWN_THING = 0.5
# An entry's score is how much of the caller's words it explains, lowered by up to this
# share when the caller said little of its own question.
ASKED_WEIGHT = 0.3
# A day named says when, rarely what: "I can't come tonight" is about cancelling.
WHEN = frozenset({"day", "weekend"})
# The business's own name for itself says whose, rarely what: "wann habt ihr Ordination"
# asks the hours, "gibt es einen Hundefriseur" is not about where the practice is.
WHOSE = frozenset({"premises"})
# Words the lexicon knows say what the caller wants (pay, book, park); others say about what.
CONCEPT_BOOST = 1.3


@dataclass(frozen=True)
class Topic:
    """One thing a bot can answer: an FAQ entry, or the opening hours it computes."""

    question: str
    answer: str
    phrasings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Ranked:
    index: int  # position in the matcher's topics
    score: float  # 0..1


@dataclass(frozen=True)
class Unit:
    """One meaningful word (or phrase) of a text: its stem and the concepts it stands for."""

    stem: str
    concepts: frozenset[str]
    weight: float = 1.0
    asks: bool = False  # a verb any business is asked with (lexicon.ASKING_VERBS)

    def features(self) -> list[tuple[str, float]]:
        own = [("s:" + self.stem, 1.0)] if self.stem else []
        related = [("c:" + RELATED[c], RELATED_SIMILARITY) for c in self.concepts if c in RELATED]
        return own + [("c:" + c, CONCEPT_SIMILARITY) for c in sorted(self.concepts)] + related


@functools.lru_cache(maxsize=1024)
def units(text: str, language: str) -> tuple[Unit, ...]:
    """The meaningful words of `text`, kept for the texts read last: each call reads its
    bot's FAQ as it starts, and the FAQ matcher and the book read the caller's words."""
    tokens = words(text)
    if language == GERMAN:
        tokens = _separable_joined(standard_german(tokens))
    # A number is said as it is: "acht" is eight, no stem of anything.
    stems = [
        token if cardinal(token, language) is not None else stem(token, language)
        for token in tokens
    ]
    asks_price = bool(tokens) and tokens[0] in PRICE_QUESTION_STARTS
    found: list[Unit] = []
    index = 0
    while index < len(tokens):
        for parts, concept in phrase_stems(language):
            if tuple(stems[index : index + len(parts)]) == parts:
                if concept:
                    found.append(Unit("", frozenset({concept}), CONCEPT_BOOST))
                index += len(parts)
                break
        else:
            token, stemmed = tokens[index], stems[index]
            index += 1
            if token in NEGATIONS:
                index, negated = _next_content_word(tokens, index, language)
                if negated:
                    found.append(Unit("", frozenset({negated}), CONCEPT_BOOST))
            elif asks_price and token in PAY_WORDS:
                found.append(Unit("", frozenset({"price"}), CONCEPT_BOOST))
            elif token not in STOPWORDS:
                concepts = concepts_of(stemmed, language)
                asks = token in ASKING_VERBS
                weak = asks or token in WEAK_WORDS or (concepts and concepts <= WHEN | WHOSE)
                weak = weak or cardinal(token, language) is not None
                weight = WEAK_WEIGHT if weak else 1.0
                weight *= CONCEPT_BOOST if concepts else 1.0
                found.append(Unit(stemmed, concepts, weight, asks))
    found = needs_swapped(tokens, found)
    said = {concept for unit in found for concept in unit.concepts}
    found += [Unit("", frozenset({c}), CONCEPT_BOOST) for c in sorted(implied(tokens, said))]
    return tuple(found)


def _separable_joined(tokens: list[str]) -> list[str]:
    """A German question puts a verb's first part last: "Schleppt ihr ab?" is "abschleppen",
    as in "Abschleppwagen"; "holt ihr mich ab" is "abholen". Read it where it belongs when
    the sentence starts with the verb (not "wann macht ihr auf": that asks the hours)."""
    if len(tokens) < 3 or tokens[-1] not in SEPARABLE or tokens[0] in STOPWORDS:
        return tokens
    return [tokens[-1] + tokens[0], *tokens[1:-1]]


def _next_content_word(tokens: list[str], index: int, language: str) -> tuple[int, str | None]:
    """Where the word after a negation ends, and what going without it means: "without a
    car" is by public transport, "ohne Termin" is walking in; "without a dog" nothing."""
    while index < len(tokens) and tokens[index] in STOPWORDS:
        index += 1
    if index >= len(tokens):
        return index, None
    concepts = concepts_of(stem(tokens[index], language), language)
    return index + 1, next((NEGATED[c] for c in sorted(concepts) if c in NEGATED), None)


def _compound_part(part: str, word: str) -> bool:
    """Whether `part` is a word of the compound `word`: its first ("Parkplatzsuche") or, as
    German puts what a compound is last, its last ("Hundefutter" is food, "Winterreifen"
    tyres), when what is left is long enough to be a word of its own (COMPOUND_REST letters;
    not checked against a dictionary, which the offline matcher has none of)."""
    if len(word) < len(part) + COMPOUND_REST:
        return False
    if word.startswith(part):
        return len(part) >= COMPOUND_PART
    return word.endswith(part)


def _same_root(a: str, b: str) -> bool:
    """Two forms of one word the stemmer leaves apart: German verbs keep their endings
    ("impft", "repariert", "kastriert") where the noun has another ("Impfung", "Kastration")."""
    shared = len(commonprefix([a, b]))
    return shared >= ROOT_LETTERS and shared >= ROOT_SHARE * min(len(a), len(b))


def _verb_of_noun(word: str, language: str) -> str | None:
    """The verb a German noun in "-ung" is made of, as the stemmer leaves it: "Tönung" is
    "tönen" ("ton"), "Färbung" "färben". A short verb is too short for _same_root."""
    if language != GERMAN or not word.endswith(NOUN_OF_VERB):
        return None
    verb = word.removesuffix(NOUN_OF_VERB)
    return verb if len(verb) >= 3 else None


@functools.lru_cache(maxsize=128)
def faq_matcher(topics: tuple[Topic, ...], language: str) -> FaqMatcher:
    """The matcher of these topics, made once and shared by every call to the bot: making
    one reads every entry (3-7 ms of the event loop for ten entries, at each call's start),
    ranking a question with it takes well under a millisecond, and it never changes."""
    return FaqMatcher(topics, language)


class FaqMatcher:
    """Read-only once made (faq_matcher shares one between calls)."""

    def __init__(self, topics: Sequence[Topic], language: str):
        self.topics = tuple(topics)
        self.language = language
        # Per topic: feature -> weight (1 from question/phrasings, ANSWER_WEIGHT from answer).
        self._features: list[dict[str, float]] = []
        # Per topic: the units of each question-like text, for how much of it was said.
        self._asked: list[list[tuple[Unit, ...]]] = []
        for topic in self.topics:
            asked = [units(t, language) for t in (topic.question, *topic.phrasings) if t]
            features: dict[str, float] = {}
            for unit in (u for u in units(topic.answer, language)):
                for feature, _ in unit.features():
                    features[feature] = ANSWER_WEIGHT
            for unit in (u for text in asked for u in text):
                for feature, _ in unit.features():
                    features[feature] = 1.0
            self._features.append(features)
            self._asked.append([text for text in asked if text])
        count = len(self.topics)
        # An entry that has a feature only in its answer counts as less than one entry:
        # "Termin" in an answer's "book first" is no reason to weigh it down as common.
        frequency: dict[str, float] = {}
        for features in self._features:
            for feature, weight in features.items():
                frequency[feature] = frequency.get(feature, 0.0) + weight
        self._idf = {f: math.log((count + 1) / (n + 0.5)) + 0.1 for f, n in frequency.items()}
        self._unseen = UNSEEN_SHARE * (math.log((count + 1) / 1.5) + 0.1)
        self._stems = sorted(f[2:] for f in self._idf if f.startswith("s:"))

    def concepts(self, index: int) -> set[str]:
        """The concepts a topic's question and phrasings speak of."""
        return {c for text in self._asked[index] for unit in text for c in unit.concepts}

    def concept_rarity(self, concept: str) -> float:
        return self._idf.get("c:" + concept, 0.0)

    def rank(self, text: str) -> list[Ranked]:
        """Every topic with its score, best first; empty when nothing meaningful was said."""
        heard = self._joined([part for u in units(text, self.language) for part in self._split(u)])
        if not heard or not self.topics:
            return []
        options = [self._resolve(unit) for unit in heard]
        # An asking verb the bot never uses says what it cannot do: a florist that sells
        # nothing is asked "do you sell shoes" about selling as much as about shoes.
        heard = [
            replace(unit, weight=1.0) if unit.asks and not found else unit
            for unit, found in zip(heard, options, strict=True)
        ]
        weights = [
            unit.weight
            * max((similarity * self._idf[f] for f, similarity in found), default=self._unseen)
            for unit, found in zip(heard, options, strict=True)
        ]
        total = sum(weights)
        hits: dict[str, float] = {}
        for found in options:
            for feature, similarity in found:
                hits[feature] = max(hits.get(feature, 0.0), similarity)
        # A word the bot never heard that says what about ("Hundeleinen", "massages").
        unknown_thing = any(
            not found and unit.weight >= 1 for unit, found in zip(heard, options, strict=True)
        )
        ranked = []
        for index, features in enumerate(self._features):
            each = [
                unit.weight
                * max((s * features.get(f, 0.0) * self._idf[f] for f, s in found), default=0.0)
                for unit, found in zip(heard, options, strict=True)
            ]
            caller_share = sum(each) / total
            asked_share = max((self._said(asked, hits) for asked in self._asked[index]), default=0)
            score = caller_share * (1 - ASKED_WEIGHT + ASKED_WEIGHT * asked_share)
            knows_what = any(e and u.weight >= 1 for e, u in zip(each, heard, strict=True))
            if unknown_thing and not knows_what:
                score *= UNKNOWN_THING  # only how the caller asked is known: not what
            ranked.append(Ranked(index, round(score, 3)))
        return sorted(ranked, key=lambda r: (-r.score, r.index))

    def _joined(self, heard: list[Unit]) -> list[Unit]:
        """Two words the bot knows as one: "hair cut" is "haircut", "Haar Schnitt" too."""
        joined: list[Unit] = []
        for unit in heard:
            if joined and unit.stem and joined[-1].stem:
                together = stem(joined[-1].stem + unit.stem, self.language)
                if "s:" + together in self._idf:
                    joined[-1] = Unit(together, joined[-1].concepts | unit.concepts)
                    continue
            joined.append(unit)
        return joined

    def _split(self, unit: Unit) -> list[Unit]:
        """A German compound the bot does not know as a whole, in its two words when the
        first is one the lexicon knows: "Hundeleinen" is a dog's lead, so what a bot of a vet
        does not know; "Hundefutter" is food, which the vet's entry on food knows."""
        word = unit.stem
        table = concept_stems(self.language)
        if self.language != GERMAN or not word or "s:" + word in self._idf or word in table:
            return [unit]
        for end in range(len(word) - COMPOUND_REST, 3, -1):
            first, rest = word[:end], word[end:]
            if first not in table or is_derived(rest):
                continue
            if table[first] == {"premises"}:
                return [unit]  # whose, not what: "Praxiszeiten" are opening hours (concepts.py)
            rest = stem(self._linked(rest), self.language)
            if any(tail.startswith(rest) for tail in GENERIC_TAILS):  # ways to pay
                return [Unit("", table[first], unit.weight)]
            if rest in table and not table[first] <= FOR_WHOM:
                return [unit]  # two words the lexicon knows: the first says (concepts.py)
            concepts = concepts_of(rest, self.language)
            if concepts and concepts <= WHOSE and "s:" + rest not in self._idf:
                return [Unit("", frozenset(), 1.0)]  # another business: a "Hundefriseur"
            return [
                Unit("", table[first], unit.weight * MODIFIER_WEIGHT),
                Unit(rest, concepts, unit.weight),
            ]
        return [unit]

    def _linked(self, rest: str) -> str:
        """A compound's last word without the letters that link it to the first: "Hund-e-
        leine", "Ordnung-s-amt", "Katze-n-futter" (a word the bot knows is kept whole)."""
        if "s:" + rest in self._idf:
            return rest
        for link in LINKS:
            tail = rest[len(link) :]
            if rest.startswith(link) and len(tail) > COMPOUND_REST and "s:" + tail in self._idf:
                return tail
        return rest[1:] if rest[0] in "es" and len(rest) > COMPOUND_REST else rest

    def _resolve(self, unit: Unit) -> list[tuple[str, float]]:
        """The features of the bot's vocabulary this unit of the caller's may mean."""
        found = [(f, s) for f, s in unit.features() if f in self._idf]
        word = unit.stem
        if not word or ("s:" + word) in self._idf or len(word) < 4:
            return found
        if unit.concepts and not found:
            return found  # the lexicon knows the word: no slip ("closest" is near, not close)
        if cardinal(word, self.language) is not None:
            return found  # a number: "um acht" is no part of "begutachten", "zehn" of "Zehner"
        verb = _verb_of_noun(word, self.language)
        if verb and "s:" + verb in self._idf:
            found.append(("s:" + verb, ROOT_SIMILARITY))
        for known in self._stems:
            if len(known) < 4:
                continue
            # A slip keeps the first sound; "umbuchen" is not "buchen".
            if known[0] == word[0] and abs(len(known) - len(word)) <= 2:
                similarity = SequenceMatcher(None, word, known).ratio()
                # Two letters more or less is a slip only when the rest is alike: "adresse"
                # is "address", "weather" is not "water".
                wanted = FUZZY_SIMILARITY if abs(len(known) - len(word)) < 2 else SLIP_SIMILARITY
                if similarity >= wanted:
                    found.append(("s:" + known, similarity * CONCEPT_SIMILARITY))
                    continue
            if _compound_part(known, word) or _compound_part(word, known):
                found.append(("s:" + known, COMPOUND_SIMILARITY))
            elif _same_root(word, known):
                found.append(("s:" + known, ROOT_SIMILARITY))
        return found

    def _said(self, asked: Sequence[Unit], hits: dict[str, float]) -> float:
        """How much of one question-like text the caller's words covered (idf-weighted)."""
        total = covered = 0.0
        for unit in asked:
            features = unit.features()
            weight = max(self._idf.get(f, 0.0) for f, _ in features)
            total += weight
            covered += weight * max(hits.get(f, 0.0) * s for f, s in features)
        return covered / total if total else 0.0
