"""Bots through the API: the same rules as the portal, from the same services."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Bot, BotStatus, ProvisioningJob, ProvisioningKind
from models.base import utcnow
from tests.api.conftest import Account
from tests.api.test_auth_and_errors import assert_error
from tests.factories import Factory

SALON_BOT = {
    "name": "Rezeption",
    "language": "de-AT",
    "greeting": "Grüß Gott im Salon Schönhaar!",
    "faq": [{"question": "Wann habt ihr offen?", "answer": "Dienstag bis Samstag ab neun."}],
    "handover_number": "+4312345678",
    "business_hours": {"tue": [["09:00", "18:00"]]},
}


def test_create_starts_provisioning(client: TestClient, alpha: Account, staff_db: Session) -> None:
    response = client.post("/bots", json=SALON_BOT, headers=alpha.headers())
    assert response.status_code == 201, response.text
    bot = response.json()
    assert bot["status"] == "provisioning" and bot["phone_number"] is None
    assert bot["faq"] == [SALON_BOT["faq"][0] | {"phrasings": []}]
    assert bot["business_hours"] == {"tue": [["09:00", "18:00"]]}
    job = staff_db.scalars(select(ProvisioningJob).where(ProvisioningJob.bot_id == bot["id"])).one()
    assert job.kind is ProvisioningKind.BUY_NUMBER and job.tenant_id == alpha.tenant.id


def test_read_list_and_patch(client: TestClient, alpha: Account) -> None:
    created = client.post("/bots", json=SALON_BOT, headers=alpha.headers()).json()
    patched = client.patch(
        f"/bots/{created['id']}", json={"greeting": "Servus!"}, headers=alpha.headers()
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["greeting"] == "Servus!" and patched.json()["name"] == "Rezeption"
    assert (
        client.get(f"/bots/{created['id']}", headers=alpha.headers(write=False)).json()["greeting"]
        == "Servus!"
    )
    assert [b["id"] for b in client.get("/bots", headers=alpha.headers()).json()] == [created["id"]]


def test_pause_resume_delete(
    client: TestClient, alpha: Account, make: Factory, staff_db: Session
) -> None:
    bot = make.bot(alpha.tenant, status=BotStatus.LIVE)
    make.phone_number(alpha.tenant, bot)
    staff_db.commit()
    assert (
        client.post(f"/bots/{bot.id}/pause", headers=alpha.headers()).json()["status"] == "paused"
    )
    resumed = client.post(f"/bots/{bot.id}/resume", headers=alpha.headers()).json()
    assert resumed["status"] == "live" and resumed["phone_number"].startswith("+43")
    assert client.delete(f"/bots/{bot.id}", headers=alpha.headers()).status_code == 204
    assert_error(client.get(f"/bots/{bot.id}", headers=alpha.headers()), 404, "not_found")
    staff_db.expire_all()
    assert staff_db.get(Bot, bot.id).status is BotStatus.DELETED


def test_invalid_bot_names_its_fields(client: TestClient, alpha: Account) -> None:
    error = assert_error(
        client.post(
            "/bots",
            json=SALON_BOT | {"handover_number": "0664 nope", "stt_engine": "whisper"},
            headers=alpha.headers(),
        ),
        422,
        "invalid",
    )
    assert {"handover_number", "stt_engine"} <= set(error["fields"])


def test_pausing_a_draft_is_refused_with_a_reason(
    client: TestClient, alpha: Account, make: Factory, staff_db: Session
) -> None:
    bot = make.bot(alpha.tenant)
    staff_db.commit()
    error = assert_error(
        client.post(f"/bots/{bot.id}/pause", headers=alpha.headers()), 422, "invalid"
    )
    assert "status" in error["fields"]


def test_read_only_token_cannot_change_bots(
    client: TestClient, alpha: Account, make: Factory, staff_db: Session
) -> None:
    bot = make.bot(alpha.tenant, status=BotStatus.LIVE)
    staff_db.commit()
    ro = alpha.headers(write=False)
    assert_error(client.post("/bots", json=SALON_BOT, headers=ro), 403, "forbidden")
    assert_error(client.patch(f"/bots/{bot.id}", json={"name": "x"}, headers=ro), 403, "forbidden")
    assert_error(client.post(f"/bots/{bot.id}/pause", headers=ro), 403, "forbidden")
    assert_error(client.delete(f"/bots/{bot.id}", headers=ro), 403, "forbidden")


def test_other_tenants_bot_is_404_everywhere(
    client: TestClient, alpha: Account, beta: Account, make: Factory, staff_db: Session
) -> None:
    bot = make.bot(alpha.tenant, status=BotStatus.LIVE)
    staff_db.commit()
    h = beta.headers()
    assert_error(client.get(f"/bots/{bot.id}", headers=h), 404, "not_found")
    assert_error(client.patch(f"/bots/{bot.id}", json={"name": "x"}, headers=h), 404, "not_found")
    assert_error(client.post(f"/bots/{bot.id}/pause", headers=h), 404, "not_found")
    assert_error(client.delete(f"/bots/{bot.id}", headers=h), 404, "not_found")
    assert client.get("/bots", headers=h).json() == []
    staff_db.expire_all()
    assert staff_db.get(Bot, bot.id).status is BotStatus.LIVE


def test_missing_token_is_401(client: TestClient) -> None:
    assert_error(client.get("/bots"), 401, "unauthorized")
    assert_error(client.post("/bots", json=SALON_BOT), 401, "unauthorized")


def test_nul_characters_are_a_field_error_not_a_crash(client: TestClient, alpha: Account) -> None:
    assert_error(
        client.post("/bots", json=SALON_BOT | {"name": "Re\x00zeption"}, headers=alpha.headers()),
        422,
        "invalid",
    )


def test_faq_phrasings_round_trip(client: TestClient, alpha: Account, staff_db: Session) -> None:
    faq = [
        {
            "question": "Was kostet ein Haarschnitt?",
            "answer": "Ab 32 Euro.",
            "phrasings": [
                "  Wie teuer ist Haare schneiden? ",
                "",
                "wie teuer ist  haare schneiden?",
            ],
        },
        {"question": "Wo seid ihr?", "answer": "Neubaugasse 7."},
    ]
    created = client.post("/bots", json=SALON_BOT | {"faq": faq}, headers=alpha.headers())
    assert created.status_code == 201, created.text
    # Trimmed, without the empty one and the repeat; an entry without any reads as [].
    assert [entry["phrasings"] for entry in created.json()["faq"]] == [
        ["Wie teuer ist Haare schneiden?"],
        [],
    ]
    bot_id = created.json()["id"]
    stored = staff_db.get(Bot, bot_id).faq
    assert stored[0]["phrasings"] == ["Wie teuer ist Haare schneiden?"]
    assert "phrasings" not in stored[1]

    # A PATCH of something else keeps them; a PATCH of the faq replaces them.
    patched = client.patch(f"/bots/{bot_id}", json={"greeting": "Servus!"}, headers=alpha.headers())
    assert patched.json()["faq"][0]["phrasings"] == ["Wie teuer ist Haare schneiden?"]
    faq[1]["phrasings"] = ["Wie finde ich euch?"]
    patched = client.patch(f"/bots/{bot_id}", json={"faq": faq}, headers=alpha.headers())
    assert patched.status_code == 200, patched.text
    read = client.get(f"/bots/{bot_id}", headers=alpha.headers(write=False)).json()
    assert read["faq"][1]["phrasings"] == ["Wie finde ich euch?"]


def test_bad_phrasings_are_field_errors(
    client: TestClient, alpha: Account, make: Factory, staff_db: Session
) -> None:
    bot = make.bot(alpha.tenant, status=BotStatus.LIVE)
    staff_db.commit()

    def patch(phrasings: object) -> dict:
        faq = [{"question": "Wo?", "answer": "Wien", "phrasings": phrasings}]
        return assert_error(
            client.patch(f"/bots/{bot.id}", json={"faq": faq}, headers=alpha.headers()),
            422,
            "invalid",
        )["fields"]

    assert "faq.0.phrasings" in patch([f"Frage {n}" for n in range(11)])
    # The limits are the service's, worded by it for the list, as the portal shows them.
    assert patch(["x" * 201]) == {
        "faq.0.phrasings": "Each other way to ask may have at most 200 characters."
    }
    assert "faq.0.phrasings.0" in patch([7])
    # Text no keyboard types is the service's field error, under the entry's phrasings.
    fields = patch(["Wo\tseid ihr?"])
    assert fields == {
        "faq.0.phrasings": "Please remove the invisible control characters from this text."
    }
    staff_db.expire_all()
    assert staff_db.get(Bot, bot.id).faq == []


def test_openapi_documents_phrasings(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()["components"]["schemas"]
    entry = next(v for k, v in schema.items() if k.startswith("FaqEntry"))
    phrasings = entry["properties"]["phrasings"]
    assert phrasings["maxItems"] == 10 and phrasings["items"]["maxLength"] == 200
    assert "Other ways callers ask this question" in phrasings["description"]
    assert "phrasings" not in entry.get("required", [])


def test_a_sign_up_without_a_payment_method_gets_one_bot(
    client: TestClient, alpha: Account, staff_db: Session
) -> None:
    alpha.tenant.trial_ends_at = utcnow() + timedelta(days=14)
    staff_db.commit()
    assert client.post("/bots", json=SALON_BOT, headers=alpha.headers()).status_code == 201
    second = client.post("/bots", json=SALON_BOT | {"name": "Küche"}, headers=alpha.headers())
    assert_error(second, 409, "conflict")
    assert "add a payment method first" in second.json()["error"]["message"]
    assert len(client.get("/bots", headers=alpha.headers()).json()) == 1
