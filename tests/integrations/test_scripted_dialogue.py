"""The offline dialogue engine: FAQ by similarity, hours, hand-over, goodbye, both languages."""

from __future__ import annotations

from datetime import datetime

import pytest

from integrations.dialogue.base import Action, BotProfile
from integrations.dialogue.lexicon import words
from integrations.dialogue.scripted import VIENNA, ScriptedDialogue

HOURS = {"mon": [["09:00", "17:00"]], "tue": [["09:00", "17:00"]], "sat": [["09:00", "12:00"]]}


HAIRCUT = (("How much is a haircut?", "A haircut costs 25 euros."),)


def engine(language: str = "en-US", faq=HAIRCUT, **fields) -> ScriptedDialogue:  # noqa: ANN001
    profile = BotProfile(
        id=1,
        tenant_id=1,
        name="Salon Anna",
        language=language,
        faq=faq,
        business_hours=HOURS,
        handover_number="+4311111",
        **fields,
    )
    monday_ten = datetime(2026, 11, 23, 10, 0, tzinfo=VIENNA)
    return ScriptedDialogue(profile, clock=lambda: monday_ten)


def test_faq_matches_inexact_recognition() -> None:
    assert engine().reply("how much a haircut").text == "A haircut costs 25 euros."


def test_opening_hours_from_business_hours() -> None:
    """Times as a person says them: espeak-ng read the stored "09:00" as "neun Uhr null
    null"."""
    assert engine().reply("when are you open").text == (
        "Our opening hours are Monday to Tuesday from 9\u00a0am to 5\u00a0pm; Saturday from"
        " 9\u00a0am to 12\u00a0pm. We are open right now."
    )
    assert engine("de-AT").reply("Wann habt ihr geöffnet?").text == (
        "Unsere Öffnungszeiten: Montag bis Dienstag von 9 Uhr bis 17 Uhr; Samstag von 9 Uhr"
        " bis 12 Uhr. Gerade haben wir geöffnet."
    )


# The engine's clock says Monday, 23 November 2026, 10:00 in Vienna.
@pytest.mark.parametrize(
    ("language", "asked", "answer"),
    [
        ("de-AT", "Habt ihr am Sonntag offen?", "Am Sonntag haben wir geschlossen."),
        (
            "de-AT",
            "Habt ihr am Samstag offen?",
            "Am Samstag haben wir von 9 Uhr bis 12 Uhr geöffnet.",
        ),
        (
            "de-AT",
            "Habt ihr heute offen?",
            "Heute haben wir von 9 Uhr bis 17 Uhr geöffnet. Gerade haben wir geöffnet.",
        ),
        ("de-AT", "Seid ihr morgen da?", "Morgen haben wir von 9 Uhr bis 17 Uhr geöffnet."),
        ("en-US", "are you open on sunday?", "On Sunday we are closed."),
        (
            "en-US",
            "what time do you close on saturday",
            "On Saturday we are open from 9\u00a0am to 12\u00a0pm.",
        ),
    ],
)
def test_a_day_asked_about_gets_that_days_hours(language: str, asked: str, answer: str) -> None:
    """Asked about one day, the bot says that day's hours or that it is closed, not the
    whole week: "Habt ihr am Sonntag offen?" got the week, which never says Sunday."""
    assert engine(language).reply(asked).text == answer


def test_a_day_asked_about_is_answered_from_the_hours_also_over_an_faq_entry() -> None:
    """The owner's own hours entry answers "when are you open"; asked about one day, the
    bot answers that day from the bot's hours, which the owner's text may not name."""
    hours_entry = ("Wann haben Sie geöffnet?", "Wir haben Montag, Dienstag und Samstag offen.")
    german = engine("de-AT", faq=(hours_entry,))
    assert german.reply("Wann habt ihr geöffnet?").text == hours_entry[1]
    assert german.reply("Habt ihr am Sonntag geöffnet?").text == "Am Sonntag haben wir geschlossen."


