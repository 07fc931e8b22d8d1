"""Ids and cursors no database can hold, or no client could have been given, are a 4xx with
a message — never a 500 — and change nothing (issue 10, item 13)."""

from __future__ import annotations

import base64

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.api.conftest import Account
from tests.database_snapshot import snapshot
from tests.factories import Factory

BIGINT_MAX = 2**63 - 1


def _cursor(raw: str | bytes) -> str:
    data = raw.encode() if isinstance(raw, str) else raw
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


BAD_CURSORS = {
    "id beyond bigint": _cursor("2026-11-29T11:44:41+00:00|9999999999999999999999"),
    "id one beyond bigint": _cursor(f"2026-11-29T11:44:41+00:00|{BIGINT_MAX + 1}"),
    "negative id": _cursor("2026-11-29T11:44:41+00:00|-5"),
    "zero id": _cursor("2026-11-29T11:44:41+00:00|0"),
    "id with underscores": _cursor("2026-11-29T11:44:41+00:00|1_000"),
    "id with spaces": _cursor("2026-11-29T11:44:41+00:00| 7 "),
    "id in other digits": _cursor("2026-11-29T11:44:41+00:00|١٢"),
    "id not digits": _cursor("2026-11-29T11:44:41+00:00|abc"),
    "no id": _cursor("2026-11-29T11:44:41+00:00"),
    "three parts": _cursor("2026-11-29T11:44:41+00:00|1|2"),
    "time without zone": _cursor("2026-11-29T11:44:41|7"),
    "year 1 east of UTC": _cursor("0001-01-01T00:00:00+14:00|7"),
    "year 9999 west of UTC": _cursor("9999-12-31T23:59:59-14:00|7"),
    "time not a time": _cursor("yesterday|7"),
    "NUL inside": _cursor("2026-11-29T11:44:41+00:00\x00|7"),
    "not UTF-8": _cursor(b"\xff\xfe|7"),
    "garbage base64": "!!!***",
    "base64 of nothing": "=",
    "non-ASCII text": "äöü",
    "padding only": "====",
}


@pytest.mark.parametrize("cursor", BAD_CURSORS.values(), ids=BAD_CURSORS.keys())
def test_a_cursor_we_never_gave_out_is_a_422_and_changes_nothing(
    client: TestClient, alpha: Account, make: Factory, staff_db: Session, cursor: str
) -> None:
    make.call(alpha.tenant, make.bot(alpha.tenant))
    staff_db.commit()
    before = snapshot(staff_db)

    answer = client.get("/calls", params={"cursor": cursor}, headers=alpha.headers(write=False))

    assert answer.status_code == 422, answer.text
    error = answer.json()["error"]
    assert error["code"] == "invalid"
    assert error["message"] == "The cursor is not valid; use next_cursor from a previous page."
    staff_db.expire_all()
    assert snapshot(staff_db) == before


BAD_IDS = {
    "beyond bigint": "9999999999999999999999",
    "one beyond bigint": str(BIGINT_MAX + 1),
    "negative": "-1",
    "zero": "0",
    "not digits": "abc",
    "exponent": "1e3",
    "fraction": "1.5",
    "other digits": "١٢",
    "5000 digits": "9" * 5000,
}

# Every operation that takes an id in its path, with the read or write token it needs.
ID_ROUTES = [
    ("GET", "/bots/{id}"),
    ("PATCH", "/bots/{id}"),
    ("DELETE", "/bots/{id}"),
    ("POST", "/bots/{id}/pause"),
    ("POST", "/bots/{id}/resume"),
    ("GET", "/calls/{id}"),
    ("GET", "/invoices/{id}"),
    ("GET", "/tickets/{id}"),
    ("POST", "/tickets/{id}/replies"),
]


@pytest.mark.parametrize(("method", "path"), ID_ROUTES, ids=[f"{m} {p}" for m, p in ID_ROUTES])
@pytest.mark.parametrize("bad_id", BAD_IDS.values(), ids=BAD_IDS.keys())
def test_an_id_no_row_can_have_is_a_4xx_and_changes_nothing(
    client: TestClient, alpha: Account, staff_db: Session, method: str, path: str, bad_id: str
) -> None:
    before = snapshot(staff_db)
    body = {"message": "Hallo"} if path.endswith("replies") else {"name": "Empfang"}

    answer = client.request(
        method,
        path.format(id=bad_id),
        headers=alpha.headers(),
        json=body if method in ("PATCH", "POST") else None,
    )

    assert answer.status_code in (404, 422), answer.text
    assert answer.json()["error"]["message"]
    staff_db.expire_all()
    assert snapshot(staff_db) == before


BAD_BOT_FILTERS = ["9999999999999999999999", "-1", "0", "abc", "١٢", "9" * 5000]


@pytest.mark.parametrize("bot_id", BAD_BOT_FILTERS)
def test_a_bot_filter_no_bot_can_have_is_a_422(
    client: TestClient, alpha: Account, bot_id: str
) -> None:
    answer = client.get("/calls", params={"bot_id": bot_id}, headers=alpha.headers(write=False))
    assert answer.status_code == 422, answer.text
    assert "bot_id" in answer.json()["error"]["fields"]


BAD_CALL_QUERIES = [
    ("from", "1999-12-31"),
    ("to", "2101-01-01"),
    ("from", "yesterday"),
    ("status", "lost"),
    ("outcome", "maybe"),
    ("number", "0664 abc"),
    ("limit", "0"),
    ("limit", "101"),
    ("cursor", "x" * 101),
]


@pytest.mark.parametrize(("name", "value"), BAD_CALL_QUERIES)
def test_each_wrong_filter_of_the_call_list_is_named_in_its_422(
    client: TestClient, alpha: Account, name: str, value: str
) -> None:
    """The list's parameters are read in one model (routes.calls.CallQuery): each field's
    error still carries the parameter's own name, as a client sent it."""
    answer = client.get("/calls", params={name: value}, headers=alpha.headers(write=False))
    assert answer.status_code == 422, answer.text
    assert list(answer.json()["error"]["fields"]) == [name]
