""" "EU processing only" through the API: a cloud engine that processes outside the EU is
refused with 422 and a message naming the field; the offline engines are accepted; a bot
chosen before the switch keeps its engine stored and can still be edited."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.api.conftest import Account
from tests.api.test_auth_and_errors import assert_error
from tests.api.test_bots import SALON_BOT
from tests.factories import Factory

REFUSED = "Your account allows processing in the EU only, and this engine works outside the EU."


def test_an_engine_outside_the_eu_is_refused(
    client: TestClient, alpha: Account, staff_db: Session
) -> None:
    alpha.tenant.eu_processing_only = True
    staff_db.commit()
    for field, engine in (
        ("stt_engine", "google"),
        ("tts_engine", "elevenlabs"),
        ("dialogue_engine", "openai"),
    ):
        response = client.post("/bots", json=SALON_BOT | {field: engine}, headers=alpha.headers())
        error = assert_error(response, 422, "invalid")
        assert REFUSED in response.text and field in str(error), response.text
    offline = client.post("/bots", json=SALON_BOT, headers=alpha.headers())
    assert offline.status_code == 201, offline.text


def test_without_the_setting_cloud_engines_are_fine(client: TestClient, alpha: Account) -> None:
    response = client.post(
        "/bots", json=SALON_BOT | {"stt_engine": "google"}, headers=alpha.headers()
    )
    assert response.status_code == 201, response.text


def test_a_bot_chosen_before_can_still_be_edited(
    client: TestClient, alpha: Account, make: Factory, staff_db: Session
) -> None:
    bot = make.bot(alpha.tenant, stt_engine="google")
    alpha.tenant.eu_processing_only = True
    staff_db.commit()
    patched = client.patch(f"/bots/{bot.id}", json={"greeting": "Servus!"}, headers=alpha.headers())
    assert patched.status_code == 200, patched.text