@pytest.mark.parametrize(
    "said",
    [
        "Kann ich mit jemandem sprechen?",  # the dative was read as a question about nothing
        "Ich möchte mit einem Menschen reden",
        "Bitte verbinden Sie mich mit einer Kollegin",
        "Kann ich bitte mit einem Mitarbeiter sprechen?",
    ],
)
def test_a_german_caller_asking_for_a_person_is_put_through(said: str) -> None:
    assert engine("de-AT").reply(said).action is Action.HANDOVER


def test_handover_and_goodbye() -> None:
    assert engine().reply("can I talk to a person").action == Action.HANDOVER
    assert engine("de-AT").reply("Tschüss!").action == Action.HANGUP
    no_number = ScriptedDialogue(BotProfile(id=1, tenant_id=1, name="X"))
    assert no_number.reply("Mitarbeiter bitte").action == Action.CONTINUE


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("de-AT", "Danke, das war's"),
        ("de-AT", "Danke, das war\u2019s."),  # the typographic apostrophe of a phone keyboard
        ("de-AT", "das war\u00b4s, danke"),  # the accent key of a German keyboard
        ("de-AT", "Danke, das wars"),
        ("de-AT", "Das war es schon, danke"),
        ("en-US", "Thanks, that's all"),
        ("en-US", "That\u2019s all, thank you"),
    ],
)
def test_that_is_all_is_a_goodbye_and_no_miss(language: str, said: str) -> None:
    reply = engine(language).reply(said)
    assert reply.action is Action.HANGUP, reply.text
    assert reply.match is None and reply.alternatives == ()


@pytest.mark.parametrize("asked", ["bietet ihr Tönungen an", "Zebra Giraffe Elefant"])
def test_that_is_all_after_a_question_of_the_bot_is_a_goodbye(asked: str) -> None:
    """A typed call at the demo Heuriger: "Danke, das war's" to "Meinen Sie unsere
    Adresse?" was taken as a yes and answered with the way there; to "Shall I put you
    through?" it put the caller through."""
    bot = engine("de-AT", faq=COLOURING["de-AT"])
    question = bot.reply(asked).text
    if asked.startswith("Zebra"):
        question = bot.reply("Elefant Giraffe Zebra").text  # the second miss offers a person
    assert "?" in question
    reply = bot.reply("Danke, das war's")
    assert (reply.text, reply.action) == (
        "Vielen Dank für Ihren Anruf. Auf Wiederhören!",
        Action.HANGUP,
    )


@pytest.mark.parametrize(
    ("language", "said"),
    [("de-AT", "Nein danke"), ("de-AT", "Nein, danke, passt schon"), ("en-US", "No, thanks")],
)
def test_no_thanks_after_an_answer_is_a_goodbye(language: str, said: str) -> None:
    bot = engine(language)
    bot.reply("how much is a haircut" if language == "en-US" else "Wann habt ihr offen?")
    reply = bot.reply(said)
    assert reply.action is Action.HANGUP, reply.text


def test_thanks_alone_is_no_goodbye() -> None:
    """ "Danke." acknowledges an answer; the caller may well go on asking."""
    bot = engine("de-AT")
    bot.reply("Wann habt ihr offen?")
    reply = bot.reply("Danke.")
    assert reply.silent and reply.action is Action.CONTINUE


def test_no_to_a_person_then_no_thanks_ends_the_call() -> None:
    """Declining a colleague is answered "What else can I do for you?"; a bare "Nein" to
    that is a goodbye, not a question the bot did not catch."""
    bot = engine("de-AT")
    bot.reply("Parkplatz Hund Fahrrad")
    assert bot.reply("Zebra Giraffe Elefant").text.startswith("Das kann ich leider nicht")
    assert bot.reply("Nein").text == "Gut. Was kann ich sonst für Sie tun?"
    reply = bot.reply("Nein.")
    assert (reply.text, reply.action) == (
        "Vielen Dank für Ihren Anruf. Auf Wiederhören!",
        Action.HANGUP,
    )


