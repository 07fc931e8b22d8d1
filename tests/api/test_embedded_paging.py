"""The API on the embedded database (`make run` uses SQLite, which keeps its times without a
zone; models.base.Moment): each page's next_cursor leads to the next page, and every time
the API writes says UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
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

FIRST = datetime(2026, 12, 4, 9, 30, tzinfo=UTC)


def test_the_call_list_pages_by_its_cursor_on_sqlite(
    tmp_path: Path, redis_client: redis.Redis
) -> None:
    url = f"sqlite:///{tmp_path / 'embedded.db'}"
    upgrade(database_url=url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    with staff_session(factory) as session:
        make = Factory(session)
        tenant = make.tenant(name="Café Anna")
        bot = make.bot(tenant, name="Anna line")
        calls = [make.call(tenant, bot, started_at=FIRST + timedelta(hours=n)) for n in range(3)]
        admin = make.user(tenant, role=Role.CUSTOMER_ADMIN)
        token = create_api_token(session=session, creator=admin, name="t", scope=TokenScope.READ)
        session.commit()
        newest_first = [call.id for call in reversed(calls)]
    settings = load_settings(env="test", database_url=url, redis_url=REDIS_URL)
    api = create_api(settings=settings, session_factory=factory, redis_client=redis_client)
    client = TestClient(api, raise_server_exceptions=False)
    headers = {"Authorization": f"Bearer {token.plain}"}

    seen, params = [], {"limit": 1}
    for _ in range(3):
        answer = client.get("/calls", params=params, headers=headers)
        assert answer.status_code == 200, answer.text
        page = answer.json()
        seen += [item["id"] for item in page["items"]]
        assert all(item["started_at"].endswith(("Z", "+00:00")) for item in page["items"])
        params = {"limit": 1, "cursor": page["next_cursor"]}
    detail = client.get(f"/calls/{calls[0].id}", headers=headers).json()
    bots = client.get("/bots", headers=headers).json()
    engine.dispose()
    assert seen == newest_first
    assert page["next_cursor"] is None
    times = [detail["started_at"], bots[0]["created_at"], bots[0]["updated_at"]]
    assert all(time.endswith(("Z", "+00:00")) for time in times), times
