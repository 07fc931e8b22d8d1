"""Messages the phone bot takes: stored for the bot's tenant, e-mailed to its administrators
in each one's language, announced to the webhook; listed newest first, marked done by any
member; the LLM tool's round trip answers the model instead of raising."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from core.encryption import CredentialCipher
from models import (
    Bot,
    MessageStatus,
    OutboundEmail,
    Role,
    Tenant,
    User,
    WebhookDelivery,
)
from models.scoping import tenant_session
from services import messages
from services.call_events import set_webhook_endpoint
from services.errors import NotFound, ValidationFailed
from services.permissions import NotAllowed
from tests.factories import Factory


@pytest.fixture
def tenant(make: Factory) -> Tenant:
    return make.tenant(name="Salon Schönhaar")


@pytest.fixture
def bot(make: Factory, tenant: Tenant) -> Bot:
    return make.bot(tenant, name="Rezeption")


@pytest.fixture
def db(session_factory: sessionmaker[Session], tenant: Tenant, bot: Bot):
    with tenant_session(session_factory, tenant.id) as session:
        yield session


def test_a_message_on_a_call_reaches_each_admin_in_their_language_and_the_webhook(
    db: Session, make: Factory, tenant: Tenant, bot: Bot, cipher: CredentialCipher
) -> None:
    chef = make.user(tenant, role=Role.CUSTOMER_ADMIN, locale="de-AT", email="chef@salon.at")
    make.user(tenant, role=Role.CUSTOMER_ADMIN, locale="en-US", email="anna@salon.at")
    make.user(tenant, role=Role.CUSTOMER_USER, email="lehrling@salon.at")
    make.user(tenant, role=Role.CUSTOMER_ADMIN, email="alt@salon.at", is_active=False)
    other = make.tenant()
    make.user(other, role=Role.CUSTOMER_ADMIN, email="fremd@heuriger.at")
    call = make.call(tenant, bot, from_number="+436641112233")
    set_webhook_endpoint(
        session=db,
        cipher=cipher,
        actor=db.get(User, chef.id),
        url="https://hooks.example.at/",
        allow_loopback=False,
    )

    taken = messages.take_message_on_call(
        session=db,
        call_id=call.id,
        caller_name=" Karl Berger ",
        about="Möchte wissen, ob Gutscheine verschickt werden.",
        portal_url="https://portal.example.at/",
    )

    assert taken.caller_name == "Karl Berger" and taken.caller_phone == "+436641112233"
    assert taken.status is MessageStatus.NEW and taken.bot_id == bot.id
    mails = {m.to_address: m for m in db.scalars(select(OutboundEmail))}
    assert set(mails) == {"chef@salon.at", "anna@salon.at"}
    german, english = mails["chef@salon.at"], mails["anna@salon.at"]
    assert german.subject == "Neue Nachricht von Karl Berger"
    assert "Anliegen: Möchte wissen, ob Gutscheine" in german.body_text
    assert "https://portal.example.at/messages" in german.body_text
    assert english.subject == "New message from Karl Berger"
    assert "Number: +436641112233" in english.body_text
    sent = db.scalars(select(WebhookDelivery)).one()
    assert sent.event_type == "message.taken"
    data = sent.payload["data"]["message"]
    assert data["call_id"] == call.id and data["bot"]["name"] == "Rezeption"
    assert data["status"] == "new" and data["about"].startswith("Möchte")


@pytest.mark.parametrize(
    ("fields", "wrong"),
    [
        ({"about": "   "}, "about"),
        ({"about": "x" * 2001}, "about"),
        ({"about": "Rückruf", "caller_name": "N" * 121}, "caller_name"),
        ({"about": "Rückruf", "caller_phone": "ruf mich an"}, "caller_phone"),
        ({"about": "Rückruf\x00"}, "about"),
    ],
)
def test_bad_input_is_refused_by_field(
    db: Session, bot: Bot, fields: dict[str, str], wrong: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        messages.take_message(session=db, bot_id=bot.id, **fields)
    assert wrong in refused.value.fields
    assert db.scalars(select(OutboundEmail)).first() is None


def test_another_tenants_bot_or_call_cannot_be_named(db: Session, make: Factory, bot: Bot) -> None:
    other = make.tenant()
    foreign_bot = make.bot(other)
    foreign_call = make.call(other, foreign_bot)
    with pytest.raises(ValidationFailed) as refused:
        messages.take_message(session=db, bot_id=foreign_bot.id, about="Hallo")
    assert "bot_id" in refused.value.fields
    with pytest.raises(ValidationFailed) as refused:
        messages.take_message(session=db, bot_id=bot.id, call_id=foreign_call.id, about="Hallo")
    assert "call_id" in refused.value.fields


def test_the_llm_tool_answers_the_model_instead_of_raising(
    db: Session, make: Factory, tenant: Tenant, bot: Bot
) -> None:
    call = make.call(tenant, bot, from_number="+43155512")
    ok = messages.run_take_message_tool(
        session=db, call_id=call.id, arguments={"caller_name": "Eva", "about": "Rückruf bitte"}
    )
    assert ok["ok"] is True
    stored = messages.get_message(session=db, message_id=ok["message_id"])
    assert stored.call_id == call.id and stored.caller_phone == "+43155512"
    assert messages.run_take_message_tool(
        session=db, call_id=call.id, arguments={"caller_name": "Eva"}
    ) == {"ok": False, "errors": {"about": messages.ABOUT_MISSING}}
    assert (
        messages.run_take_message_tool(session=db, call_id=call.id, arguments=["x"])["ok"] is False
    )
    assert (
        messages.run_take_message_tool(
            session=db, call_id=call.id, arguments={"about": 3, "caller_name": "E"}
        )["ok"]
        is False
    )


def test_list_newest_first_count_new_and_mark_done_by_any_member(
    db: Session, make: Factory, tenant: Tenant, bot: Bot
) -> None:
    first = make.message(tenant, bot, about="Erste")
    second = make.message(tenant, bot, about="Zweite")
    make.message(make.tenant(), about="Fremd")
    member = db.get(User, make.user(tenant, role=Role.CUSTOMER_USER, name="Lisa").id)

    assert [m.about for m in messages.list_messages(session=db)] == ["Zweite", "Erste"]
    assert messages.count_new_messages(session=db) == 2
    done = messages.mark_done(session=db, message_id=first.id, actor=member)
    assert done.status is MessageStatus.DONE and done.handled_by_id == member.id
    assert done.handled_at is not None
    assert messages.handled_by_name(session=db, message=done) == "Lisa"
    assert messages.mark_done(session=db, message_id=first.id, actor=member).handled_at == (
        done.handled_at
    )
    assert messages.count_new_messages(session=db) == 1
    assert [m.id for m in messages.list_messages(session=db, status=MessageStatus.NEW)] == [
        second.id
    ]
    assert [m.id for m in messages.list_messages(session=db, before_id=second.id)] == [first.id]


def test_mark_done_refuses_strangers_and_other_tenants_messages(
    db: Session, make: Factory, tenant: Tenant
) -> None:
    foreign = make.message(make.tenant())
    member = db.get(User, make.user(tenant).id)
    with pytest.raises(NotFound):
        messages.mark_done(session=db, message_id=foreign.id, actor=member)
    own = make.message(tenant)
    member.is_active = False
    with pytest.raises(NotAllowed):
        messages.mark_done(session=db, message_id=own.id, actor=member)
