"""Messages over the API: listed newest first with paging and a status filter, read one,
marked done in the name of the token's creator; another tenant's ids are 404."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.conftest import Account
from tests.api.test_auth_and_errors import assert_error
from tests.factories import Factory


def test_list_page_read_and_mark_done(
    client: TestClient, alpha: Account, beta: Account, make: Factory
) -> None:
    bot = make.bot(alpha.tenant, name="Rezeption")
    call = make.call(alpha.tenant, bot)
    first = make.message(alpha.tenant, bot, about="Erste", call_id=call.id)
    second = make.message(alpha.tenant, bot, about="Zweite")
    third = make.message(alpha.tenant, bot, about="Dritte")
    foreign = make.message(beta.tenant, about="Fremd")
    make.session.commit()

    page = client.get("/messages", params={"limit": 2}, headers=alpha.headers(write=False))
    assert page.status_code == 200, page.text
    body = page.json()
    assert [m["id"] for m in body["items"]] == [third.id, second.id]
    assert body["next_before"] == second.id
    rest = client.get(
        "/messages", params={"before": body["next_before"]}, headers=alpha.headers()
    ).json()
    assert [m["about"] for m in rest["items"]] == ["Erste"] and rest["next_before"] is None

    one = client.get(f"/messages/{first.id}", headers=alpha.headers()).json()
    assert one["call_id"] == call.id and one["bot_name"] == "Rezeption"
    assert one["status"] == "new" and one["handled_at"] is None

    done = client.post(f"/messages/{first.id}/done", headers=alpha.headers())
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "done" and done.json()["handled_at"]
    news = client.get("/messages", params={"status": "new"}, headers=alpha.headers()).json()
    assert [m["id"] for m in news["items"]] == [third.id, second.id]

    assert_error(client.get(f"/messages/{foreign.id}", headers=alpha.headers()), 404, "not_found")
    assert_error(
        client.post(f"/messages/{foreign.id}/done", headers=alpha.headers()), 404, "not_found"
    )
    assert (
        client.get("/messages", params={"status": "urgent"}, headers=alpha.headers()).status_code
        == 422
    )
