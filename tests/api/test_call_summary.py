"""The API's call resource carries the summary line and its fields."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.conftest import Account
from tests.factories import Factory


def test_calls_carry_their_summary(client: TestClient, alpha: Account, make: Factory) -> None:
    fields = {
        "intent": "booking",
        "bookings_made": 1,
        "bookings_moved": 0,
        "bookings_cancelled": 0,
        "message_taken": False,
        "handed_over": False,
        "unanswered_questions": ["Habt ihr Gutscheine?"],
    }
    summed = make.call(
        alpha.tenant, summary="Termin gebucht; 1 Frage offen.", summary_fields=fields
    )
    open_call = make.call(alpha.tenant)
    make.session.commit()

    listed = {c["id"]: c for c in client.get("/calls", headers=alpha.headers()).json()["items"]}
    assert listed[summed.id]["summary"] == "Termin gebucht; 1 Frage offen."
    assert listed[summed.id]["summary_fields"] == fields
    assert listed[open_call.id]["summary"] is None
    assert listed[open_call.id]["summary_fields"] is None
    one = client.get(f"/calls/{summed.id}", headers=alpha.headers()).json()
    assert one["summary"] == "Termin gebucht; 1 Frage offen." and one["summary_fields"] == fields
    assert (
        client.get(f"/calls/{open_call.id}", headers=alpha.headers()).json()["summary_fields"]
        is None
    )
