"""The API's error messages in the caller's language: Accept-Language negotiated by Babel
(weights count), the one catalogue's German; English without the header, as documented."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import Account
from tests.api.test_auth_and_errors import assert_error

# German last in the list but weighed highest: the first-listed language would be English.
GERMAN_BY_WEIGHT = "fr, en;q=0.3, de-AT;q=0.8"


@pytest.mark.parametrize(
    ("accept", "message"),
    [
        (GERMAN_BY_WEIGHT, "Bitte senden Sie ein API-Token mit: 'Authorization: Bearer <Token>'."),
        ("de", "Bitte senden Sie ein API-Token mit: 'Authorization: Bearer <Token>'."),
        ("en-GB, de;q=0.5", "Please send an API token: 'Authorization: Bearer <token>'."),
        (None, "Please send an API token: 'Authorization: Bearer <token>'."),
    ],
)
def test_a_refusal_speaks_the_callers_language(
    client: TestClient, accept: str | None, message: str
) -> None:
    headers = {"Accept-Language": accept} if accept else {}
    error = assert_error(client.get("/tenant", headers=headers), 401, "unauthorized")
    assert error["message"] == message


def test_field_messages_and_service_errors_in_german(client: TestClient, alpha: Account) -> None:
    german = {**alpha.headers(write=False), "Accept-Language": GERMAN_BY_WEIGHT}
    error = assert_error(client.post("/tickets", json={}, headers=german), 403, "forbidden")
    assert error["message"] == "Dieses API-Token darf nur lesen."

    german = {**alpha.headers(), "Accept-Language": GERMAN_BY_WEIGHT}
    ticket = {"subject": "Frage\u001b", "message": "Hallo", "priority": "normal"}
    error = assert_error(client.post("/tickets", json=ticket, headers=german), 422, "invalid")
    assert error["message"] == "Einige Felder sind noch nicht richtig ausgefüllt."
    assert error["fields"] == {
        "subject": "Bitte entfernen Sie die unsichtbaren Steuerzeichen aus diesem Text."
    }

    error = assert_error(client.get("/bots/999999999", headers=german), 404, "not_found")
    assert error["message"] == "Diesen Bot gibt es nicht."
