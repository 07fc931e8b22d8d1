"""Twilio (like any HTTP client) keeps its connection to the runtime open between
webhooks and sends the next call's webhook on it. A runtime that closes an idle connection
as soon as a client may still reuse it (uvicorn's default: after 5 s, httpx's own expiry)
loses that webhook unread: the caller is never answered and nothing is recorded. Here the
connection sits quiet past those 5 s, then the next call's webhook arrives on it; the call
is answered, talked, closed and billed exactly once."""

from __future__ import annotations

import asyncio
import secrets
from urllib.parse import urlencode, urlsplit

import pytest
from sqlalchemy import select

from models import Call, UsageEvent, UsageKind
from tests.voice_runtime.conftest import wait_for_closed_call
from voice_runtime.engines import EngineFactory, null_engines
from voice_runtime.signatures import STATUS_PATH, VOICE_PATH, SignatureChecker
from voice_runtime.simulated_twilio import CallerConfig, parse_twiml
from voice_runtime.simulator import SimulatedCall

CLIENT_KEEP_ALIVE_SECONDS = 5.0  # httpx's keep-alive expiry, uvicorn's default timeout


@pytest.fixture
def engine_factory() -> EngineFactory:
    return null_engines()  # the greeting is a tone: the call is about its records


def signed_post(caller: CallerConfig, path: str, params: dict[str, str]) -> bytes:
    body = urlencode(params)
    signature = SignatureChecker(caller.auth_token).sign(caller.public_base_url + path, params)
    return (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"X-Twilio-Signature: {signature}\r\nContent-Length: {len(body)}\r\n\r\n{body}"
    ).encode()


async def answer(reader: asyncio.StreamReader) -> tuple[int, str]:
    """One HTTP response off the kept-alive connection: its status and body."""
    head = (await reader.readuntil(b"\r\n\r\n")).decode()
    lines = head.split("\r\n")
    lengths = [
        int(line.split(":", 1)[1]) for line in lines if line.lower().startswith("content-length")
    ]
    length = lengths[0] if lengths else 0
    return int(lines[0].split()[1]), (await reader.readexactly(length)).decode()


async def test_a_webhook_on_a_connection_kept_alive_is_answered_and_billed_once(
    voice_server, live_bot, staff_db
) -> None:
    _tenant, _bot, number = live_bot()
    caller = voice_server.caller
    address = urlsplit(caller.runtime_url)
    reader, writer = await asyncio.open_connection(address.hostname, address.port)
    try:
        # The last call's status callback (one nobody here knows) leaves the line idle.
        ended = {"CallSid": "CA" + "0" * 32, "CallStatus": "completed", "CallDuration": "9"}
        writer.write(signed_post(caller, STATUS_PATH, ended))
        assert (await answer(reader))[0] == 204
        await asyncio.sleep(CLIENT_KEEP_ALIVE_SECONDS + 0.5)

        sid = "CA" + secrets.token_hex(16)  # Redis remembers a SID's stream for a day
        dialled = {
            "CallSid": sid, "AccountSid": caller.account_sid, "From": caller.from_number,
            "To": number.e164, "CallStatus": "ringing", "Direction": "inbound",
        }  # fmt: skip
        writer.write(signed_post(caller, VOICE_PATH, dialled))
        status, twiml = await asyncio.wait_for(answer(reader), timeout=10)
    finally:
        writer.close()
    assert status == 200 and "<Connect" in twiml

    url, parameters = parse_twiml(twiml)
    async with SimulatedCall.open_stream(caller, url, parameters, call_sid=sid) as call:
        await call.wait_for_bot_quiet()
    row = await wait_for_closed_call(voice_server, staff_db, sid)
    assert staff_db.scalars(select(Call.id).where(Call.provider_call_sid == sid)).all() == [row.id]
    billed = staff_db.scalars(
        select(UsageEvent.quantity).where(
            UsageEvent.call_id == row.id, UsageEvent.kind == UsageKind.CALL_SECONDS
        )
    ).all()
    assert len(billed) == 1 and billed[0] >= 1
