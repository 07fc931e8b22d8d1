"""Calls with cursor paging and transcripts; usage per day and bot."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from models import CallOutcome, Speaker
from tests.api.conftest import Account
from tests.api.test_auth_and_errors import assert_error
from tests.factories import Factory

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def test_cursor_paging_walks_every_call_once(
    client: TestClient, alpha: Account, make: Factory, staff_db: Session
) -> None:
    bot = make.bot(alpha.tenant)
    ids = [
        make.call(alpha.tenant, bot, started_at=START + timedelta(minutes=n)).id for n in range(7)
    ]
    # Two calls at the same second: the id breaks the tie, nothing is skipped or repeated.
    ids.append(make.call(alpha.tenant, bot, started_at=START + timedelta(minutes=6)).id)
    staff_db.commit()
    seen, cursor = [], None
    while True:
        params = {"limit": 3} | ({"cursor": cursor} if cursor else {})
        page = client.get("/calls", params=params, headers=alpha.headers(write=False)).json()
        seen += [c["id"] for c in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(ids) and len(seen) == len(set(seen))
    assert seen[0] == max(ids)  # newest first, the later id of the tie first


def test_filters(client: TestClient, alpha: Account, make: Factory, staff_db: Session) -> None:
    bot, other = make.bot(alpha.tenant), make.bot(alpha.tenant)
    handed = make.call(alpha.tenant, bot, outcome=CallOutcome.HANDED_OVER, started_at=START)
    make.call(alpha.tenant, other, outcome=CallOutcome.RESOLVED, started_at=START)
    make.call(alpha.tenant, bot, started_at=START - timedelta(days=10))
    staff_db.commit()
    h = alpha.headers(write=False)
    by_outcome = client.get("/calls", params={"outcome": "handed_over"}, headers=h).json()
    assert [c["id"] for c in by_outcome["items"]] == [handed.id]
    in_period = client.get(
        "/calls", params={"bot_id": bot.id, "from": "2026-11-01", "to": "2026-11-30"}, headers=h
    ).json()
    assert [c["id"] for c in in_period["items"]] == [handed.id]


def test_every_wrong_filter_is_named_in_one_answer(client: TestClient, alpha: Account) -> None:
    """The route reads the filters as one model (customer_ui.api.query_models): each wrong
    one is named, as FastAPI named them."""
    response = client.get(
        "/calls", params={"limit": "0", "status": "maybe", "number": "abc"}, headers=alpha.headers()
    )
    error = assert_error(response, 422, "invalid")
    assert set(error["fields"]) == {"limit", "status", "number"}


def test_bad_filters_and_cursor_are_422(client: TestClient, alpha: Account) -> None:
    h = alpha.headers(write=False)
    assert_error(client.get("/calls", params={"cursor": "not-a-cursor"}, headers=h), 422, "invalid")
    assert_error(client.get("/calls", params={"outcome": "maybe"}, headers=h), 422, "invalid")
    error = assert_error(
        client.get("/calls", params={"from": "2026-11-30", "to": "2026-11-01"}, headers=h),
        422,
        "invalid",
    )
    assert "date_to" in error["fields"]


def test_call_with_its_transcript(
    client: TestClient, alpha: Account, beta: Account, make: Factory, staff_db: Session
) -> None:
    call = make.call(alpha.tenant)
    make.call_turn(alpha.tenant, call, seq=1, text="Wann habt ihr offen?")
    make.call_turn(
        alpha.tenant, call, seq=2, speaker=Speaker.BOT, text="Ab neun.", turn_latency_ms=540
    )
    staff_db.commit()
    detail = client.get(f"/calls/{call.id}", headers=alpha.headers(write=False)).json()
    assert [(t["speaker"], t["text"]) for t in detail["turns"]] == [
        ("caller", "Wann habt ihr offen?"),
        ("bot", "Ab neun."),
    ]
    assert detail["median_turn_latency_ms"] == 540
    assert_error(client.get(f"/calls/{call.id}", headers=beta.headers()), 404, "not_found")
    assert client.get("/calls", headers=beta.headers()).json()["items"] == []


def test_usage_per_day_and_bot(
    client: TestClient, alpha: Account, beta: Account, make: Factory, staff_db: Session
) -> None:
    bot = make.bot(alpha.tenant, name="Rezeption")
    make.usage_event(alpha.tenant, bot_id=bot.id, quantity=90, occurred_at=START)
    make.usage_event(
        alpha.tenant, bot_id=bot.id, quantity=30, occurred_at=START + timedelta(days=1)
    )
    make.usage_event(beta.tenant, quantity=999, occurred_at=START)
    staff_db.commit()
    params = {"from": "2026-11-02", "to": "2026-11-04"}
    usage = client.get("/usage", params=params, headers=alpha.headers(write=False)).json()
    assert [(d["day"], d["seconds"]) for d in usage["by_day"]] == [
        ("2026-11-02", 90),
        ("2026-11-03", 30),
        ("2026-11-04", 0),
    ]
    assert [(b["bot_name"], b["seconds"]) for b in usage["by_bot"]] == [("Rezeption", 120)]
    assert_error(client.get("/usage", headers=alpha.headers()), 422, "invalid")
    assert_error(
        client.get(
            "/usage", params={"from": "2026-11-04", "to": "2026-11-01"}, headers=alpha.headers()
        ),
        422,
        "invalid",
    )
