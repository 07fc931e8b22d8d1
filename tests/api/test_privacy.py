"""The privacy operations of the REST API: retention periods, and one caller's data exported
(a zip) or erased — the caller's tenant only, administrators only, audited."""

from __future__ import annotations

import io
import json
import zipfile

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from models import Call
from tests.api.conftest import Account
from tests.factories import Factory

NUMBER = "+436641234567"


def test_retention_read_and_changed(client: TestClient, alpha: Account) -> None:
    assert client.get("/privacy/retention", headers=alpha.headers()).json() == {
        "transcript_days": 90,
        "call_months": 13,
        "booking_months": 13,
        "message_days": 90,
    }
    wanted = {"transcript_days": 30, "call_months": 6, "booking_months": 3, "message_days": 14}
    changed = client.put("/privacy/retention", json=wanted, headers=alpha.headers())
    assert changed.status_code == 200 and changed.json() == wanted
    refused = client.put(
        "/privacy/retention", json={**wanted, "transcript_days": 0}, headers=alpha.headers()
    )
    assert refused.status_code == 422
    read_only = client.put("/privacy/retention", json=wanted, headers=alpha.headers(write=False))
    assert read_only.status_code == 403


def test_export_and_erase_touch_only_the_callers_tenant(
    client: TestClient, alpha: Account, beta: Account, make: Factory, staff_db: Session
) -> None:
    mine = make.call(alpha.tenant, from_number=NUMBER)
    make.call_turn(alpha.tenant, mine, text="Mein Name ist Huber")
    theirs = make.call(beta.tenant, from_number=NUMBER)
    staff_db.commit()

    exported = client.post(
        "/privacy/callers/export",
        json={"number": "0664 1234567"},
        headers=alpha.headers(),
    )
    assert exported.status_code == 200
    assert exported.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(exported.content)) as archive:
        document = json.loads(archive.read("caller-data.json"))
    assert [c["id"] for c in document["calls"]] == [mine.id]
    assert document["call_turns"][0]["text"] == "Mein Name ist Huber"

    erased = client.post("/privacy/callers/erase", json={"number": NUMBER}, headers=alpha.headers())
    assert erased.status_code == 200
    assert erased.json()["counts"]["calls"] == 1 and erased.json()["counts"]["call_turns"] == 1
    staff_db.expire_all()
    assert staff_db.get(Call, mine.id).from_number == "+43"  # type: ignore[union-attr]
    assert staff_db.get(Call, theirs.id).from_number == NUMBER  # type: ignore[union-attr]


def test_bad_numbers_and_read_only_erasure_are_refused(client: TestClient, alpha: Account) -> None:
    bad = client.post(
        "/privacy/callers/export", json={"number": "ruf mich an"}, headers=alpha.headers()
    )
    assert bad.status_code in (400, 422)
    assert "number" in json.dumps(bad.json()["error"])
    read_only = client.post(
        "/privacy/callers/erase", json={"number": NUMBER}, headers=alpha.headers(write=False)
    )
    assert read_only.status_code == 403
