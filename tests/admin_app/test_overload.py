"""The back office refuses overload as the portal does: a request that finds every pooled
connection taken gets 503 "busy, try again" with Retry-After after the pool's short wait,
German first, never a 500 or a stack trace. A real pool of one connection."""

from __future__ import annotations

import redis
from sqlalchemy import Connection

from admin_app import create_app
from admin_app.database import db
from core.settings import Settings
from tests.api.test_overload import ENGLISH, GERMAN


def test_a_page_finding_no_free_connection_says_busy_in_german_first(
    settings: Settings, connection: Connection, redis_client: redis.Redis
) -> None:
    app = create_app(
        settings,
        TESTING=True,
        SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 1, "max_overflow": 0, "pool_timeout": 0.1},
    )
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "1:0"  # looked up in the database on the next request
    with app.app_context():
        engine = db.engine
    try:
        with engine.connect():  # someone else holds the only connection
            page = client.get("/admin/")
        assert page.status_code == 503
        assert page.headers["Retry-After"] == "5"
        body = page.get_data(as_text=True)
        assert body.index(GERMAN) < body.index(ENGLISH)
        assert "Traceback" not in body and "QueuePool" not in body
        # The connection back: answered again (the unknown session is sent to log in).
        assert client.get("/admin/").status_code == 302
    finally:
        engine.dispose()
