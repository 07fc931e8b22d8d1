"""The API on the embedded database `make run` uses (SQLite, no row security): a token
reads its own tenant's data and nothing of another's, an access token works as its API
token does, and a wrong token is refused. The token lookup takes its SQLite form here
(services.api_tokens: nothing to narrow)."""

from __future__ import annotations

from pathlib import Path

import redis
from fastapi.testclient import TestClient

from core.settings import load_settings
from customer_ui.api import create_api
from models import Role, TokenScope
from models.database import make_engine, make_session_factory
from models.migrate import upgrade
from models.scoping import staff_session
from services.api_tokens import create_api_token
from tests.conftest import REDIS_URL
from tests.factories import Factory


def test_the_api_on_sqlite_answers_each_token_with_its_own_tenant(
    tmp_path: Path, redis_client: redis.Redis
) -> None:
    url = f"sqlite:///{tmp_path / 'embedded.db'}"
    upgrade(database_url=url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    tokens = {}
    with staff_session(factory) as session:
        make = Factory(session)
        for name in ("Café Anna", "Salon Berta"):
            tenant = make.tenant(name=name)
            make.bot(tenant, name=f"{name} line")
            admin = make.user(tenant, role=Role.CUSTOMER_ADMIN)
            issued = create_api_token(
                session=session, creator=admin, name="t", scope=TokenScope.READ
            )
            tokens[name] = issued.plain
        session.commit()
    settings = load_settings(env="test", database_url=url, redis_url=REDIS_URL)
    api = create_api(settings=settings, session_factory=factory, redis_client=redis_client)
    try:
        client = TestClient(api, raise_server_exceptions=False)
        anna = {"Authorization": f"Bearer {tokens['Café Anna']}"}
        assert [bot["name"] for bot in client.get("/bots", headers=anna).json()] == [
            "Café Anna line"
        ]
        assert client.get("/tenant", headers=anna).json()["name"] == "Café Anna"
        exchanged = client.post("/auth/token", json={"api_token": tokens["Salon Berta"]})
        berta = {"Authorization": f"Bearer {exchanged.json()['access_token']}"}
        assert [bot["name"] for bot in client.get("/bots", headers=berta).json()] == [
            "Salon Berta line"
        ]
        refused = client.get("/bots", headers={"Authorization": "Bearer va_not-a-token"})
        assert refused.status_code == 401
    finally:
        engine.dispose()
