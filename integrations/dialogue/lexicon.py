"""The words the offline engine reads: folding, contractions, stop words, Snowball stems,
backchannels, and the small word lists of the dialogue (yes, no, goodbye, a person).

German (de) and English (en) only. What words mean together (synonyms, phrases) is in
concepts.py; what a whole sentence asks, where its words mislead, in intents.py.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

import snowballstemmer

GERMAN, ENGLISH = "de", "en"


def fold(text: str) -> str:
    """Lower case, umlauts spelled out, accents and punctuation dropped: 'Öffnungszeiten?'
    → 'oeffnungszeiten'. Recognisers and typists spell umlauts both ways."""
    text = text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    text = text.replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9' ]+", " ", text)


# Apostrophes as keyboards and recognisers write them: typographic (’ ‘ ʼ) and, on German
# keyboards, the accent keys ("war´s", "geht`s").
_APOSTROPHES = str.maketrans(dict.fromkeys("\u2019\u2018\u02bc\u00b4`", "'"))
# German drops the "es" after a verb into an apostrophe: "das war's", "wie geht's",
# "gibt's". Read as the words it stands for ("das war es"), before the English rule
# below would cut the 's off and leave "das war".
_GERMAN_ELIDED = re.compile(
    r"\b(war|waer|ist|wird|geht|gibt|hat|hab|habt|passt|klappt|steht|kommt|macht|mach|tut"
    r"|sag|nimm)'s\b"
)
# English contractions as their words ("what's" → "what is", "can't" → "can not"), so the
# stop words and phrases need only one spelling. Recognisers write them either way. Any
# other 's is a possessive ("Anna's") and goes.
_EXPANDED = {"d": " would", "ll": " will", "re": " are", "ve": " have", "m": " am"}
_IS = "it|that|what|where|there|here|who|how|when|why|he|she"
_CONTRACTIONS: tuple[tuple[re.Pattern[str], Any], ...] = (
    (_GERMAN_ELIDED, r"\1 es"),
    (re.compile(r"\b(can|won)'t\b"), lambda m: {"can": "can", "won": "will"}[m[1]] + " not"),
    (re.compile(r"n't\b"), " not"),
    (re.compile(rf"\b({_IS})'s\b"), r"\1 is"),
    (re.compile(r"\blet's\b"), "let us"),
    (re.compile(r"'s\b"), ""),
    (re.compile(r"'(d|ll|re|ve|m)\b"), lambda m: _EXPANDED[m[1]]),
)


def words(text: str) -> list[str]:
    folded = fold(text.translate(_APOSTROPHES))
    for pattern, replacement in _CONTRACTIONS:
        folded = pattern.sub(replacement, folded)
    return folded.replace("'", "").split()


def language_of(code: str) -> str:
    return GERMAN if code.startswith("de") else ENGLISH


def _wordset(text: str) -> set[str]:
    return set(text.split())


# Words that carry no meaning for matching a question to an FAQ entry. Question words that
# do carry meaning ("where", "how much", "wann") are read as concepts (PHRASES) first.
STOPWORDS = _wordset(
    """a an the is are am be been being do does did done i you we your yours our ours my me us
    to of in on at for and or but if can could would will shall should may might must please
    what which who whom whose how why it its this that these those there here with have
    has had hello hi hey so just about tell know like want wanted need get got go going some
    any also too very really then than them they he she him her one thing things still yet well
    let lets im youre id ive dont doesnt cant isnt arent wonder wondering question ask
    der die das den dem des ein eine einen einem einer eines ist sind bin bist sein war ich
    du sie er wir ihr ihre ihren ihrem ihnen mein meine meinen dein zu zum zur von vom in im
    an am um fuer und oder aber wenn ob kann kannst koennen koennte koennten wuerde wuerden
    moechte moechten will wollen bitte was wie warum welche welcher welches wer es gibt
    haben hat habt hast mir mich uns euch euer eure bei mit auf aus auch noch nur mal denn
    doch schon so ja nein hallo gruess gott servus guten tag frage fragen wissen sagen man dass
    da hier dort also gerne gern eigentlich bei beim sich ganz
    not exactly actually maybe perhaps anything something everything use uses able next
    okay ok nicht etwas seid sei werden werde wird wirst wurde geht gehts macht
    machen mache machst koennt haette haetten haettet hatte hattet braeuchte brauche
    brauchst braucht brauchen muss musst muessen muesste soll sollte solltet darf duerfen
    einfach genau vielleicht meinen meiner meinem eure euren eurem naechste naechsten
    leider dann around come coming kommen komme kommt vorbeikommen vorbeischauen reinkommen
    hereinkommen ahead beforehand advance vorher vorab make first
    brauch hab krieg kriege kriegt kriegen bekomm bekomme bekommt bekommen moecht tun tu tut
    seids sollen irgendwo irgendwie wer
    meins deins seins unser unsere unseren unserem unserer unsers deine deinen deinem deiner
    seine seinen seinem seiner ihres sag sagt sagst gesagt willst wollt moechtest moechtet
    darfst duerft muesst paar ganze ganzen ganzes
    out while all once only again more whole soon lot lots any much many
    wieder bald gegen ins fuers aufs waehrend einmal mehr alles solange ungefaehr schon
    etwa viel ueber hinfahren hinkommen hingehen hinfinden"""
)

# Austrian everyday German as the standard words the lists know: "kann ma", "des is net",
# "nix", "heit". The -ts of "habts", "machts", "kommts ihr" is read as the verb
# ("nichts" is a word of its own).
_COLLOQUIAL = {
    "ma": "man",
    "net": "nicht",
    "ned": "nicht",
    "is": "ist",
    "nix": "nichts",
    "wos": "was",
    "heit": "heute",
}


def standard_german(tokens: list[str]) -> list[str]:
    """A German caller's words with Austrian everyday forms spelled as the lexicon has them."""
    return [_standard(token) for token in tokens]


