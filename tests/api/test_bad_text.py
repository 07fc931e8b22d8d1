"""Text the database cannot store or no keyboard types is a 422 naming the field, through the
API as through the portal's forms: the rule is the services' (services/text_input.py)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import Bot, SupportTicket
from tests.api.conftest import Account
from tests.api.test_auth_and_errors import assert_error
from tests.factories import Factory

LONE_SURROGATE = '"Emp\\ud800fang"'  # as JSON: the escape a client's encoder writes
ESCAPE = '"Emp\\u001bfang"'


def _post(
    client: TestClient, account: Account, path: str, fields: dict[str, str], method: str = "POST"
):  # noqa: ANN202
    body = "{" + ", ".join(f'"{name}": {value}' for name, value in fields.items()) + "}"
    return client.request(
        method,
        path,
        content=body.encode(),
        headers={**account.headers(), "Content-Type": "application/json"},
    )


@pytest.mark.parametrize("bad", [LONE_SURROGATE, ESCAPE], ids=["lone surrogate", "control"])
@pytest.mark.parametrize("field", ["name", "greeting", "instructions"])
def test_a_new_bot_with_bad_text_is_a_field_error(
    client: TestClient, alpha: Account, staff_db: Session, field: str, bad: str
) -> None:
    fields = {"name": '"Empfang"', field: bad}
    error = assert_error(_post(client, alpha, "/bots", fields), 422, "invalid")
    assert field in error["fields"]
    assert not staff_db.scalar(
        select(func.count()).select_from(Bot).where(Bot.tenant_id == alpha.tenant.id)
    )


def test_a_bad_faq_answer_is_a_field_error(
    client: TestClient, alpha: Account, make: Factory, staff_db: Session
) -> None:
    bot = make.bot(alpha.tenant, greeting="Servus!")
    staff_db.commit()
    body = {"faq": f'[{{"question": "Wo?", "answer": {LONE_SURROGATE}}}]'}
    error = assert_error(_post(client, alpha, f"/bots/{bot.id}", body, "PATCH"), 422, "invalid")
    assert any(name.startswith("faq") for name in error["fields"])
    staff_db.expire_all()
    assert staff_db.get(Bot, bot.id).faq == []


@pytest.mark.parametrize("bad", [LONE_SURROGATE, ESCAPE], ids=["lone surrogate", "control"])
@pytest.mark.parametrize("field", ["subject", "message"])
def test_a_ticket_with_bad_text_is_a_field_error(
    client: TestClient, alpha: Account, staff_db: Session, field: str, bad: str
) -> None:
    fields = {"subject": '"Frage"', "message": '"Hallo"', field: bad}
    error = assert_error(_post(client, alpha, "/tickets", fields), 422, "invalid")
    assert list(error["fields"]) == [field]
    assert not staff_db.scalar(
        select(func.count())
        .select_from(SupportTicket)
        .where(SupportTicket.tenant_id == alpha.tenant.id)
    )