@pytest.mark.parametrize(
    ("said", "heard"),
    [
        ("Danke, das war's", "danke das war es"),
        ("Wie geht's?", "wie geht es"),
        ("Gibt\u2019s Parkplätze?", "gibt es parkplaetze"),
        ("Habt's am Samstag offen?", "habt es am samstag offen"),
        ("Passt's am Freitag?", "passt es am freitag"),
        ("Hat's noch was frei?", "hat es noch was frei"),
        ("Wär's morgen möglich?", "waer es morgen moeglich"),
        # English contractions keep their words; a possessive 's goes
        ("What's the address?", "what is the address"),
        ("that's all", "that is all"),
        ("it's Maria", "it is maria"),
        ("Let's book", "let us book"),
        ("Anna's salon", "anna salon"),
        ("I can't come, I won't", "i can not come i will not"),
        ("We're late, I'd like to, I'll call, I've got, I'm here", "we are late i would like to"
         " i will call i have got i am here"),
        ("doesn't", "does not"),
    ],
)  # fmt: skip
def test_elided_words_read_as_the_words_they_stand_for(said: str, heard: str) -> None:
    assert words(said) == heard.split()


def test_greeting_defaults_per_language() -> None:
    assert engine().greeting() == (
        "You are speaking with an automated assistant. This call is transcribed. "
        "Hello, this is Salon Anna. How can I help you?"
    )
    assert engine("de-AT", greeting="Servus!").greeting() == (
        "Sie sprechen mit einem automatischen Assistenten. Das Gespräch wird transkribiert. Servus!"
    )


def test_unknown_question_gets_help() -> None:
    assert "opening hours" in engine().reply("xylophone").text


def test_unknown_question_does_not_count_as_understood() -> None:
    reply = engine().reply("xylophone")
    assert reply.match is None and reply.alternatives == ()


def test_every_call_to_a_bot_shares_its_faq_matcher_until_the_faq_changes() -> None:
    """Making a matcher reads every FAQ entry (milliseconds of the event loop at each call's
    start); a bot's calls share one, and a changed FAQ gets its own."""
    first, second = engine(), engine()
    assert first._matcher is second._matcher
    longer = engine(faq=(*HAIRCUT, ("Do you sell gift cards?", "Yes, from 20 euros.")))
    assert longer._matcher is not first._matcher
    assert longer.reply("can I buy a gift card").text == "Yes, from 20 euros."
    assert engine(language="de-AT")._matcher is not first._matcher


# Three entries, one of which a caller's tint is only near enough to be asked about.
COLOURING = {
    "de-AT": (
        ("Was kostet ein Haarschnitt?", "Ein Haarschnitt kostet 30 Euro."),
        ("Färben Sie auch?", "Ja, wir färben und tönen."),
        ("Wo ist der Salon?", "In der Zieglergasse 12."),
    ),
    "en-US": (
        ("How much is a haircut?", "A cut is 30 euros."),
        ("Do you do colouring?", "Yes, we colour and tint."),
        ("Where is the salon?", "Zieglergasse 12."),
    ),
}


@pytest.mark.parametrize("yes", ["Ja", "Ja bitte", "Genau", "ja, genau das", "Ja, danke"])
def test_a_yes_to_one_topic_asked_about_answers_it(yes: str) -> None:
    """ "Meinen Sie „Färben Sie auch“?" — "Ja": the caller confirmed, and gets the answer
    (a bare "Ja" ranks no entry, so the topic is taken as it was asked about)."""
    bot = engine("de-AT", faq=COLOURING["de-AT"])
    assert bot.reply("bietet ihr Tönungen an").text == "Meinen Sie „Färben Sie auch“?"
    answer = bot.reply(yes)
    assert answer.text == "Ja, wir färben und tönen."
    assert answer.match is not None and answer.match.question == "Färben Sie auch?"


def test_a_yes_to_two_topics_asked_about_asks_which_one() -> None:
    bot = engine("en-US", faq=COLOURING["en-US"])
    question = bot.reply("tints and cuts").text
    assert question == "Do you mean “How much is a haircut”, or “Do you do colouring”?"
    assert bot.reply("yes please").text == question
    assert bot.reply("mhm").text == ""  # an acknowledgement, still no choice
    chosen = bot.reply("the second one")
    assert chosen.match is not None and chosen.match.question == "Do you do colouring?"
