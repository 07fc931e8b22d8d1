"""The webhooks card in the settings: administrators save an address (the secret is shown
once), send a test event to a real server on 127.0.0.1, see the deliveries, turn the webhook
off and delete it; team members do not see the card."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from nicegui import ui
from nicegui.testing.user import User
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.encryption import CredentialCipher
from core.settings import Settings, load_settings
from models import Role, Tenant, WebhookEndpoint
from services.webhook_delivery import signature_header
from tests.conftest import REDIS_URL
from tests.customer_ui.conftest import WAIT, LoginAs, log_in
from tests.factories import Factory
from tests.webhook_receiver import Receiver, running_receiver


@pytest.fixture
def settings(database_url: str) -> Settings:
    """The portal may call 127.0.0.1 here: the receiving server runs on it."""
    return load_settings(
        env="test", database_url=database_url, redis_url=REDIS_URL, webhook_allow_loopback=True
    )


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running_receiver() as server:
        yield server


def shown_secret(user: User) -> str:
    shown = [
        e.value for e in user.find(kind=ui.input).elements if str(e.value).startswith("whsec_")
    ]
    assert len(shown) == 1
    return shown[0]


def delivery_rows(user: User) -> list[dict]:
    [table] = user.find(kind=ui.table).elements
    return table.rows


async def save_address(user: User, url: str) -> None:
    await user.open("/settings")
    user.find(kind=ui.input, content="Address (URL)").clear().type(url)
    user.find(kind=ui.button, content="Save address").click()


async def test_save_test_and_delete_a_webhook(
    login_as: LoginAs, user: User, receiver: Receiver, staff_db: Session, settings: Settings
) -> None:
    await login_as()
    await save_address(user, receiver.url)
    await user.should_see("Copy it now", retries=WAIT)
    secret = shown_secret(user)
    [endpoint] = staff_db.scalars(select(WebhookEndpoint)).all()
    assert CredentialCipher.from_settings(settings).decrypt(endpoint.encrypted_secret) == secret

    await user.open("/settings")
    await user.should_see(receiver.url)
    await user.should_not_see(secret)
    user.find(kind=ui.button, content="Send test event").click()
    await user.should_see("Test event delivered (HTTP 200).", retries=WAIT)
    [request] = receiver.requests
    assert json.loads(request.body)["type"] == "webhook.test"
    timestamp = int(request.headers["VoiceAgent-Signature"].split(",")[0].removeprefix("t="))
    assert request.headers["VoiceAgent-Signature"] == signature_header(
        secret, request.body, timestamp
    )

    await user.open("/settings")
    await user.should_see("Latest deliveries")
    assert [row["status"] for row in delivery_rows(user)] == ["Delivered"]
    user.find(kind=ui.button, content="Turn off").click()
    await user.should_see("Webhook turned off.", retries=WAIT)
    await user.open("/settings")
    await user.should_see("Turn on")
    await user.should_not_see("Send test event")

    user.find(kind=ui.button, content="Delete webhook").click()
    user.find(kind=ui.button, content="Delete").click()
    await user.should_see("Webhook deleted.", retries=WAIT)
    assert staff_db.scalar(select(func.count()).select_from(WebhookEndpoint)) == 0


async def test_a_failing_test_event_says_why(
    login_as: LoginAs, user: User, receiver: Receiver
) -> None:
    await login_as()
    await save_address(user, receiver.url)
    await user.should_see("Copy it now", retries=WAIT)
    receiver.answer(500)
    await user.open("/settings")
    user.find(kind=ui.button, content="Send test event").click()
    await user.should_see("The test event was not delivered: HTTP 500", retries=WAIT)
    await user.open("/settings")
    await user.should_see("Latest deliveries")
    [row] = delivery_rows(user)
    assert (row["event"], row["status"], row["answer"]) == ("Test event", "Failed", "HTTP 500")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://hooks.example.at/", "Only http:// and https:// addresses can receive events."),
        ("http://10.0.0.8/hook", "This address is in a private network."),
        ("", "Please enter the address that should receive events."),
    ],
)
async def test_a_bad_address_shows_a_field_error_and_saves_nothing(
    login_as: LoginAs, user: User, staff_db: Session, url: str, message: str
) -> None:
    await login_as()
    await save_address(user, url)
    await user.should_see(message, retries=WAIT)
    await user.should_not_see("Copy it now")
    assert staff_db.scalar(select(func.count()).select_from(WebhookEndpoint)) == 0


async def test_the_card_speaks_german(user: User, make: Factory, tenant: Tenant) -> None:
    account = make.user(tenant, role=Role.CUSTOMER_ADMIN, locale="de-AT")
    await log_in(user, account.email, make.password)
    await user.should_see("Minuten diesen Monat", retries=WAIT)
    await user.open("/settings")
    await user.should_see("Adresse speichern")
    user.find(kind=ui.input, content="Adresse (URL)").type("http://192.168.1.1/")
    user.find(kind=ui.button, content="Adresse speichern").click()
    await user.should_see("Diese Adresse liegt in einem privaten Netzwerk.", retries=WAIT)


async def test_team_members_do_not_see_the_webhook(login_as: LoginAs, user: User) -> None:
    await login_as(Role.CUSTOMER_USER)
    await user.open("/settings")
    await user.should_see("Change password")
    await user.should_not_see("Webhooks")
    await user.should_not_see("Save address")
