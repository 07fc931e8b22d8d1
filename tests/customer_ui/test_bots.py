"""Bots through the portal and through services.bots."""

from __future__ import annotations

import pytest
from nicegui import ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction
from sqlalchemy import event, select
from sqlalchemy.orm import Session, sessionmaker

from customer_ui.pages.bots import ENGINE_NAMES
from integrations.dialogue.base import BotProfile
from models import (
    Bot,
    BotStatus,
    PhoneNumberStatus,
    ProvisioningJob,
    ProvisioningKind,
    ProvisioningStatus,
    Role,
    Tenant,
)
from models.scoping import tenant_session
from services.bot_faq import PHRASING_TOO_LONG, PHRASINGS_NOT_TEXT, TOO_MANY_PHRASINGS
from services.bot_list import bots_with_numbers
from services.bots import (
    DIALOGUE_ENGINES,
    QUESTION_CHANGED,
    STT_ENGINES,
    TTS_ENGINES,
    BotSpec,
    add_faq_phrasing,
    create_bot,
    pause_bot,
    resume_bot,
    update_bot,
    validate_spec,
)
from services.errors import ValidationFailed
from tests.customer_ui.conftest import WAIT, LoginAs, log_in
from tests.factories import Factory


async def test_create_a_bot_in_the_form(
    login_as: LoginAs, user: User, staff_db: Session, tenant: Tenant
) -> None:
    await login_as()
    await user.open("/bots/new")
    user.find(kind=ui.input, content="Name").type("Empfang")
    user.find(kind=ui.textarea, content="Greeting").type("Grüß Gott bei Holzer!")
    user.find(kind=ui.input, content="Hand-over number").type("+43 1 234 5678")
    user.find(kind=ui.input, content="Monday").type("8-12, 13:00-17:00")
    user.find("Add a question").click()
    user.find(kind=ui.input, content="Question").type("Habt ihr Parkplätze?")
    user.find(kind=ui.input, content="Answer").type("Ja, im Hof.")
    user.find(kind=ui.button, content="Create bot").click()
    await user.should_see("Getting a number", retries=WAIT)
    bot = staff_db.scalars(select(Bot).where(Bot.tenant_id == tenant.id)).one()
    assert bot.status is BotStatus.PROVISIONING
    assert bot.handover_number == "+4312345678"
    assert bot.business_hours == {"mon": [["08:00", "12:00"], ["13:00", "17:00"]]}
    assert bot.faq == [{"question": "Habt ihr Parkplätze?", "answer": "Ja, im Hof."}]
    job = staff_db.scalars(select(ProvisioningJob).where(ProvisioningJob.bot_id == bot.id)).one()
    assert job.kind is ProvisioningKind.BUY_NUMBER


async def test_bad_input_shows_at_the_field_and_saves_nothing(
    login_as: LoginAs, user: User, staff_db: Session, tenant: Tenant
) -> None:
    await login_as()
    await user.open("/bots/new")
    user.find(kind=ui.input, content="Hand-over number").type("call Franz")
    user.find(kind=ui.button, content="Create bot").click()
    await user.should_see("Please give the bot a name.")
    await user.should_see("Please enter the number in international form")
    user.find(kind=ui.input, content="Name").type("Empfang")
    user.find(kind=ui.input, content="Monday").type("morgens")
    user.find(kind=ui.input, content="Thursday").type("17:00-09:00")
    user.find(kind=ui.button, content="Create bot").click()
    await user.should_see("Please write opening hours as 09:00-17:00.")
    # Each on its own day (the QA pass: one line under the week, and the owner had to search).
    monday, thursday = (
        user.find(kind=ui.input, content=day).elements.pop() for day in ("Monday", "Thursday")
    )
    assert monday.error == "Please write opening hours as 09:00-17:00."
    assert thursday.error == "Opening hours must end after they start."
    assert staff_db.scalars(select(Bot).where(Bot.tenant_id == tenant.id)).first() is None


