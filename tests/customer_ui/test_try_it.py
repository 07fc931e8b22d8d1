"""The portal's "Try it" chat: which question answered and how sure the bot was, what it asked
back, silence for an acknowledgement, and one click to teach it another way to ask (issue 12).
Run by a customer_user: bot content is every member's to edit."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from nicegui import ui
from nicegui.testing import User
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.encryption import CredentialCipher
from core.settings import Settings
from integrations.dialogue.scripted import VIENNA
from models import AuditEvent, Booking, BookingStatus, Bot, Call, Message, Provider, Role, Tenant
from services.credentials import store_credential
from services.try_it import MAX_TYPED
from tests.customer_ui.conftest import WAIT, LoginAs
from tests.factories import Factory
from tests.integrations.cloud.local_cloud import OPENAI_KEY, LocalCloud

SALON_FAQ = [
    {"question": "Was kostet ein Haarschnitt?", "answer": "Ein Haarschnitt kostet ab 32 Euro."},
    {"question": "Wann habt ihr offen?", "answer": "Dienstag bis Samstag ab neun."},
    {"question": "Kann ich mit Karte zahlen?", "answer": "Ja, mit Bankomat- und Kreditkarte."},
    {"question": "Habt ihr Parkplätze?", "answer": "Ja, in der Garage nebenan."},
    {"question": "Wo seid ihr?", "answer": "In der Neubaugasse 7."},
]


@pytest.fixture
def salon(make: Factory, tenant: Tenant) -> Bot:
    return make.bot(tenant, name="Salon Schönhaar", language="de-AT", faq=SALON_FAQ)


async def open_try_it(user: User, bot: Bot) -> None:
    await user.open(f"/bots/{bot.id}")
    user.find(kind=ui.tab, content="Try it").click()


def say(user: User, text: str) -> None:
    user.find(kind=ui.input, content="Your message").type(text)
    user.find(kind=ui.button, content="Send").click()


def notes(user: User) -> list[str]:
    return [label.text for label in user.find(marker="try-it-match").elements]


async def test_shows_which_question_answered_and_how_sure(
    login_as: LoginAs, user: User, salon: Bot
) -> None:
    await login_as(Role.CUSTOMER_USER)
    await open_try_it(user, salon)
    say(user, "Was kostet ein Haarschnitt?")
    await user.should_see("ab 32 Euro")
    await user.should_see("Answer from: “Was kostet ein Haarschnitt?” – very sure (97%)")
    # A sure answer offers teaching only on request.
    await user.should_not_see(marker="add-phrasing")
    await user.should_see("Wrong answer?")

    say(user, "Wie komme ich zu euch mit dem Auto?")
    await user.should_see("Meinen Sie das Parken oder unsere Adresse?")
    await user.should_see(
        "The bot asked back whether “Habt ihr Parkplätze?” or “Wo seid ihr?” was meant."
    )
    assert len(notes(user)) == 2


async def test_an_acknowledgement_gets_a_note_instead_of_an_empty_bubble(
    login_as: LoginAs, user: User, salon: Bot
) -> None:
    await login_as(Role.CUSTOMER_USER)
    await open_try_it(user, salon)
    say(user, "mhm")
    await user.should_see("(The bot says nothing to this – it was only an acknowledgement.)")
    bubbles = sorted(user.find(kind=ui.chat_message).elements, key=lambda e: e.id)
    # The greeting and the caller's "mhm"; no bubble from the bot for it.
    assert [b.props.get("sent") for b in bubbles] == [False, True]


async def test_a_message_longer_than_a_callers_turn_is_cut_there(
    login_as: LoginAs, user: User, salon: Bot
) -> None:
    """The input takes MAX_TYPED characters; a longer message (a forged one: this test types
    past the browser's limit) is shown and answered from its first MAX_TYPED. Read whole,
    120,000 characters held the portal's event loop for 0.4 s."""
    await login_as(Role.CUSTOMER_USER)
    await open_try_it(user, salon)
    [field] = user.find(kind=ui.input, content="Your message").elements
    assert field.props["maxlength"] == str(MAX_TYPED)
    say(user, "Was kostet ein Haarschnitt? " + "Bitte sagen Sie es mir. " * 5000)
    await user.should_see("Answer from: “Was kostet ein Haarschnitt?”")
    sent = [b for b in user.find(kind=ui.chat_message).elements if b.props.get("sent")]
    shown = [d.content for b in sent for d in b.descendants() if isinstance(d, ui.html)]
    assert [len(text) for text in shown] == [MAX_TYPED]


async def test_one_click_adds_the_sentence_as_another_way_to_ask(
    login_as: LoginAs, user: User, salon: Bot, staff_db: Session
) -> None:
    await login_as(Role.CUSTOMER_USER)
    await open_try_it(user, salon)
    say(user, "Was kostet das Parken?")
    await user.should_see("Ja, in der Garage nebenan.")
    await user.should_see("Answer from: “Habt ihr Parkplätze?” – not sure (47%)")
    # Unsure: the guess is preset, one click saves the sentence for it.
    user.find(marker="add-phrasing").click()
    await user.should_see("Saved as another way to ask “Habt ihr Parkplätze?”.", retries=WAIT)
    staff_db.expire_all()
    assert staff_db.get(Bot, salon.id).faq[3]["phrasings"] == ["Was kostet das Parken?"]
    # The next answer already knows it; and the settings form shows it, so saving keeps it.
    say(user, "Was kostet das Parken?")
    await user.should_see("Answer from: “Habt ihr Parkplätze?” – very sure")
    form_box = user.find(kind=ui.textarea, content="Was kostet das Parken?").elements
    assert len(form_box) == 1
    user.find(kind=ui.button, content="Save changes").click()
    await user.should_see("Saved.", retries=WAIT)
    staff_db.expire_all()
    assert staff_db.get(Bot, salon.id).faq[3]["phrasings"] == ["Was kostet das Parken?"]


async def test_a_wrong_sure_answer_is_taught_the_chosen_question(
    login_as: LoginAs, user: User, salon: Bot, staff_db: Session
) -> None:
    await login_as(Role.CUSTOMER_USER)
    await open_try_it(user, salon)
    say(user, "Preis")
    await user.should_see("Answer from: “Was kostet ein Haarschnitt?” – fairly sure (82%)")
    say(user, "mhm")
    await user.should_see(marker="try-it-silent")
    user.find(kind=ui.button, content="Wrong answer?").click()
    chosen = user.find(kind=ui.select, content="Meant was").elements.pop()
    # The choice stands under the answer it corrects, above what was said after it.
    chat = user.find(marker="try-it-chat").elements.pop().default_slot.children
    silent = user.find(marker="try-it-silent").elements.pop()
    assert chat.index(chosen.parent_slot.parent) < chat.index(silent)
    assert chosen.value == 0  # preset to the bot's guess
    chosen.value = 2
    user.find(marker="add-phrasing").click()
    await user.should_see("Saved as another way to ask “Kann ich mit Karte zahlen?”.", retries=WAIT)
    staff_db.expire_all()
    assert staff_db.get(Bot, salon.id).faq[2]["phrasings"] == ["Preis"]


async def test_in_german(make: Factory, tenant: Tenant, user: User, salon: Bot) -> None:
    account = make.user(tenant, role=Role.CUSTOMER_USER, locale="de-AT")
    await user.open("/login")
    user.find("E-mail").type(account.email)
    user.find("Password").type(make.password)
    user.find(kind=ui.button, content="Log in").click()
    await user.should_see("Minuten diesen Monat", retries=WAIT)
    await user.open(f"/bots/{salon.id}")
    user.find(kind=ui.tab, content="Ausprobieren").click()
    user.find(kind=ui.input, content="Ihre Nachricht").type("Wie teuer ist Föhnen?")
    user.find(kind=ui.button, content="Senden").click()
    await user.should_see("Antwort aus: „Was kostet ein Haarschnitt?“ – unsicher (54 %)")
    user.find(kind=ui.input, content="Ihre Nachricht").type("genau")
    user.find(kind=ui.button, content="Senden").click()
    await user.should_see("(Der Bot sagt dazu nichts – das war nur eine Bestätigung.)")
    user.find(marker="add-phrasing").click()
    await user.should_see("Als andere Formulierung von „Was kostet ein Haarschnitt?“ gespeichert.")


EVERY_DAY = {day: [["08:00", "20:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


def tomorrow_at(hour: int) -> datetime:
    moment = datetime.now(VIENNA) + timedelta(days=1)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


async def test_a_booking_is_checked_against_the_calendar_and_nothing_is_stored(
    login_as: LoginAs, user: User, make: Factory, tenant: Tenant, staff_db: Session
) -> None:
    """The owner walks through a booking, move and cancellation: the real calendar's full
    time is refused with the next free ones, and afterwards the book holds only what it
    held before: no booking, no message, no change recorded (no SMS, no webhook)."""
    bot = make.bot(tenant, name="Rezeption", language="de-AT", business_hours=EVERY_DAY)
    haircut = make.service(tenant, name="Herrenschnitt", duration_minutes=30, capacity=1)
    make.booking_rules(tenant, min_notice_minutes=60)
    make.booking(tenant, haircut, starts_at=tomorrow_at(15), status=BookingStatus.BOOKED)
    make.session.commit()
    await login_as(Role.CUSTOMER_USER)
    await open_try_it(user, bot)
    await user.should_see("Bookings are checked against your calendar but not saved")

    say(user, "Ich möchte einen Herrenschnitt morgen um drei buchen")
    await user.should_see("Morgen um 15 Uhr ist leider nichts frei.", retries=WAIT)
    say(user, "halb vier")
    await user.should_see("Auf welchen Namen darf ich den Termin eintragen?", retries=WAIT)
    say(user, "Maria Huber")
    await user.should_see("Ich fasse zusammen: Herrenschnitt", retries=WAIT)
    await user.should_not_see(marker="try-it-nothing-stored")
    say(user, "Ja")
    await user.should_see("Ihr Termin ist gebucht: Herrenschnitt", retries=WAIT)
    await user.should_see("Test chat – nothing was booked.")

    # The chat's booking is the one the chat can cancel; the book never saw it.
    say(user, "Ich muss meinen Termin leider absagen")  # the name is known by now
    await user.should_see("Ihr Termin: Herrenschnitt, morgen um 15 Uhr 30.", retries=WAIT)
    say(user, "Ja bitte")
    await user.should_see("Test chat – nothing was cancelled.", retries=WAIT)
    assert len(user.find(marker="try-it-nothing-stored").elements) == 2
    await user.should_not_see(marker="try-it-match")  # booking steps answer no FAQ entry

    staff_db.expire_all()
    assert [(b.caller_name, b.starts_at) for b in staff_db.scalars(select(Booking))] == [
        ("Maria Huber", tomorrow_at(15))
    ]
    assert staff_db.scalars(select(Message)).all() == []
    assert staff_db.scalars(select(AuditEvent.action)).all() == []


async def test_a_move_and_a_message_are_pretended_too(
    login_as: LoginAs, user: User, make: Factory, tenant: Tenant, staff_db: Session
) -> None:
    bot = make.bot(
        tenant, name="Rezeption", language="de-AT", business_hours=EVERY_DAY, handover_number=None
    )
    make.service(tenant, name="Herrenschnitt", duration_minutes=30, capacity=1)
    make.session.commit()
    await login_as(Role.CUSTOMER_USER)
    await open_try_it(user, bot)
    for line, answer in [
        ("Ich möchte einen Herrenschnitt morgen um drei buchen", "Auf welchen Namen"),
        ("Maria Huber", "Ich fasse zusammen"),
        ("Ja", "Test chat – nothing was booked."),
        ("Ich möchte meinen Termin verschieben", "Auf welchen Tag möchten Sie ihn verschieben?"),
        ("Morgen um vier", "Ihr Termin für Herrenschnitt ist dann morgen um 16 Uhr."),
        ("Ja", "Test chat – nothing was moved."),
        ("Kann ich bitte mit einem Mitarbeiter sprechen?", "Möchten Sie eine Nachricht"),
        ("Ja", "Worum geht es?"),
        ("Ich habe meinen Schal vergessen", "Test chat – no message was left."),
    ]:
        say(user, line)
        await user.should_see(answer, retries=WAIT)
    staff_db.expire_all()
    assert staff_db.scalars(select(Booking)).all() == []
    assert staff_db.scalars(select(Message)).all() == []


@pytest.fixture
def settings(settings: Settings, local_cloud: LocalCloud) -> Settings:
    """The portal reaches the chat model at the local stand-in, which checks each request."""
    return settings.model_copy(update={"openai_base_url": local_cloud.url + "/v1"})


def chat_bot(make: Factory, tenant: Tenant, settings: Settings) -> Bot:
    """A German bot on the chat model, a service, and the tenant's own key for the model."""
    bot = make.bot(
        tenant, name="Rezeption", language="de-AT", business_hours=EVERY_DAY,
        dialogue_engine="openai", faq=SALON_FAQ,
    )  # fmt: skip
    make.service(tenant, name="Herrenschnitt", duration_minutes=30, capacity=1)
    store_credential(
        session=make.session, cipher=CredentialCipher.from_settings(settings),
        provider=Provider.OPENAI, value=OPENAI_KEY, tenant_id=tenant.id,
    )  # fmt: skip
    make.session.commit()
    return bot


async def test_a_bot_on_the_chat_model_is_tried_with_its_model_and_tools(
    login_as: LoginAs,
    user: User,
    make: Factory,
    tenant: Tenant,
    settings: Settings,
    local_cloud: LocalCloud,
    staff_db: Session,
) -> None:
    """The chat model answers, with the bot's prompt, the chat so far and the booking tools;
    its tool calls run on the chat's desk: the calendar is read, nothing is booked."""
    bot = chat_bot(make, tenant, settings)
    tomorrow = tomorrow_at(10).strftime("%Y-%m-%d")
    local_cloud.plan = [
        {"tool": "check_availability", "arguments": {"service": "Herrenschnitt", "date": tomorrow}},
        {"text": "Morgen ist ab acht Uhr frei. Wann und auf welchen Namen?"},
        {"tool": "book", "arguments": {"service": "Herrenschnitt", "start": f"{tomorrow}T10:00",
                                       "caller_name": "Maria Huber"}},
        {"text": "Gebucht: Herrenschnitt morgen um zehn Uhr."},
    ]  # fmt: skip
    await login_as(Role.CUSTOMER_USER)
    await open_try_it(user, bot)

    say(user, "Ich hätte gern morgen einen Herrenschnitt")
    await user.should_see("Morgen ist ab acht Uhr frei.", retries=WAIT)
    await user.should_see("Answer from the AI language model.")
    await user.should_not_see(marker="try-it-match")  # no FAQ match to show or teach
    say(user, "Um zehn bitte auf Maria Huber")
    await user.should_see("Gebucht: Herrenschnitt morgen um zehn Uhr.", retries=WAIT)
    await user.should_see("Test chat – nothing was booked.")

    assert local_cloud.refusals == [] and local_cloud.plan == []
    asked = [request.body for request in local_cloud.of("openai")]
    assert all(body["tools"] for body in asked)
    assert "Wo seid ihr?" in asked[0]["messages"][0]["content"]  # the bot's own prompt
    said = [m["content"] for m in asked[-1]["messages"] if m["role"] in ("user", "assistant")]
    assert said[:3] == [
        "Ich hätte gern morgen einen Herrenschnitt",
        "Morgen ist ab acht Uhr frei. Wann und auf welchen Namen?",
        "Um zehn bitte auf Maria Huber",
    ]
    staff_db.expire_all()
    assert staff_db.scalars(select(Booking)).all() == []
    assert staff_db.scalars(select(Call)).all() == []


async def test_when_the_chat_model_fails_the_offline_dialogue_answers(
    login_as: LoginAs,
    user: User,
    make: Factory,
    tenant: Tenant,
    settings: Settings,
    local_cloud: LocalCloud,
) -> None:
    bot = chat_bot(make, tenant, settings)
    local_cloud.mode["openai"] = "error"
    await login_as(Role.CUSTOMER_USER)
    await open_try_it(user, bot)
    say(user, "Was kostet ein Haarschnitt?")
    await user.should_see("ab 32 Euro", retries=WAIT)
    # The notice and the match line appear a moment after the answer: on a busy machine
    # later than should_see's default 0.3 s.
    await user.should_see(
        "The AI language model did not answer, so the offline dialogue answered, as it would"
        " in a call.",
        retries=WAIT,
    )
    await user.should_see(marker="try-it-match", retries=WAIT)
    assert len(local_cloud.of("openai")) == 1
