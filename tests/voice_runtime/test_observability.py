"""What operators see of a voice runtime: /healthz, /readyz and /metrics, during and after a
real simulated call through the real server with the offline engines."""

from __future__ import annotations

import socket

import httpx
import pytest
import redis
import websockets
from prometheus_client.parser import text_string_to_metric_families
from pydantic import SecretStr
from sqlalchemy import Connection, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient

from core.settings import Settings
from models import TenantStatus
from models.database import make_engine, make_session_factory
from tests.voice_runtime.conftest import speech, wait_for_closed_call
from voice_runtime.app import create_app
from voice_runtime.call_control import LoggingCallControl
from voice_runtime.engines import EngineSet
from voice_runtime.simulated_twilio import post_voice_webhook
from voice_runtime.simulator import SimulatedCall


async def scrape(base: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of /metrics, keyed by name and labels (asked from the test's event loop,
    which also runs the server)."""
    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.get(f"{base}/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=")
    samples = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


async def test_metrics_follow_a_call_from_live_to_its_outcome(
    voice_server, live_bot, staff_db
) -> None:
    _tenant, _bot, number = live_bot()
    base = voice_server.caller.runtime_url
    question = await speech("What are your opening hours?")
    before = await scrape(base)

    async with SimulatedCall.dial(voice_server.caller, to_number=number.e164) as call:
        await call.wait_for_bot_quiet()
        await call.say(question)
        during = await scrape(base)
        sid = call.call_sid
    await wait_for_closed_call(voice_server, staff_db, sid)
    after = await scrape(base)

    assert during[("voiceagent_voice_live_calls", ())] == 1
    assert after[("voiceagent_voice_live_calls", ())] == 0
    hung_up = ("voiceagent_voice_calls_total", (("outcome", "caller_hung_up"),))
    assert after[hung_up] == before[hung_up] + 1
    for histogram in ("reply_overhead", "stt", "tts_first_audio"):
        count = (f"voiceagent_voice_{histogram}_seconds_count", ())
        assert after[count] > before[count], histogram
        total = (f"voiceagent_voice_{histogram}_seconds_sum", ())
        # A sentence this process said before (another test's) comes from the offline
        # voice's store: its first audio can take under the millisecond turns are kept in.
        if histogram != "tts_first_audio":
            assert after[total] > before[total], histogram
    # The webhook's latency, labelled by its route (the same for every call).
    webhook = (
        "voiceagent_http_request_duration_seconds_count",
        (("method", "POST"), ("route", "/twilio/voice")),
    )
    assert after[webhook] == before.get(webhook, 0) + 1


async def test_a_call_turned_away_at_the_webhook_counts_as_rejected(voice_server, live_bot) -> None:
    _tenant, _bot, number = live_bot(tenant={"status": TenantStatus.SUSPENDED})
    base = voice_server.caller.runtime_url
    rejected = ("voiceagent_voice_calls_total", (("outcome", "rejected"),))
    before = await scrape(base)
    async with httpx.AsyncClient() as http:
        twiml = await post_voice_webhook(
            voice_server.caller, to_number=number.e164, call_sid="CA" + "7e" * 16, client=http
        )
    assert "<Hangup" in twiml
    after = await scrape(base)
    assert after[rejected] == before[rejected] + 1
    assert after[("voiceagent_voice_live_calls", ())] == before[("voiceagent_voice_live_calls", ())]


async def test_a_turned_away_call_whose_first_write_failed_counts_once(
    voice_server, live_bot, connection: Connection
) -> None:
    """The webhook answers again when its database write fails; the call was counted as
    rejected once per attempt. The first INSERT of the call fails like a dropped connection."""
    _tenant, _bot, number = live_bot(tenant={"status": TenantStatus.SUSPENDED})
    rejected = ("voiceagent_voice_calls_total", (("outcome", "rejected"),))
    before = await scrape(voice_server.caller.runtime_url)
    failures = []

    def drop_the_first_call_insert(_conn, _cursor, statement: str, *_args: object) -> None:
        if statement.startswith("INSERT INTO calls") and not failures:
            failures.append(statement)
            raise OperationalError(statement, None, ConnectionError("server closed the connection"))

    event.listen(connection, "before_cursor_execute", drop_the_first_call_insert)
    try:
        async with httpx.AsyncClient() as http:
            twiml = await post_voice_webhook(
                voice_server.caller, to_number=number.e164, call_sid="CA" + "7f" * 16, client=http
            )
    finally:
        event.remove(connection, "before_cursor_execute", drop_the_first_call_insert)
    assert failures and "<Hangup" in twiml
    after = await scrape(voice_server.caller.runtime_url)
    assert after[rejected] == before[rejected] + 1


async def test_a_stream_with_a_forged_signature_counts_as_refused(voice_server) -> None:
    base = voice_server.caller.runtime_url
    refused = ("voiceagent_voice_streams_refused_total", ())
    before = (await scrape(base))[refused]
    url = base.replace("http", "ws", 1) + "/twilio/stream"
    with pytest.raises(websockets.InvalidStatus):
        async with websockets.connect(url, additional_headers={"X-Twilio-Signature": "forged"}):
            pass
    assert (await scrape(base))[refused] == before + 1


async def test_health_and_readiness_of_a_runtime_that_reaches_everything(voice_server) -> None:
    base = voice_server.caller.runtime_url
    async with httpx.AsyncClient(base_url=base, timeout=10) as client:
        health = await client.get("/healthz")
        ready = await client.get("/readyz")
    assert (health.status_code, health.json()) == (200, {"status": "ok"})
    assert (ready.status_code, ready.json()) == (200, {"status": "ready"})


def closed_port() -> int:
    """A port nobody listens on (bound, then let go)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def no_engines(*_args: object) -> EngineSet:
    raise AssertionError("no call reaches this runtime")


def runtime_client(
    settings: Settings, session_factory: sessionmaker[Session], redis_client: redis.Redis
) -> TestClient:
    app = create_app(
        settings,
        session_factory=session_factory,
        redis_client=redis_client,
        engine_factory=no_engines,
        call_control=LoggingCallControl(),
    )
    return TestClient(app)


def test_readiness_names_redis_when_it_is_down(settings, session_factory) -> None:
    down = redis.Redis(port=closed_port(), socket_connect_timeout=2)
    response = runtime_client(settings, session_factory, down).get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "problems": ["Redis is unreachable"]}
    assert runtime_client(settings, session_factory, down).get("/healthz").status_code == 200