async def test_sms_to_callers_is_on_and_switches_off_in_the_settings(
    login_as: LoginAs, user: User, make: Factory, tenant: Tenant, staff_db: Session
) -> None:
    bot = make.bot(tenant, name="Rezeption", status=BotStatus.LIVE)
    assert bot.sms_confirmations is True
    await login_as()
    await user.open(f"/bots/{bot.id}")
    box = user.find(kind=ui.checkbox, content="Send callers an SMS when they book")
    assert [element.value for element in box.elements] == [True]
    box.click()
    user.find(kind=ui.button, content="Save changes").click()
    await user.should_see("Saved.")
    staff_db.expire_all()
    assert staff_db.get_one(Bot, bot.id).sms_confirmations is False


async def test_edit_pause_resume_and_delete(
    login_as: LoginAs, user: User, make: Factory, tenant: Tenant, staff_db: Session
) -> None:
    bot = make.bot(tenant, name="Rezeption", status=BotStatus.LIVE)
    make.phone_number(tenant, bot)
    await login_as()
    await user.open(f"/bots/{bot.id}")
    user.find(kind=ui.textarea, content="Greeting").clear().type("Servus!")
    user.find(kind=ui.button, content="Save changes").click()
    await user.should_see("Saved.")
    staff_db.expire_all()
    assert staff_db.get(Bot, bot.id).greeting == "Servus!"

    user.find(kind=ui.button, content="Pause").click()
    await user.should_see("Resume", retries=WAIT)
    staff_db.expire_all()
    assert staff_db.get(Bot, bot.id).status is BotStatus.PAUSED

    user.find(kind=ui.button, content="Resume").click()
    await user.should_see("Pause", retries=WAIT)
    staff_db.expire_all()
    assert staff_db.get(Bot, bot.id).status is BotStatus.LIVE  # it kept its number

    user.find(kind=ui.button, content="Delete bot").click()
    await user.should_see("Delete this bot? Its phone number will be released.")
    user.find(marker="confirm").click()
    await user.should_see("You have no bots yet", retries=WAIT)
    staff_db.expire_all()
    assert staff_db.get(Bot, bot.id).status is BotStatus.DELETED
    release = staff_db.scalars(
        select(ProvisioningJob).where(
            ProvisioningJob.bot_id == bot.id,
            ProvisioningJob.kind == ProvisioningKind.RELEASE_NUMBER,
        )
    ).one()
    assert release is not None


def test_resume_without_a_number_asks_for_one(
    make: Factory, tenant: Tenant, session_factory: sessionmaker[Session]
) -> None:
    bot = make.bot(tenant, status=BotStatus.FAILED)
    member = make.user(tenant, role=Role.CUSTOMER_USER)
    with tenant_session(session_factory, tenant.id) as db:
        resume_bot(session=db, bot=db.get(Bot, bot.id), actor=member)
        assert db.get(Bot, bot.id).status is BotStatus.PROVISIONING
        with pytest.raises(ValidationFailed):
            resume_bot(session=db, bot=db.get(Bot, bot.id), actor=member)


def test_only_running_bots_pause(
    make: Factory, tenant: Tenant, session_factory: sessionmaker[Session]
) -> None:
    bot = make.bot(tenant, status=BotStatus.DRAFT)
    member = make.user(tenant, role=Role.CUSTOMER_USER)
    with tenant_session(session_factory, tenant.id) as db, pytest.raises(ValidationFailed):
        pause_bot(session=db, bot=db.get(Bot, bot.id), actor=member)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": " "}, "name"),
        ({"language": "fr-FR"}, "language"),
        ({"handover_number": "0664 123"}, "handover_number"),
        ({"stt_engine": "whisper"}, "stt_engine"),
        ({"max_call_seconds": 5}, "max_call_seconds"),
        ({"faq": [{"question": "Wo?", "answer": ""}]}, "faq"),
        ({"business_hours": {"mon": [["17:00", "09:00"]]}}, "business_hours"),
        ({"business_hours": {"holiday": [["09:00", "17:00"]]}}, "business_hours"),
    ],
)
def test_spec_rules(change: dict, field: str) -> None:
    spec = BotSpec(name="Empfang")
    assert validate_spec(spec) == {}
    for key, value in change.items():
        setattr(spec, key, value)
    assert field in validate_spec(spec)


