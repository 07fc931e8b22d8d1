"""The offline engine's understanding: FAQ entries found by meaning in German and English,
clarifying questions, an offer of a person after two misses, and silence for "mhm".

The fixed cases are a dental practice and a physiotherapy practice (understanding_dev_set.py,
the set the matcher was tuned on); bench/understanding.py measures on a hair salon (tuned on
too, later) and on a held-out set of four more businesses that nothing may be tuned on.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from integrations.dialogue.base import Action, BotProfile
from integrations.dialogue.concepts import concepts_of
from integrations.dialogue.lexicon import stem
from integrations.dialogue.matching import FaqMatcher, Topic, units
from integrations.dialogue.scripted import ScriptedDialogue
from tests.integrations.understanding_dev_businesses import BUSINESSES
from tests.integrations.understanding_dev_set import (
    DENTIST_EN,
    OUT_OF_SCOPE_DE,
    OUT_OF_SCOPE_EN,
    PHYSIO_DE,
)

HOURS = {"mon": [["08:00", "18:00"]]}
# Share of the second development set's questions answered right, per language.
FLOOR = {"en": 0.82, "de": 0.70}
# ... and the share of its out-of-scope questions answered anyway (at most).
STRAY = {"en": 0.06, "de": 0.17}
SETS = {"en-US": (DENTIST_EN, OUT_OF_SCOPE_EN), "de-AT": (PHYSIO_DE, OUT_OF_SCOPE_DE)}


def practice(language: str, *, handover: str | None = "+4311111", phrasings=()) -> ScriptedDialogue:
    entries = SETS[language][0]
    profile = BotProfile(
        id=1,
        tenant_id=1,
        name="Praxis",
        language=language,
        faq=tuple((question, answer) for question, answer, _ in entries),
        faq_phrasings=tuple(phrasings),
        business_hours=HOURS,
        handover_number=handover,
    )
    return ScriptedDialogue(profile)


@pytest.mark.parametrize(
    ("language", "said", "question"),
    [
        ("en-US", "what's your address", "Where is the practice?"),
        ("en-US", "which street are you on", "Where is the practice?"),
        ("en-US", "do you accept visa", "Can I pay by card?"),
        ("en-US", "what's the price of a checkup", "How much does a check-up cost?"),
        ("en-US", "how much do I pay for a routine exam", "How much does a check-up cost?"),
        ("en-US", "is there a garage close by", "Is there parking nearby?"),
        ("en-US", "I can't make it tomorrow", "What if I need to cancel?"),
        ("en-US", "do you see kids", "Do you treat children?"),
        ("en-US", "what's your adress", "Where is the practice?"),  # a recognition slip
        ("de-AT", "wie ist die Adresse", "Wo ist die Praxis?"),
        ("de-AT", "nehmt ihr Bankomat", "Kann ich mit Karte zahlen?"),
        ("de-AT", "wie viel muss ich zahlen für eine Therapie", "Was kostet eine Behandlung?"),
        ("de-AT", "wo kann ich mein Auto abstellen", "Gibt es Parkplätze?"),
        ("de-AT", "ich hätte gern einen Termin", "Kann ich einen Termin vereinbaren?"),
        ("de-AT", "gibt es einen Lift", "Ist die Praxis barrierefrei?"),
        ("de-AT", "übernimmt die Versicherung was", "Zahlt die Krankenkasse?"),
        # A compound that starts with the business is about its rest: the practice's times
        # are its hours, not where it is.
        ("de-AT", "Ordinationszeiten?", "Wann haben Sie geöffnet?"),
        ("de-AT", "wie sind die Praxiszeiten", "Wann haben Sie geöffnet?"),
    ],
)
def test_faq_found_by_meaning(language: str, said: str, question: str) -> None:
    reply = practice(language).reply(said)
    assert reply.match is not None, reply.text
    assert reply.match.question == question
    assert reply.text == dict((q, a) for q, a, _ in SETS[language][0])[question]
    assert 0 < reply.match.confidence <= 1


@pytest.mark.parametrize("language", SETS)
def test_dev_set_is_mostly_answered_and_never_answered_wrongly_out_of_scope(language) -> None:
    entries, out_of_scope = SETS[language]
    right = wrong = total = 0
    for index, (_question, _answer, said) in enumerate(entries):
        for text in said:
            match = practice(language).reply(text).match
            total += 1
            right += match is not None and match.entry == index
            wrong += match is not None and match.entry != index
    assert right / total >= 0.8 and wrong <= 1
    answered = [t for t in out_of_scope if practice(language).reply(t).match is not None]
    assert len(answered) <= 1, answered


def test_phrasings_the_owner_adds_are_matched() -> None:
    said = "I have a terrible toothache"
    assert practice("en-US").reply(said).match is None
    phrasings = [()] * 8 + [("my tooth hurts",)]
    match = practice("en-US", phrasings=phrasings).reply(said).match
    assert match is not None and match.question == "Do you handle emergencies?"


def test_phrasings_are_read_from_the_bots_faq_and_old_entries_stay_valid() -> None:
    bot = SimpleNamespace(
        id=1, tenant_id=1, name="Salon", language="de-AT", greeting="", instructions="",
        faq=[
            {"question": "Wo seid ihr?", "answer": "Zieglergasse 12."},
            {"question": "Gibt es Gutscheine?", "answer": "Ja.", "phrasings": ["Geschenk", " "]},
            {"question": "Leer?", "answer": ""},
        ],
        handover_number=None, business_hours={}, voice=None, stt_engine=None, tts_engine=None,
        dialogue_engine=None, max_call_seconds=None, silence_timeout_seconds=None,
    )  # fmt: skip
    profile = BotProfile.from_bot(bot)
    assert profile.faq == (("Wo seid ihr?", "Zieglergasse 12."), ("Gibt es Gutscheine?", "Ja."))
    assert profile.faq_phrasings == ((), ("Geschenk",))


def test_clarifying_question_names_the_two_closest_topics_and_takes_the_choice() -> None:
    bot = practice("en-US")
    reply = bot.reply("parking and address")
    assert reply.match is None and reply.action is Action.CONTINUE
    names = {"Is there parking nearby?": "parking", "Where is the practice?": "our address"}
    offered = [m.question for m in reply.alternatives]
    assert sorted(offered) == sorted(names)
    assert reply.text == f"Do you mean {names[offered[0]]}, or {names[offered[1]]}?"
    chosen = bot.reply("the second one")
    assert chosen.match is not None and chosen.match.question == offered[1]
    assert "Do you mean" in bot.reply("parking and address").text
    assert bot.reply("the address").match.question == "Where is the practice?"


def test_clarifying_question_in_german_and_answer_by_words() -> None:
    bot = practice("de-AT")
    reply = bot.reply("Termin und Karte")
    assert reply.text == "Meinen Sie die Bezahlung oder einen Termin?"
    chosen = bot.reply("einen Termin")
    assert chosen.match is not None and chosen.match.question.startswith("Kann ich einen Termin")


@pytest.mark.parametrize("yes", ["yes please", "yes, thanks", "yes, that one please"])
def test_two_misses_offer_a_person_and_yes_hands_over(yes: str) -> None:
    bot = practice("en-US")
    assert bot.reply("I need to see the dentist").match is None
    offer = bot.reply("is there a pediatric dentist")
    assert offer.text == (
        "Sorry, I cannot answer that one. Shall I put you through to a colleague? Just say yes."
    )
    assert bot.reply(yes).action is Action.HANDOVER


def test_two_misses_without_a_handover_number_and_a_no_thanks() -> None:
    german = practice("de-AT", handover=None)
    german.reply("Xylophon")
    assert "rufen Sie während unserer Öffnungszeiten" in german.reply("Unterlagen?").text
    english = practice("en-US")
    english.reply("xylophone")
    english.reply("trombone")
    assert english.reply("no thanks").text == "All right. What else can I do for you?"


def test_an_answer_in_between_resets_the_misses() -> None:
    bot = practice("en-US")
    bot.reply("xylophone")
    assert bot.reply("where are you located").match is not None
    assert "colleague" not in bot.reply("trombone").text
    assert "colleague" in bot.reply("trombone").text


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en-US", "mhm"),
        ("en-US", "okay"),
        ("en-US", "Yeah."),
        ("en-US", "alright, thanks"),
        ("de-AT", "ja"),
        ("de-AT", "Genau."),
        ("de-AT", "passt"),
        ("de-AT", "okay, danke"),
    ],
)
def test_a_backchannel_gets_no_answer_and_is_no_miss(language: str, said: str) -> None:
    bot = practice(language)
    reply = bot.reply(said)
    assert reply.silent and reply.text == "" and reply.action is Action.CONTINUE
    bot.reply("xylophone")
    assert "colleague" not in bot.reply("mhm").text


def test_compounds_are_about_their_first_part_and_negated_words_drop_out() -> None:
    assert concepts_of(stem("gutscheinkarten", "de"), "de") == {"voucher"}
    assert concepts_of(stem("kreditkarte", "de"), "de") == {"payment"}
    assert concepts_of(stem("xylophone", "en"), "en") == frozenset()
    # ... unless the first part is the business itself, which says only whose.
    assert concepts_of(stem("praxisadresse", "de"), "de") == {"location"}
    assert concepts_of(stem("geschäftszeiten", "de"), "de") == {"hours"}
    # Without a car is by public transport; the car itself drops out.
    said = units("how do I get there without a car", "en")
    assert [u.concepts for u in said] == [{"location"}, {"transit"}]
    said = units("wie komme ich ohne Auto hin", "de")
    assert [(u.stem, u.concepts) for u in said] == [("", {"transit"}), ("hin", frozenset())]


def test_two_words_the_bot_knows_as_one_are_joined() -> None:
    matcher = FaqMatcher([Topic("How much is a haircut?", "25 euros.")], "en")
    assert matcher.rank("what does it cost to get my hair cut")[0].score >= 0.6


def test_longest_phrase_wins_and_a_what_question_about_paying_asks_a_price() -> None:
    assert [u.concepts for u in units("how much time should I plan", "en")][0] == {"duration"}
    said = units("was muss ich für einen Damenschnitt bezahlen", "de")
    assert {"price"} in [u.concepts for u in said]
    assert "payment" not in set().union(*(u.concepts for u in said))
    assert [u.concepts for u in units("do you have gift cards", "en")] == [{"voucher"}]


@pytest.mark.parametrize(
    ("language", "said", "question"),
    [
        # "Do I need ...?" asks whether one can come without a booking.
        ("en-US", "do I have to make an appointment first", "Can I come without booking?"),
        ("de-AT", "braucht man einen Termin", "Geht es auch ohne Termin?"),
        # Naming a day to come asks for an appointment.
        ("en-US", "could I visit on wednesday afternoon", "Can I make an appointment?"),
        ("de-AT", "ich würde am Montag gern vorbeikommen", "Kann ich einen Termin vereinbaren?"),
        # Moving or cancelling a booking is about cancelling, not booking.
        ("en-US", "I'd like to move my appointment", "What if I need to cancel?"),
        ("de-AT", "ich packe es morgen leider nicht", "Was ist, wenn ich absagen muss?"),
    ],
)
def test_what_a_whole_sentence_asks(language: str, said: str, question: str) -> None:
    walk_in = {
        "en-US": ("Can I come without booking?", "Only with an appointment, sorry."),
        "de-AT": ("Geht es auch ohne Termin?", "Nur mit Termin, leider."),
    }
    entries = [(q, a) for q, a, _ in SETS[language][0]] + [walk_in[language]]
    profile = BotProfile(id=1, tenant_id=1, name="Praxis", language=language, faq=tuple(entries))
    match = ScriptedDialogue(profile).reply(said).match
    assert match is not None and match.question == question


def test_coming_on_a_day_with_something_else_asks_about_that() -> None:
    """Coming on a day asks for an appointment only when nothing else is asked: at a salon
    with no entry about pets, the dog is what the caller asks about (the salon's entry on
    appointments answered it); a party of six coming on Saturday still books."""
    assert "booking" in {
        c for u in units("we're a party of six, can we come on saturday", "en") for c in u.concepts
    }
    said = units("Kann ich am Freitag mit meinem Hund kommen?", "de")
    assert "booking" not in {c for u in said for c in u.concepts}
    entries = (
        ("Kann ich einen Termin ausmachen?", "Gern, sagen Sie mir wofür und wann."),
        ("Was kostet ein Haarschnitt?", "Ab 32 Euro."),
    )
    profile = BotProfile(id=1, tenant_id=1, name="Salon", language="de-AT", faq=entries)
    reply = ScriptedDialogue(profile).reply("Kann ich am Freitag mit meinem Hund kommen?")
    assert reply.match is None or reply.match.question != "Kann ich einen Termin ausmachen?"


def test_contractions_and_stems_read_as_one_spelling() -> None:
    assert [u.stem for u in units("what's the address", "en")] == ["address"]
    assert stem("Termine".lower(), "de") == stem("termin", "de")
    assert stem("kostet", "de") == stem("kosten", "de")
    assert stem("cancelling", "en") == stem("cancellation", "en")


def test_a_german_compound_is_what_its_last_word_names() -> None:
    entries = (("Verkauft ihr Futter?", "Ja, Spezialfutter."), ("Impft ihr Hunde?", "Ja."))
    profile = BotProfile(id=1, tenant_id=1, name="Tierarzt", language="de-AT", faq=entries)
    match = ScriptedDialogue(profile).reply("gibt es bei euch Hundefutter").match
    assert match is not None and match.question == "Verkauft ihr Futter?"


@pytest.mark.parametrize(
    "said", ["seid ihr am Samstag da", "wann macht ihr auf", "wann seid ihr erreichbar"]
)
def test_opening_hours_asked_without_the_word_open(said: str) -> None:
    # An entry that says "offene Sprechstunde" is not one about the opening hours.
    entries = (("Kann ich ohne Termin kommen?", "Vormittags offene Sprechstunde."),)
    profile = BotProfile(
        id=1, tenant_id=1, name="Praxis", language="de-AT", faq=entries,
        faq_phrasings=(("offene Sprechstunde",),), business_hours=HOURS,
    )  # fmt: skip
    match = ScriptedDialogue(profile).reply(said).match
    assert match is not None and match.entry is None  # the opening hours
    assert match.question == "Wann haben Sie geöffnet?"


@pytest.mark.parametrize("language", ["en", "de"])
def test_businesses_of_other_kinds_are_mostly_understood(language: str) -> None:
    """The second development set: six more kinds of business, measured as
    bench/understanding.py --dev does (a floor, so a change that loses ground fails)."""
    right = total = stray = asked_out_of_scope = 0
    for business in (b for b in BUSINESSES if b.language.startswith(language)):
        bot = BotProfile(
            id=1, tenant_id=1, name=business.name, language=business.language,
            faq=tuple((q, a) for q, a, _, _ in business.faq),
            faq_phrasings=tuple(extra for _, _, extra, _ in business.faq),
            business_hours=business.hours, handover_number="+4311111",
        )  # fmt: skip
        wanted = [(text, i) for i, entry in enumerate(business.faq) for text in entry[3]]
        for text, want in [*wanted, *((text, None) for text in business.hours_said)]:
            match = ScriptedDialogue(bot).reply(text).match
            right += match is not None and match.entry == want
            total += 1
        stray += sum(
            ScriptedDialogue(bot).reply(t).match is not None for t in business.out_of_scope
        )
        asked_out_of_scope += len(business.out_of_scope)
    assert right / total >= FLOOR[language], right / total
    assert stray / asked_out_of_scope <= STRAY[language], stray / asked_out_of_scope


@pytest.mark.parametrize(
    ("language", "said", "concept"),
    [
        ("de", "wie viele Stunden brauche ich", "duration"),
        ("de", "wie viele Einheiten sind Pflicht", "amount"),  # counting, not a price
        ("de", "wie viel kostet das", "price"),
        ("en", "I can't come tonight", "cancel"),
        ("en", "can I book a one on one", "private"),
        ("en", "do you have outdoor seating", "outdoors"),
        ("de", "mein Sohn ist 16, darf er schon", "age"),
        ("de", "ich werd bald 17", "age"),
        ("de", "was muss ich zum Einschreiben mitnehmen", "booking"),
        ("en", "is there a minimum term", "membership"),
        ("de", "nehmt ihr auch einen Opel", "brand"),
        ("en", "do you fix Hyundais", "brand"),
        ("de", "mein Wagen hat eine Panne", "breakdown"),
        ("en", "can you tow my car", "breakdown"),
        ("de", "macht ihr auch den Mopedführerschein", "motorcycle"),
        ("de", "wann wechselt ihr die Sommerreifen", "tyres"),
        ("en", "my cat needs her booster", "vaccination"),
        ("de", "mein Hund braucht eine Tollwutimpfung", "vaccination"),
        ("en", "do you clean teeth", "teeth"),
        ("en", "can I get a quote first", "estimate"),
        # issue 12's everyday phrases (test_matching_words.py has the rest)
        ("en", "until when can I call you", "hours"),
        ("en", "do you have room for four people", "booking"),
        ("en", "we are a party of eight", "group"),
        ("en", "please take me off the list for monday", "cancel"),
        ("en", "can I leave it overnight", "day"),
        ("de", "ist nachts jemand da", "day"),
        ("de", "macht ihr die Begutachtung", "inspection"),
        ("en", "is it ok if I see if I like it first", "trial"),
        ("de", "wie hoch ist der Betrag", "price"),
        ("de", "kann ich am Handy lernen", "online"),
        ("en", "do you look at horses", "pets"),
        ("de", "mein Hund hat Mundgeruch", "teeth"),
        ("en", "is the first class free", "trial"),
        ("en", "can it go to my address", "delivery"),
        ("de", "habt ihr Diätfutter", "food"),
        ("en", "do you sell dog food", "food"),
    ],
)
def test_everyday_concepts(language: str, said: str, concept: str) -> None:
    assert concept in {c for unit in units(said, language) for c in unit.concepts}


def test_a_day_named_says_when_rather_than_what() -> None:
    yoga = next(b for b in BUSINESSES if b.name == "Prana Yoga")
    profile = BotProfile(
        id=1, tenant_id=1, name=yoga.name, language=yoga.language,
        faq=tuple((q, a) for q, a, _, _ in yoga.faq), business_hours=yoga.hours,
        faq_phrasings=tuple(extra for _, _, extra, _ in yoga.faq),
    )  # fmt: skip
    reply = ScriptedDialogue(profile).reply("I can't come tonight, what do I do")
    # Not the opening hours: which of its two kinds of cancelling.
    offered = {m.question for m in reply.alternatives}
    assert offered == {"How do I cancel a class?", "Can I cancel my membership?"}, reply.text


def test_a_verb_finds_its_noun_and_going_without_meat_is_vegetarian() -> None:
    topics = [Topic("Was kostet eine Kastration?", "Ab 90 Euro."), Topic("Impfen Sie?", "Ja.")]
    matcher = FaqMatcher(topics, "de")
    assert matcher.rank("was zahlt man fürs Kastrieren")[0].score >= 0.5
    said = units("anything without meat on the menu", "en")
    assert "vegetarian" in {c for unit in said for c in unit.concepts}


def test_when_asks_the_entry_that_asks_when() -> None:
    school = next(b for b in BUSINESSES if b.name == "Fahrschule Alpin")
    profile = BotProfile(
        id=1, tenant_id=1, name=school.name, language=school.language,
        faq=tuple((q, a) for q, a, _, _ in school.faq), business_hours=school.hours,
    )  # fmt: skip
    match = ScriptedDialogue(profile).reply("wann kann ich anfangen").match
    assert match is not None and match.question == "Wann beginnt der nächste Kurs?"


def business_bot(name: str) -> ScriptedDialogue:
    [business] = [b for b in BUSINESSES if b.name == name]
    return ScriptedDialogue(
        BotProfile(
            id=1,
            tenant_id=1,
            name=business.name,
            language=business.language,
            faq=tuple((q, a) for q, a, _, _ in business.faq),
            faq_phrasings=tuple(extra for _, _, extra, _ in business.faq),
            business_hours=business.hours,
            handover_number="+4311111",
        )  # fmt: skip
    )


@pytest.mark.parametrize(
    ("business", "said"),
    [
        ("Tierarztpraxis Dr. Berger", "verkauft ihr auch Hundeleinen"),
        ("Tierarztpraxis Dr. Berger", "verkauft ihr auch Vogelkäfige"),
        ("Autowerkstatt Huber", "repariert ihr auch Waschmaschinen"),
        ("Prana Yoga", "do you offer massages"),
        ("Prana Yoga", "do you offer tax advice"),
        ("Gasthaus zur Linde", "do you sell wine"),
    ],
)
def test_a_known_verb_with_a_thing_the_bot_never_heard_of_is_not_answered(
    business: str, said: str
) -> None:
    """ "Verkauft ihr Futter?" is in the vet's FAQ; dog leads are not: the verb says how the
    caller asks, the unknown word what about, and the bot asks back instead of answering."""
    reply = business_bot(business).reply(said)
    assert reply.match is None, reply.match


def test_a_known_verb_with_a_thing_the_bot_knows_is_answered() -> None:
    vet, yoga = business_bot("Tierarztpraxis Dr. Berger"), business_bot("Prana Yoga")
    match = vet.reply("verkauft ihr Katzenfutter").match
    assert match is not None and match.question == "Verkauft ihr Futter?"
    match = yoga.reply("do you offer yoga for pregnant women").match
    assert match is not None and match.question == "Do you offer prenatal yoga?"


@pytest.mark.parametrize(
    ("business", "said", "question"),
    [
        # A German verb's first part comes last in the question: "Schleppt ihr ab?"
        ("Autowerkstatt Huber", "brauche einen Abschleppwagen", "Schleppt ihr ab?"),
        ("Autowerkstatt Huber", "nehmt ihr auch eine Überweisung", "Kann ich mit Karte zahlen?"),
    ],
)
def test_separable_verbs_and_bank_transfers(business: str, said: str, question: str) -> None:
    match = business_bot(business).reply(said).match
    assert match is not None and match.question == question, match


def test_a_word_the_lexicon_knows_is_no_slip_of_another() -> None:
    """ "closest" is near, not when the studio closes."""
    assert business_bot("Prana Yoga").reply("which station is closest").match is None
