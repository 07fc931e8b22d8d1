"""The API on the embedded database `make run` uses (SQLite, no row security, times kept
without a zone; models.base.Moment): a token reads its own tenant's data and nothing of
another's, an access token works as its API token does, a wrong token is refused, a call
list's next_cursor leads to the next page and every time the API writes says UTC. The token
lookup takes its SQLite form here (services.api_tokens: nothing to narrow)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import redis
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from core.settings import load_settings
from customer_ui.api import create_api
from models import Role, Tenant, TokenScope
from models.database import make_engine, make_session_factory
from models.migrate import upgrade
from models.scoping import staff_session
from services.api_tokens import create_api_token
from tests.conftest import REDIS_URL
from tests.factories import Factory

FIRST_CALL = datetime(2026, 12, 4, 9, 30, tzinfo=UTC)


class Embedded:
    """A migrated SQLite database of the test's own and the API on it."""

    def __init__(self, factory: sessionmaker[Session], client: TestClient) -> None:
        self.factory, self.client = factory, client

    def read_token(self, make: Factory, tenant: Tenant) -> str:
        admin = make.user(tenant, role=Role.CUSTOMER_ADMIN)
        issued = create_api_token(
            session=make.session, creator=admin, name="t", scope=TokenScope.READ
        )
        return issued.plain


@pytest.fixture
def embedded(tmp_path: Path, redis_client: redis.Redis) -> Iterator[Embedded]:
    url = f"sqlite:///{tmp_path / 'embedded.db'}"
    upgrade(database_url=url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    settings = load_settings(env="test", database_url=url, redis_url=REDIS_URL)
    api = create_api(settings=settings, session_factory=factory, redis_client=redis_client)
    yield Embedded(factory, TestClient(api, raise_server_exceptions=False))
    engine.dispose()


def test_the_api_on_sqlite_answers_each_token_with_its_own_tenant(embedded: Embedded) -> None:
    tokens = {}
    with staff_session(embedded.factory) as session:
        make = Factory(session)
        for name in ("Café Anna", "Salon Berta"):
            tenant = make.tenant(name=name)
            make.bot(tenant, name=f"{name} line")
            tokens[name] = embedded.read_token(make, tenant)
        session.commit()
    client = embedded.client
    anna = {"Authorization": f"Bearer {tokens['Café Anna']}"}
    assert [bot["name"] for bot in client.get("/bots", headers=anna).json()] == ["Café Anna line"]
    assert client.get("/tenant", headers=anna).json()["name"] == "Café Anna"
    exchanged = client.post("/auth/token", json={"api_token": tokens["Salon Berta"]})
    berta = {"Authorization": f"Bearer {exchanged.json()['access_token']}"}
    assert [bot["name"] for bot in client.get("/bots", headers=berta).json()] == [
        "Salon Berta line"
    ]
    refused = client.get("/bots", headers={"Authorization": "Bearer va_not-a-token"})
    assert refused.status_code == 401


def test_the_call_list_pages_by_its_cursor_and_every_time_says_utc(embedded: Embedded) -> None:
    with staff_session(embedded.factory) as session:
        make = Factory(session)
        tenant = make.tenant(name="Café Anna")
        bot = make.bot(tenant, name="Anna line")
        calls = [
            make.call(tenant, bot, started_at=FIRST_CALL + timedelta(hours=n)) for n in range(3)
        ]
        token = embedded.read_token(make, tenant)
        session.commit()
        newest_first = [call.id for call in reversed(calls)]
    client, headers = embedded.client, {"Authorization": f"Bearer {token}"}

    seen, params = [], {"limit": 1}
    for _ in range(3):
        answer = client.get("/calls", params=params, headers=headers)
        assert answer.status_code == 200, answer.text
        page = answer.json()
        seen += [item["id"] for item in page["items"]]
        assert all(item["started_at"].endswith(("Z", "+00:00")) for item in page["items"])
        params = {"limit": 1, "cursor": page["next_cursor"]}
    assert seen == newest_first
    assert page["next_cursor"] is None
    detail = client.get(f"/calls/{calls[0].id}", headers=headers).json()
    bots = client.get("/bots", headers=headers).json()
    times = [detail["started_at"], bots[0]["created_at"], bots[0]["updated_at"]]
    assert all(time.endswith(("Z", "+00:00")) for time in times), times
