"""Every request gives its database connection back, whatever it was answered: data, a
wrong token, a read-only token refused, a writer's body refused after its token was
admitted (security.writer admits early, and ends that session), a missing
row. On both databases: on PostgreSQL binding the session to the tenant starts the
transaction that holds the connection; on SQLite nothing does after the token's lookup."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from core.settings import load_settings
from customer_ui.api import create_api
from models import Role, TokenScope
from models.database import make_engine, make_session_factory
from models.migrate import upgrade
from models.scoping import staff_session
from services.api_tokens import create_api_token
from tests.conftest import REDIS_URL, scratch_database
from tests.factories import Factory


@pytest.fixture(params=["postgresql", "sqlite"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, Engine]]:
    """A database of the test's own (its data is committed) and a real pool on it."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'embedded.db'}"
        upgrade(database_url=url)
        engine = make_engine(url)
        yield url, engine
        engine.dispose()
        return
    with scratch_database("voiceagent_connections") as url:
        engine = make_engine(url)
        yield url, engine
        engine.dispose()


def test_every_answer_gives_the_requests_connection_back(
    database: tuple[str, Engine], redis_client: redis.Redis
) -> None:
    url, engine = database
    factory = make_session_factory(engine)
    with staff_session(factory) as session:
        make = Factory(session)
        tenant = make.tenant(name="Café Anna")
        make.bot(tenant, name="Anna line")
        admin = make.user(tenant, role=Role.CUSTOMER_ADMIN)
        issued = {
            scope: create_api_token(session=session, creator=admin, name="t", scope=scope).plain
            for scope in (TokenScope.READ, TokenScope.READ_WRITE)
        }
        session.commit()
    settings = load_settings(env="test", database_url=url, redis_url=REDIS_URL)
    api = create_api(settings=settings, session_factory=factory, redis_client=redis_client)
    client = TestClient(api, raise_server_exceptions=False)
    reader = {"Authorization": f"Bearer {issued[TokenScope.READ]}"}
    writer = {"Authorization": f"Bearer {issued[TokenScope.READ_WRITE]}"}

    asked = [
        (lambda: client.get("/bots", headers=reader), 200),
        (lambda: client.get("/bots", headers={"Authorization": "Bearer va_wrong"}), 401),
        (lambda: client.post("/bots", headers=reader, json={}), 403),
        (lambda: client.post("/bots", headers=writer, json={"name": ""}), 422),
        (lambda: client.post("/bots", headers=writer, json={"name": ""}), 422),  # not touched
        (lambda: client.get("/bots/987654", headers=reader), 404),
    ]
    for ask, expected in asked:
        answer = ask()
        assert answer.status_code == expected, answer.text
        # Checked right away: a forgotten session would go back only with the garbage.
        assert engine.pool.checkedout() == 0, answer.request.url  # type: ignore[attr-defined]