def _standard(word: str) -> str:
    if word in _COLLOQUIAL:
        return _COLLOQUIAL[word]
    verb = word[:-1]
    if word.endswith("ts") and word != "nichts" and (verb in STOPWORDS or verb in ASKING_VERBS):
        return verb
    return word


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


# What a caller starts an interruption with: wanting the bot to stop ("wait", "sorry", "no")
# or a question ("what", "can", "is"). Heard as the first word of speech over the bot
# (voice_runtime/first_words.py), one of them stops the bot at once; other words wait for
# the speech's length or its end. Only the first word counts: a recogniser given the tail of
# a hum invents sentences ("mhm" → "And they can.").
INTERRUPTION_OPENERS = _wordset(
    """wait stop sorry no nope hold hang excuse pardon actually but hello hey listen
    what when where which who why how can could do does did is are will would may
    moment warte warten stopp halt entschuldigung nein aber hallo
    was wann wo wie welche welcher wer warum kann koennen koennten haben gibt ist sind"""
)


def interruption_opener(text: str) -> str | None:
    """The first word heard of speech over the bot, if it begins an interruption."""
    heard = words(text)
    return heard[0] if heard and heard[0] in INTERRUPTION_OPENERS else None


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
    """The word's Snowball stem ("Termine"/"Termin", "kostet"/"Kosten", "booking"/"booked"/
    "book" meet). Longer shared stems are matched fuzzily in matching.py."""
    return _stem(word, GERMAN if language == GERMAN else ENGLISH)


_STEMMERS = {
    GERMAN: snowballstemmer.stemmer("german"),
    ENGLISH: snowballstemmer.stemmer("english"),
}


# Words whose Snowball stem meets another word's: "wie viele" counts, "wie viel" asks a price;
# "lagern" (to store) is not "Lage" (where), "Einlagerung" is stored too.
_OWN_STEMS = {
    "viele": "viele",
    "vielen": "viele",
    **dict.fromkeys(("lagern", "lagert", "lager", "lagerung"), "lager"),
    **dict.fromkeys(("einlagern", "einlagert", "einlagerung"), "einlager"),
}


@cache
def _stem(word: str, language: str) -> str:
    if language == GERMAN and word in _OWN_STEMS:
        return _OWN_STEMS[word]
    return str(_STEMMERS[language].stemWord(word))