def test_readiness_names_postgresql_when_it_is_down(settings, redis_client) -> None:
    url = f"postgresql+psycopg://nobody@127.0.0.1:{closed_port()}/voiceagent?connect_timeout=2"
    engine = make_engine(url)
    try:
        response = runtime_client(settings, make_session_factory(engine), redis_client).get(
            "/readyz"
        )
    finally:
        engine.dispose()
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "problems": ["PostgreSQL is unreachable"]}
    assert "127.0.0.1" not in response.text  # where it failed goes to the log, not the page


def test_metrics_want_the_token_when_one_is_set(settings, session_factory, redis_client) -> None:
    guarded = settings.model_copy(update={"metrics_token": SecretStr("scrape-me-0123456789")})
    client = runtime_client(guarded, session_factory, redis_client)
    assert client.get("/metrics").status_code == 403
    wrong = client.get("/metrics", headers={"Authorization": "Bearer guess"})
    assert wrong.status_code == 403
    right = client.get("/metrics", headers={"Authorization": "Bearer scrape-me-0123456789"})
    assert right.status_code == 200
    assert "voiceagent_voice_live_calls 0.0" in right.text


def test_metrics_are_off_in_production_without_a_token(
    settings, session_factory, redis_client
) -> None:
    production = settings.model_copy(
        update={"env": "production", "twilio_auth_token": SecretStr("f" * 32)}
    )
    response = runtime_client(production, session_factory, redis_client).get("/metrics")
    assert response.status_code == 403
    assert "METRICS_TOKEN" in response.json()["error"]