def test_create_bot_stamps_the_sessions_tenant(
    make: Factory, tenant: Tenant, session_factory: sessionmaker[Session]
) -> None:
    admin = make.user(tenant, role=Role.CUSTOMER_ADMIN)
    with tenant_session(session_factory, tenant.id) as db:
        bot = create_bot(session=db, spec=BotSpec(name="Empfang"), actor=admin)
        assert bot.tenant_id == tenant.id
        assert bot.status is BotStatus.PROVISIONING


def test_phrasings_are_kept_trimmed_and_without_repeats(
    make: Factory, tenant: Tenant, session_factory: sessionmaker[Session]
) -> None:
    admin = make.user(tenant, role=Role.CUSTOMER_ADMIN)
    faq = [
        {
            "question": "Was kostet ein Haarschnitt?",
            "answer": "Ab 32 Euro.",
            "phrasings": [" Wie teuer ist das? ", "", "   ", "WIE  TEUER ist das?", "Preis?"],
        }
    ]
    with tenant_session(session_factory, tenant.id) as db:
        bot = create_bot(session=db, spec=BotSpec(name="Salon", faq=faq), actor=admin)
        assert bot.faq[0]["phrasings"] == ["Wie teuer ist das?", "Preis?"]
        # The engines read them from the saved row.
        assert BotProfile.from_bot(bot).faq_phrasings == (("Wie teuer ist das?", "Preis?"),)
        # Saving the bot again (as its form does) keeps them.
        spec = BotSpec.from_bot(bot)
        spec.greeting = "Servus!"
        update_bot(session=db, bot=bot, spec=spec, actor=admin)
        assert bot.faq[0]["phrasings"] == ["Wie teuer ist das?", "Preis?"]


@pytest.mark.parametrize(
    ("phrasings", "message"),
    [
        ([f"Frage {n}" for n in range(11)], TOO_MANY_PHRASINGS),
        (["x" * 201], PHRASING_TOO_LONG),
        (["Wo\nseid ihr?"], "Please remove the invisible control characters from this text."),
        (["Wo \ud800 seid ihr?"], "This text contains a broken character. Please type it again."),
        ("Wo seid ihr?", PHRASINGS_NOT_TEXT),
        ([None], PHRASINGS_NOT_TEXT),
    ],
)
def test_phrasing_rules(phrasings: object, message: str) -> None:
    spec = BotSpec(
        name="Salon",
        faq=[
            {"question": "Wann?", "answer": "Ab neun."},
            {"question": "Wo?", "answer": "Wien", "phrasings": phrasings},
        ],
    )
    assert validate_spec(spec) == {"faq.1.phrasings": message}


def test_ten_phrasings_after_repeats_are_dropped_are_fine() -> None:
    phrasings = [f"Frage {n}" for n in range(10)] + ["frage 0", " "]
    spec = BotSpec(
        name="Salon", faq=[{"question": "Wo?", "answer": "Wien", "phrasings": phrasings}]
    )
    assert validate_spec(spec) == {}