# How the opening hours a bot computes from its business hours are asked for, besides
# phrases.py "hours_question".
HOURS_PHRASINGS = {
    "en": ("opening hours", "what time do you close", "until when are you open today"),
    "de": ("Öffnungszeiten", "bis wann haben Sie offen", "wann sperren Sie auf"),
}
# Words that, with a verb of speaking or nearly alone, ask for a person.
HANDOVER_WORDS = _wordset(
    """person human agent someone somebody operator colleague staff receptionist owner
    mitarbeiter mitarbeiterin mensch jemand jemanden kollege kollegin chef chefin
    jemandem menschen mitarbeitern mitarbeiterinnen kollegen kolleginnen"""
)
SPEAK_WORDS = _wordset(
    """talk speak connect transfer through sprechen reden verbinden durchstellen
    weiterleiten"""
)
GOODBYE_WORDS = {"bye", "goodbye", "tschuess", "tschues", "wiederhoeren", "wiedersehen", "baba"}
# "das wars" as typed without an apostrophe; "das war's" reads as "das war es".
GOODBYE_PHRASES = (
    "that is all",
    "thats all",
    "das wars",
    "das war es",
    "das war alles",
    "das ist alles",
)
# The answer to "Is there anything else I can do for you?". A yes, with words that say only
# that there is more ("Ja, ich hätte noch eine Frage"), asks the bot to listen: ...
# "Passt" and "okay" are left out: after that question they as often mean "that's fine".
WANTS_MORE = _wordset("yes yeah yep sure please ja jo gerne gern bitte")
MORE_FILLER = _wordset(
    """i have do there is one more another question thing something actually a still
    ich habe hab haette noch eine einen frage sache etwas was da doch schon"""
)
# ... a no, with words that say only that it was all ("Nein danke, das war alles",
# "No, that's all, thanks"), ends the call.
NO_MORE = _wordset("no nope nah nothing nein ne nee nix nichts")
THANKS = _wordset("thanks thank danke dankeschoen merci dank")
DONE_FILLER = THANKS | _wordset(
    """you very much that is all it else more anything i am im fine good ok okay alright
    for now need questions
    vielen sehr schoen das war wars es ist alles sonst mehr passt gut schon wunschlos
    gluecklich keine kein fragen brauche ich bin"""
)
# "without a car", "ohne Auto": the word after these is what the caller does not mean.
NEGATIONS = {"without", "no", "ohne", "kein", "keine", "keinen"}
# The first parts of German verbs that a sentence puts last ("schleppt ihr ab").
SEPARABLE = _wordset("ab an auf aus ein mit vor weg zurueck durch her hin nach")
# Question words point at a topic but say less than the words around them.
WEAK_WORDS = {"where", "wo", "wohin", "when", "wann"}
WEAK_WEIGHT = 0.5
# Verbs any business is asked with ("do you sell", "verkauft ihr", "do you offer", "repariert
# ihr"): they say how the caller asks, the thing after them what about. "Verkauft ihr auch
# Hundeleinen" is not about the food the vet sells; these weigh as little as question words.
ASKING_VERBS = _wordset(
    """sell sells selling offer offers offering provide provides providing repair repairs
    fix fixes carry carries stock stocks buy available take takes give gives leave put
    hold allow allowed possible accept accepts
    verkauft verkaufen verkaufst bietet bietest anbieten anbietet anbietest biete repariert
    reparieren reparierst kaufen kauf kaufe fuehrt fuehrst fuehren nehmt nehmen nimmt nehme lassen
    lass schaut schauen gebt geben gibts moeglich"""
)
# "What do I pay", "Was muss ich für einen Schnitt bezahlen": a question that starts with
# "what" and pays asks for a price, not for a way to pay.
PRICE_QUESTION_STARTS = {"what", "was", "wieviel"}
PAY_WORDS = {"pay", "zahlen", "bezahlen", "zahle", "bezahle", "zahlt", "bezahlt"}

# A clarifying question names a topic by its concept when it has one (phrases.py "topic_*").
NAMED_TOPICS = _wordset(
    """price payment location parking booking cancel hours voucher children transit
    accessibility duration contact"""
)
