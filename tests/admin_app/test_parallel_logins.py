"""Many wrong passwords at once against the real back office over HTTP.

The app serves from a thread per request on its own committed database, as in production:
issue 10 found that 20 parallel wrong POSTs were all checked (401) against a limit of 5,
because the throttle counted after checking.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import httpx
import pytest
import redis

from admin_app import create_app
from admin_app.database import db
from core.settings import Settings
from models import Role
from models.database import make_engine, make_session_factory
from models.scoping import staff_session
from services.accounts import NewAccount, create_staff_user
from services.login_throttle import MAX_FAILURES
from tests.admin_app.conftest import CSRF_INPUT, serving
from tests.conftest import scratch_database

STAFF = NewAccount(email="ops@voiceagent.example", name="Olga Ops", password="richtig-und-lang")
GUESSES = 20


@pytest.fixture
def base_url(settings: Settings, redis_client: redis.Redis) -> Iterator[str]:
    with scratch_database("voiceagent_logins") as url:
        engine = make_engine(url)
        with staff_session(make_session_factory(engine)) as session, session.begin():
            create_staff_user(session=session, account=STAFF, role=Role.SUPPORT)
        app = create_app(settings.model_copy(update={"database_url": url}))
        try:
            with serving(app, threaded=True) as served:
                yield served
        finally:
            engine.dispose()
            with app.app_context():
                db.engine.dispose()


def test_parallel_wrong_passwords_check_at_most_the_limit(base_url: str) -> None:
    clients = [httpx.Client(base_url=base_url, timeout=120) for _ in range(GUESSES)]
    tokens = [CSRF_INPUT.search(c.get("/login").text).group(1) for c in clients]
    start = threading.Barrier(GUESSES)
    statuses: list[int] = []

    def guess(client: httpx.Client, token: str) -> None:
        data = {"csrf_token": token, "email": STAFF.email, "password": "falsch-geraten"}
        start.wait()
        statuses.append(client.post("/login", data=data).status_code)

    threads = [
        threading.Thread(target=guess, args=pair) for pair in zip(clients, tokens, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for client in clients:
        client.close()

    # Each 401 is one password checked; the rest were refused before any checking.
    assert sorted(statuses) == [401] * MAX_FAILURES + [429] * (GUESSES - MAX_FAILURES)
    # And the right password, now, is refused too: the account is locked.
    with httpx.Client(base_url=base_url) as client:
        token = CSRF_INPUT.search(client.get("/login").text).group(1)
        data = {"csrf_token": token, "email": STAFF.email, "password": STAFF.password}
        assert client.post("/login", data=data).status_code == 429