def test_add_a_phrasing_from_try_it(
    make: Factory, tenant: Tenant, session_factory: sessionmaker[Session]
) -> None:
    member = make.user(tenant, role=Role.CUSTOMER_USER)  # bot content: every member
    faq = [
        {"question": "Wann habt ihr offen?", "answer": "Ab neun."},
        {"question": "Wo seid ihr?", "answer": "Wien", "phrasings": ["Adresse?"]},
    ]
    bot = make.bot(tenant, faq=faq)
    with tenant_session(session_factory, tenant.id) as db:
        bot = db.get(Bot, bot.id)

        def add(entry: int, question: str, phrasing: str) -> bool:
            return add_faq_phrasing(
                session=db, bot=bot, entry=entry, question=question, phrasing=phrasing, actor=member
            )

        assert add(1, "Wo seid ihr?", " Wie finde ich euch? ") is True
        assert bot.faq[1]["phrasings"] == ["Adresse?", "Wie finde ich euch?"]
        assert add(1, "Wo seid ihr?", "wie finde ich  EUCH?") is False  # already there
        assert add(1, "Wo seid ihr?", "wo seid ihr?") is False  # the question itself
        with pytest.raises(ValidationFailed) as changed:
            add(0, "Wo seid ihr?", "Wie finde ich euch?")  # the list changed since
        assert changed.value.fields == {"phrasing": QUESTION_CHANGED}
        with pytest.raises(ValidationFailed) as too_long:
            add(0, "Wann habt ihr offen?", "x" * 201)
        assert too_long.value.fields == {"phrasing": PHRASING_TOO_LONG}
        for n in range(9):
            add(0, "Wann habt ihr offen?", f"Frage {n}")
        add(0, "Wann habt ihr offen?", "Die zehnte")
        with pytest.raises(ValidationFailed) as too_many:
            add(0, "Wann habt ihr offen?", "Die elfte")
        assert too_many.value.fields == {"phrasing": TOO_MANY_PHRASINGS}
        assert len(bot.faq[0]["phrasings"]) == 10


async def test_phrasings_in_the_form_round_trip(
    login_as: LoginAs, user: User, make: Factory, tenant: Tenant, staff_db: Session
) -> None:
    faq = [
        {"question": "Wann habt ihr offen?", "answer": "Ab neun."},
        {"question": "Wo seid ihr?", "answer": "Wien", "phrasings": ["Adresse?"]},
    ]
    bot = make.bot(tenant, faq=faq, status=BotStatus.LIVE)
    await login_as(Role.CUSTOMER_USER)  # bot content: every member
    await user.open(f"/bots/{bot.id}")
    boxes = sorted(
        user.find(kind=ui.textarea, content="Other ways callers ask this").elements,
        key=lambda e: e.id,
    )
    assert [box.value for box in boxes] == ["", "Adresse?"]
    boxes[1].value += "\n\n  Wie finde ich euch? \nwie finde ich  EUCH?"
    boxes[0].value = "Ab wann?"
    user.find(kind=ui.button, content="Save changes").click()
    await user.should_see("Saved.", retries=WAIT)
    staff_db.expire_all()
    saved = staff_db.get(Bot, bot.id).faq
    assert saved[0]["phrasings"] == ["Ab wann?"]
    assert saved[1]["phrasings"] == ["Adresse?", "Wie finde ich euch?"]

    # Too many is an error at that entry's field, and nothing is saved.
    boxes[1].value = "\n".join(f"Frage {n}" for n in range(11))
    user.find(kind=ui.button, content="Save changes").click()
    await user.should_see("A question can have at most 10 other ways to ask it.")
    assert boxes[1].error == "A question can have at most 10 other ways to ask it."
    assert boxes[0].error is None
    staff_db.expire_all()
    assert staff_db.get(Bot, bot.id).faq[1]["phrasings"] == ["Adresse?", "Wie finde ich euch?"]


async def test_a_removed_question_moves_the_phrasing_errors_along(
    login_as: LoginAs, user: User, make: Factory, tenant: Tenant, staff_db: Session
) -> None:
    faq = [
        {"question": "Wann habt ihr offen?", "answer": "Ab neun."},
        {"question": "Wo seid ihr?", "answer": "Wien"},
    ]
    bot = make.bot(tenant, faq=faq, status=BotStatus.LIVE)
    await login_as()
    await user.open(f"/bots/{bot.id}")
    first_remove = min(user.find(marker="remove-question").elements, key=lambda e: e.id)
    box = max(
        user.find(kind=ui.textarea, content="Other ways callers ask this").elements,
        key=lambda e: e.id,
    )
    box.value = "x" * 201
    # Without the first question, the second's phrasings are entry 0 for the service.
    UserInteraction(user, {first_remove}, None).click()
    user.find(kind=ui.button, content="Save changes").click()
    await user.should_see("Each other way to ask may have at most 200 characters.")
    assert box.error == "Each other way to ask may have at most 200 characters."
    staff_db.expire_all()
    assert len(staff_db.get(Bot, bot.id).faq) == 2


