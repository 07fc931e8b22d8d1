"""What a call leaves in the logs (issue 19): no secret, no caller's number, no word said.

A whole call through the real runtime on the cloud engines (each a local server), with every
logger at DEBUG, so the libraries' own debug lines (SQL, HTTP, websocket frames) count too,
and the redacting filter that `configure_logging` puts on every handler.
"""

from __future__ import annotations

import logging
from dataclasses import replace

import pytest

from core.logging import RedactingFilter
from models import BotLanguage, Speaker
from tests.integrations.cloud.local_cloud import ELEVENLABS_KEY, GOOGLE_KEY, OPENAI_KEY
from tests.voice_runtime.conftest import speech, wait_for_closed_call
from tests.voice_runtime.test_cloud_engines import (
    CLOUD,
    settings_overrides,
    store_keys,
)
from voice_runtime.simulator import SimulatedCall

__all__ = ["settings_overrides"]  # the cloud engines' local servers

CALLER = "+436609871234"
SAID = "Habt ihr am Samstag offen? Hier spricht Frau Gruber."
ANSWER = ["Am Samstag ", "haben wir ", "von neun bis zwölf offen."]


async def test_a_whole_call_logs_no_secret_number_or_words(
    voice_server, live_bot, staff_db, local_cloud, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.handler.addFilter(RedactingFilter())
    tenant, _bot, number = live_bot(
        language=BotLanguage.DE_AT,
        greeting="Grüß Gott, hier ist der Salon Anna.",
        faq=[{"question": "Wann habt ihr offen?", "answer": "Montag bis Freitag, neun bis fünf."}],
        **CLOUD,
    )
    store_keys(voice_server, staff_db, tenant)
    local_cloud.transcript = SAID
    local_cloud.answer_chunks = ANSWER

    caller = replace(voice_server.caller, from_number=CALLER)
    async with SimulatedCall.dial(caller, to_number=number.e164) as call:
        await call.wait_for_bot_quiet()
        await call.say(await speech("Habt ihr am Samstag offen?", "de-AT"))
        sid = call.call_sid
    row = await wait_for_closed_call(voice_server, staff_db, sid)

    # The call happened as a customer's would: the number and the words are in the database.
    assert row.from_number == CALLER
    assert [(t.speaker, t.text) for t in row.turns[1:]] == [
        (Speaker.CALLER, SAID),
        (Speaker.BOT, "".join(ANSWER)),
    ]
    logged = caplog.text
    assert "call" in logged.lower()  # the runtime did log, at every level
    secrets = {
        "Google key": GOOGLE_KEY,
        "ElevenLabs key": ELEVENLABS_KEY,
        "OpenAI key": OPENAI_KEY,
        "Twilio auth token": caller.auth_token,
        "secret key": voice_server.settings.secret_key.get_secret_value(),
    }
    for name, secret in secrets.items():
        assert secret not in logged, name
    for shape in (CALLER, CALLER.removeprefix("+"), "6609871234"):
        assert shape not in logged, f"the caller's number, as {shape}"
    for words in ("Samstag", "Gruber", "zwölf"):
        assert words not in logged, f"what was said: {words}"
