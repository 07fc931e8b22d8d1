"""The words the offline engine knows about: folding, stop words, a small stemmer, and the
synonyms (concepts) that let "what does it cost" find "How much is a haircut?".

German (de) and English (en) only. The concept lists are for small businesses in general
(prices, payment, where, parking, appointments, hours, ...), not for one trade: a bot's own
FAQ text and the phrasings its owner adds carry the trade's words.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import cache

GERMAN, ENGLISH = "de", "en"
SLIP_SIMILARITY = 0.85  # letter similarity at which a word is taken as a misheard lexicon word


def fold(text: str) -> str:
    """Lower case, umlauts spelled out, accents and punctuation dropped: 'Öffnungszeiten?'
    → 'oeffnungszeiten'. Recognisers and typists spell umlauts both ways."""
    text = text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    text = text.replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9' ]+", " ", text)


def words(text: str) -> list[str]:
    return fold(text).replace("'", "").split()


def language_of(code: str) -> str:
    return GERMAN if code.startswith("de") else ENGLISH


def _wordset(text: str) -> set[str]:
    return set(text.split())


# Words that carry no meaning for matching a question to an FAQ entry. Question words that
# do carry meaning ("where", "how much", "wann") are read as concepts (PHRASES) first.
STOPWORDS = _wordset(
    """a an the is are am be been being do does did done i you we your yours our ours my me us
    to of in on at for and or but if can could would will shall should may might must please
    what which who whom whose when how why it its this that these those there here with have
    has had hello hi hey so just about tell know like want wanted need get got go going some
    any also too very really then than them they he she him her one thing things still yet well
    let lets im youre id ive dont doesnt cant isnt arent wonder wondering question ask quick
    der die das den dem des ein eine einen einem einer eines ist sind bin bist sein war ich
    du sie er wir ihr ihre ihren ihrem ihnen mein meine meinen dein zu zum zur von vom in im
    an am um fuer und oder aber wenn ob kann kannst koennen koennte koennten wuerde wuerden
    moechte moechten will wollen bitte was wann wie warum welche welcher welches wer es gibt
    haben hat habt hast mir mich uns euch euer eure bei mit auf aus auch noch nur mal denn
    doch schon so ja nein hallo gruess gott servus guten tag frage fragen wissen sagen man dass
    da hier dort also gerne gern eigentlich bei beim sich ganz"""
)

# Said alone, these acknowledge and ask for nothing: the bot says nothing back, and said
# while the bot talks they do not interrupt it. The one list for the dialogue and the voice
# runtime; read through `is_backchannel`, which also knows how recognisers write a hum.
BACKCHANNELS = _wordset(
    """mhm mm mmh hmm hm uh huh um uhm ah aha oh eh ok okay okey alright right sure yes yeah
    yep yup fine good great cool understood got it i see thanks thank you
    ja jaja jo joa genau passt gut alles klar aha achso so verstehe okay danke schoen na"""
)
# A hum however it is spelled: "m", "mm", "hmm", "mhm", "mmhmm", "hmmm".
_HUM = re.compile(r"[mh]*m[mh]*")
# Letters spelled one by one: Whisper writes a caller's "mhm" as "M-A-M" or "M.H.M.".
_SPELLED = re.compile(r"\b[a-z](?:[-.] ?[a-z]\b)+\.?")


def _unspell(spelled: re.Match[str]) -> str:
    """Spelled letters as one word; a hum when the consonants are only m and h, whatever
    vowel the recogniser put between them ("M-A-M", "M-H-M", "H-M-M")."""
    letters = re.sub(r"[^a-z]", "", spelled.group())
    consonants = re.sub(r"[aeiou]", "", letters)
    return "mhm" if _HUM.fullmatch(consonants) else letters


def is_backchannel(text: str) -> bool:
    """Whether `text` is nothing but acknowledgements ("Mm-hmm.", "okay, thanks", "M-A-M",
    "Genau."), whatever case, punctuation or hyphens the recogniser or typist used. Empty
    text is not one: there was nothing to acknowledge with."""
    heard = words(_SPELLED.sub(_unspell, text.lower()))
    return bool(heard) and all(w in BACKCHANNELS or _HUM.fullmatch(w) for w in heard)


AFFIRMATIVES = {
    "yes",
    "yeah",
    "yep",
    "sure",
    "ok",
    "okay",
    "please",
    "ja",
    "gerne",
    "gern",
    "bitte",
    "passt",
    "jo",
}
NEGATIVES = {"no", "nope", "nah", "not", "nein", "ne", "nicht", "danke"}
FIRST = {"first", "former", "erste", "ersten", "erstere", "ersteres", "erstes"}
SECOND = {
    "second",
    "latter",
    "other",
    "zweite",
    "zweiten",
    "zweites",
    "letztere",
    "letzteres",
    "andere",
}


def stem(word: str, language: str) -> str:
    """A light suffix stripper: enough to make "Termine"/"Termin", "kostet"/"Kosten",
    "booking"/"booked"/"book" meet. Longer shared stems are matched fuzzily in matching.py."""
    return _stem_de(word) if language == GERMAN else _stem_en(word)


@cache
def _stem_en(word: str) -> str:
    if len(word) <= 3:
        return word
    for suffix, replacement in (("ies", "y"), ("sses", "ss"), ("'s", "")):
        if word.endswith(suffix):
            word = word[: -len(suffix)] + replacement
            break
    else:
        if word.endswith("s") and not word.endswith(("ss", "us", "is")):
            word = word[:-1]
    for suffix in ("ingly", "edly", "ing", "ed", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
                word = word[:-1]  # "shopping" -> "shop"
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


_DE_SUFFIXES = ("ern", "em", "en", "er", "es", "et", "st", "e", "n", "s", "t")


@cache
def _stem_de(word: str) -> str:
    for suffix in _DE_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


# Concepts: words that mean the same thing to a caller of a small business. Single words are
# stemmed when the lexicon is built; multi-word phrases are read before stop words go.
CONCEPTS: dict[str, dict[str, str]] = {
    "price": {
        "en": "price cost charge fee expensive cheap rate rates tariff euro euros much pricing "
        "pricelist afford",
        "de": "preis preise kosten kostet teuer guenstig billig gebuehr tarif euro preisliste "
        "kostenpunkt wieviel verlangen",
    },
    "payment": {
        "en": "pay paying payment card cards credit debit visa mastercard maestro amex cash "
        "contactless paypal bancomat",
        "de": "zahlen bezahlen bezahlung zahlung karte kreditkarte bankomat bankomatkarte "
        "bar bargeld kontaktlos maestro visa mastercard paypal ec",
    },
    "location": {
        "en": "address located location street find situated directions road whereabouts where",
        "de": "adresse wo strasse gasse finden befinden liegen lage anfahrt hausnummer "
        "standort weg",
    },
    "parking": {
        "en": "park parking car garage vehicle drive",
        "de": "parken parkplatz parkplaetze auto garage tiefgarage stellplatz parkhaus "
        "parkmoeglichkeit",
    },
    "transit": {
        "en": "bus tram train subway underground metro station stop transport",
        "de": "bus strassenbahn bim ubahn sbahn zug station haltestelle oeffi oeffis "
        "verkehrsmittel",
    },
    "booking": {
        "en": "book booking appointment appointments slot reserve reservation schedule "
        "available availability",
        "de": "termin termine buchen buchung reservieren reservierung vereinbaren ausmachen "
        "frei verfuegbar",
    },
    "cancel": {
        "en": "cancel cancellation reschedule postpone move",
        "de": "absagen absage stornieren storno stornierung verschieben verlegen umbuchen",
    },
    "hours": {
        "en": "open opening hours close closed closing",
        "de": "offen geoeffnet oeffnungszeiten oeffnungszeit geschlossen aufsperren "
        "zusperren oeffnen",
    },
    "weekend": {
        "en": "saturday sunday weekend weekends holiday holidays",
        "de": "samstag sonntag wochenende feiertag feiertage samstags sonntags",
    },
    "children": {
        "en": "child children kid kids son daughter boy girl baby toddler",
        "de": "kind kinder sohn tochter bub buben maedchen baby",
    },
    "duration": {
        "en": "long duration minutes",
        "de": "dauer dauert lange minuten",
    },
    "voucher": {
        "en": "voucher vouchers gift present certificate",
        "de": "gutschein gutscheine geschenk geschenkgutschein",
    },
    "contact": {
        "en": "phone email mail contact reach number call",
        "de": "telefon telefonnummer email mail kontakt erreichen nummer anrufen",
    },
    "accessibility": {
        "en": "wheelchair accessible accessibility stairs step steps lift elevator disabled",
        "de": "rollstuhl barrierefrei stufe stufen treppe lift aufzug behindert",
    },
    "pets": {
        "en": "dog dogs pet pets",
        "de": "hund hunde haustier haustiere",
    },
    "near": {
        "en": "near nearby closeby around",
        "de": "naehe nahe umgebung",
    },
    "urgent": {
        "en": "urgent urgently emergency emergencies acute pain asap immediately",
        "de": "dringend notfall notfaelle akut schmerzen sofort",
    },
    "insurance": {
        "en": "insurance insured insurer",
        "de": "versicherung versichert krankenkasse kasse oegk",
    },
    "bring": {
        "en": "bring",
        "de": "mitbringen mitnehmen",
    },
    "walkin": {
        "en": "walk walkin walkins spontaneous spontaneously",
        "de": "spontan vorbeikommen vorbeischauen reinkommen hereinkommen anmeldung laufkundschaft",
    },
}
# Phrases whose words mean more together than apart; read before stop words are dropped.
PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "how much": "price",
        "do i pay": "price",
        "have to pay": "price",
        "would i pay": "price",
        "what do you charge": "price",
        "where are you": "location",
        "get to you": "location",
        "get there": "location",
        "how long": "duration",
        "how much time": "duration",
        "how many minutes": "duration",
        "how many hours": "duration",
        "drop in": "walkin",
        "drop by": "walkin",
        "dont show up": "cancel",
        "gift card": "voucher",
        "walk in": "walkin",
        "without an appointment": "walkin",
        "without appointment": "walkin",
        "public transport": "transit",
        "close by": "near",
        "close to": "near",
        "call off": "cancel",
        "cant make it": "cancel",
        "cannot make it": "cancel",
        "wont make it": "cancel",
        "not make it": "cancel",
        "not showing up": "cancel",
        "not show up": "cancel",
        "no show": "cancel",
        "what time": "hours",
        "when are you": "hours",
        "how late": "hours",
        "how early": "hours",
    },
    "de": {
        "wie viel": "price",
        "muss ich zahlen": "price",
        "muss ich bezahlen": "price",
        "zahle ich": "price",
        "in der naehe": "near",
        "nicht kommen": "cancel",
        "nicht erscheinen": "cancel",
        "nicht erscheine": "cancel",
        "nicht schaffen": "cancel",
        "nicht schaffe": "cancel",
        "was kostet": "price",
        "wo seid": "location",
        "wo sind": "location",
        "zu ihnen": "location",
        "zu euch": "location",
        "wie lange": "duration",
        "wie viel zeit": "duration",
        "wie viele minuten": "duration",
        "wie viele stunden": "duration",
        "nicht komme": "cancel",
        "ohne termin": "walkin",
        "ab wann": "hours",
        "bis wann": "hours",
        "wann habt": "hours",
        "wann haben": "hours",
        "um wie viel uhr": "hours",
        "wie spaet": "hours",
    },
}
# How the opening hours a bot computes from its business hours are asked for, besides
# phrases.py "hours_question".
HOURS_PHRASINGS = {
    "en": ("opening hours", "what time do you close", "until when are you open today"),
    "de": ("Öffnungszeiten", "bis wann haben Sie offen", "wann sperren Sie auf"),
}
# Words that, with a verb of speaking or nearly alone, ask for a person.
HANDOVER_WORDS = _wordset(
    """person human agent someone somebody operator colleague staff receptionist owner
    mitarbeiter mitarbeiterin mensch jemand jemanden kollege kollegin chef chefin"""
)
SPEAK_WORDS = _wordset(
    """talk speak connect transfer through sprechen reden verbinden durchstellen
    weiterleiten"""
)
GOODBYE_WORDS = {"bye", "goodbye", "tschuess", "tschues", "wiederhoeren", "wiedersehen", "baba"}
GOODBYE_PHRASES = ("that is all", "thats all", "das wars", "das war alles", "das ist alles")
# "without a car", "ohne Auto": the word after these is what the caller does not mean.
NEGATIONS = {"without", "ohne", "kein", "keine", "keinen"}
# Question words point at a topic but say less than the words around them.
WEAK_WORDS = {"where", "wo", "wohin"}
WEAK_WEIGHT = 0.5
# "What do I pay", "Was muss ich für einen Schnitt bezahlen": a question that starts with
# "what" and pays asks for a price, not for a way to pay.
PRICE_QUESTION_STARTS = {"what", "was", "wieviel"}
PAY_WORDS = {"pay", "zahlen", "bezahlen", "zahle", "bezahle", "zahlt", "bezahlt"}


@cache
def phrase_stems(language: str) -> list[tuple[tuple[str, ...], str]]:
    """The phrases as stems, longest first: "how much time" is a duration, not a price."""
    stemmed = [
        (tuple(stem(w, language) for w in phrase.split()), concept)
        for phrase, concept in PHRASES[language].items()
    ]
    return sorted(stemmed, key=lambda item: -len(item[0]))


# A clarifying question names a topic by its concept when it has one (phrases.py "topic_*").
NAMED_TOPICS = _wordset(
    """price payment location parking booking cancel hours voucher children transit
    accessibility duration contact"""
)


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
        if len(known) >= 4 and len(stemmed) >= len(known) + 2 and stemmed.startswith(known):
            found |= concepts
    if not found and language == GERMAN:
        for known, concepts in table.items():
            if len(known) >= 4 and len(stemmed) >= len(known) + 2 and stemmed.endswith(known):
                found |= concepts
    if found or len(stemmed) < 5:
        return frozenset(found)
    for known, concepts in table.items():
        if abs(len(known) - len(stemmed)) <= 1 and _similar(known, stemmed) >= SLIP_SIMILARITY:
            found |= concepts
    return frozenset(found)


def _similar(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b).ratio()
