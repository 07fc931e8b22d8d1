"""PostgreSQL restarted in the middle of a call (a throwaway server of the test's own): the
call goes on and its records are written once the database is back; the portal (a real
process) and the back office answer 503 with a plain message, German first, during the
outage — no stack trace — and serve again afterwards without a restart."""

from __future__ import annotations

import sys
from pathlib import Path

import httpx
from sqlalchemy import Engine

from admin_app import create_app as create_admin_app
from core.settings import Settings, load_settings
from core.tokens import TokenSigner
from models import (
    CallOutcome,
    Role,
    Speaker,
    TokenScope,
    UsageKind,
    User,
)
from models.database import make_session_factory
from models.scoping import staff_session, tenant_session
from services.api_tokens import create_api_token
from services.password_reset import PURPOSE
from services.staff_sessions import session_token
from tests.conftest import REDIS_URL
from tests.factories import Factory
from tests.faults.conftest import answering_bot, process_env, read_call, until, until_closed
from tests.faults.throwaway_postgres import ThrowawayPostgres
from tests.faults.voice_process import ServerProcess, VoiceProcess
from tests.voice_runtime.conftest import speech
from voice_runtime.signatures import DEV_TWILIO_AUTH_TOKEN
from voice_runtime.simulated_twilio import CallerConfig
from voice_runtime.simulator import SimulatedCall

VOICEAGENT = Path(sys.executable).with_name("voiceagent")
GERMAN = "VoiceAgent ist kurz nicht erreichbar. Bitte versuchen Sie es in einer Minute noch einmal."
ENGLISH = "VoiceAgent is unavailable for a moment. Please try again in a minute."


def staff_cookie(settings: Settings, staff: User) -> dict[str, str]:
    """The back office's session cookie for `staff`, as its login sets it (signed with the
    secret key the back-office process shares), so the test skips argon2 and the form."""
    app = create_admin_app(settings)
    serializer = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]
    assert serializer is not None
    value = serializer.dumps({"_user_id": session_token(staff), "_fresh": True})
    return {app.config["SESSION_COOKIE_NAME"]: value}


def start_server(front_door: str, env: dict[str, str], log_path: Path) -> ServerProcess:
    """`voiceagent portal` or `voiceagent admin`, a real process, on a free port."""
    command = [str(VOICEAGENT), front_door, "--host", "127.0.0.1", "--port"]
    return ServerProcess(command, env, log_path)


def plain(body: str) -> None:
    for internal in ("Traceback", "psycopg", "sqlalchemy", "OperationalError", "127.0.0.1"):
        assert internal not in body


async def test_the_call_goes_on_and_the_front_doors_say_so_while_postgres_restarts(
    postgres: ThrowawayPostgres,
    reader: Engine,
    redis_client,
    voice_processes,
    tmp_path: Path,
) -> None:
    factory = make_session_factory(reader)
    with staff_session(factory) as db:
        make = Factory(db)
        tenant, number = answering_bot(make)
        customer = make.user(tenant, role=Role.CUSTOMER_ADMIN)
        staff = make.user(None, role=Role.PLATFORM_ADMIN, locale="de-AT")
        db.commit()
    with tenant_session(factory, tenant.id) as db:
        creator = db.get(type(customer), customer.id)
        api_token = create_api_token(
            session=db, creator=creator, name="outage", scope=TokenScope.READ
        ).plain
        db.commit()

    env = process_env(DATABASE_URL=postgres.url)
    runtime = VoiceProcess(env, tmp_path / "voice.log")
    portal = start_server("portal", env, tmp_path / "portal.log")
    office = start_server("admin", env, tmp_path / "admin.log")
    voice_processes += [runtime, portal, office]
    for process in (runtime, portal, office):
        process.wait_until_serving()
    settings = load_settings(env="test", database_url=postgres.url, redis_url=REDIS_URL)
    admin = httpx.AsyncClient(
        base_url=office.url, cookies=staff_cookie(settings, staff), timeout=10
    )
    signer = TokenSigner.from_settings(settings)
    reset_link = "/reset-password/" + signer.sign(PURPOSE, {"u": customer.id, "f": "x"})
    api = {"Authorization": f"Bearer {api_token}"}
    question = await speech("What are your opening hours?")
    caller = CallerConfig(runtime.url, runtime.url, DEV_TWILIO_AUTH_TOKEN)

    async with (
        httpx.AsyncClient(base_url=portal.url, timeout=10) as http,
        SimulatedCall.dial(caller, to_number=number) as call,
    ):
        sid = call.call_sid
        await call.wait_for_bot_quiet()
        await until(lambda: read_call(factory, sid)[1], "the greeting to be stored")

        postgres.stop()
        # The call goes on: the caller asks, the bot answers.
        turn = await call.say(question)
        assert turn.latency_ms is not None, "the bot went quiet while the database was away"
        page = await http.get(reset_link)
        assert page.status_code == 503
        assert page.text.index(GERMAN) < page.text.index(ENGLISH)
        plain(page.text)
        answer = await http.get("/api/v1/calls", headers=api)
        assert answer.status_code == 503
        assert answer.json()["error"]["message"] == ENGLISH
        plain(answer.text)
        answer = await admin.get("/admin/")
        body = answer.text
        assert answer.status_code == 503 and GERMAN in body and ENGLISH in body
        plain(body)
        # Answered, not crashed: one plain line per request in the portal's log, and no
        # traceback (the API's handler once answered, then let the error reach the server).
        portal_log = (tmp_path / "portal.log").read_text()
        assert "the database cannot be reached" in portal_log
        assert "Traceback" not in portal_log

        postgres.start()
        await call.say(question)
        # Stored while the call still goes on: greeting, two questions, two answers.
        turns = await until(
            lambda: (found := read_call(factory, sid)[1]) and len(found) >= 5 and found,
            "the turns spoken during the outage to be stored",
        )
        assert [t.speaker for t in turns] == [Speaker.BOT] + [Speaker.CALLER, Speaker.BOT] * 2

        # The front doors serve again, without a restart.
        assert (await http.get("/api/v1/calls", headers=api)).status_code == 200
        assert (await http.get(reset_link)).status_code == 200
        assert (await admin.get("/admin/")).status_code == 200
    await admin.aclose()

    row, turns, usage = await until_closed(factory, sid)
    assert row.outcome == CallOutcome.CALLER_HUNG_UP
    assert len(turns) == 5
    assert [u.kind for u in usage].count(UsageKind.CALL_SECONDS) == 1