def test_every_engine_has_words() -> None:
    assert set(ENGINE_NAMES["stt_engine"]) == set(STT_ENGINES)
    assert set(ENGINE_NAMES["tts_engine"]) == set(TTS_ENGINES)
    assert set(ENGINE_NAMES["dialogue_engine"]) == set(DIALOGUE_ENGINES)


async def test_a_german_bot_on_offline_listening_is_told_to_use_google(
    login_as: LoginAs, user: User, make: Factory, tenant: Tenant
) -> None:
    bot = make.bot(tenant, language="de-AT", stt_engine="offline", status=BotStatus.LIVE)
    await login_as()
    await user.open(f"/bots/{bot.id}")
    note = user.find(marker="german-listening-note").elements.pop()
    assert note.visible and "choose Google under “Listening”" in note.text
    listening = user.find(kind=ui.select, content="Listening").elements.pop()
    assert listening.options == {
        "offline": "On our server (free, English only)",
        "google": "Google (German and English)",
    }
    listening.value = "google"
    assert not note.visible
    listening.value = "offline"
    assert note.visible
    user.find(kind=ui.select, content="Language").elements.pop().value = "en-US"
    assert not note.visible


@pytest.mark.parametrize(
    ("reason", "role", "german", "link"),
    [
        (
            "address_missing",
            Role.CUSTOMER_ADMIN,
            "brauchen wir die Adresse Ihres Unternehmens",
            True,
        ),
        (
            "address_missing",
            Role.CUSTOMER_USER,
            "brauchen wir die Adresse Ihres Unternehmens",
            False,
        ),
        ("bundle_missing", Role.CUSTOMER_ADMIN, "Sie müssen nichts tun.", False),
        (None, Role.CUSTOMER_ADMIN, "Unser Team weiß davon", False),
    ],
)
async def test_a_bot_without_a_number_says_why_in_german(
    user: User,
    make: Factory,
    tenant: Tenant,
    reason: str | None,
    role: Role,
    german: str,
    link: bool,
) -> None:
    bot = make.bot(tenant, status=BotStatus.FAILED)
    make.provisioning_job(
        tenant,
        bot_id=bot.id,
        status=ProvisioningStatus.FAILED,
        last_error="Numbers in AT need … (staff's words, never the customer's)",
        failure_reason=reason,
    )
    account = make.user(tenant, role=role, locale="de-AT")
    await log_in(user, account.email, make.password)
    await user.should_see("Minuten diesen Monat", retries=WAIT)

    await user.open(f"/bots/{bot.id}")

    await user.should_see(german)
    await user.should_not_see("staff's words")
    if link:
        user.find("Adresse eintragen")
    else:
        await user.should_not_see("Adresse eintragen")


def test_the_bot_list_reads_each_bots_oldest_active_number_in_one_query(
    make: Factory, tenant: Tenant, other_tenant: Tenant, session_factory: sessionmaker[Session]
) -> None:
    older = make.bot(tenant, name="Empfang")
    newer = make.bot(tenant, name="Werkstatt")
    make.bot(tenant, name="Alt", status=BotStatus.DELETED)
    make.phone_number(tenant, older, e164="+4315000001", status=PhoneNumberStatus.RELEASED)
    make.phone_number(tenant, older, e164="+4315000002")
    make.phone_number(tenant, older, e164="+4315000003")
    make.phone_number(tenant, newer, e164="+4315000004", status=PhoneNumberStatus.RELEASED)
    make.phone_number(other_tenant, make.bot(other_tenant, name="Fremd"), e164="+4315000005")

    with tenant_session(session_factory, tenant.id) as db:
        statements: list[str] = []
        event.listen(db.connection(), "before_cursor_execute", lambda *a: statements.append(a[2]))
        listed = [(bot.name, number) for bot, number in bots_with_numbers(session=db)]
    assert listed == [("Werkstatt", None), ("Empfang", "+4315000002")]
    assert len([s for s in statements if s.startswith("SELECT")]) == 1
