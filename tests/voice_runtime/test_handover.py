"""Hand-over to a human through Twilio: the real twilio SDK, pointed at the local stand-in for
api.twilio.com (cli/local_twilio.py), which checks and records the call update it receives."""

from __future__ import annotations

import asyncio
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from pydantic import SecretStr

from cli.local_twilio import LocalTwilio, running
from integrations.dialogue.phrases import phrase
from models import CallOutcome
from tests.voice_runtime.conftest import speech, wait_for_closed_call
from voice_runtime.engines import null_engines
from voice_runtime.simulator import SimulatedCall

ACCOUNT_SID = "AC" + "5" * 32
AUTH_TOKEN = "local-twilio-auth-token-0000"  # noqa: S105
HANDOVER_NUMBER = "+43155500999"


@pytest.fixture
def local_twilio() -> Iterator[LocalTwilio]:
    with running(LocalTwilio(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN)) as twilio:
        yield twilio


@pytest.fixture
def settings_overrides(local_twilio: LocalTwilio) -> dict[str, Any]:
    return {
        "twilio_account_sid": ACCOUNT_SID,
        "twilio_auth_token": SecretStr(AUTH_TOKEN),
        "twilio_api_base_url": local_twilio.url,
    }


@pytest.fixture
def call_control() -> None:
    return None  # the runtime's own: TwilioCallControl, from the settings above


@pytest.fixture
def engine_factory():
    return null_engines(["I would like to talk to a person please", "goodbye"])


async def test_asking_for_a_person_dials_the_handover_number(
    voice_server, live_bot, staff_db, local_twilio
) -> None:
    _tenant, _bot, number = live_bot(handover_number=HANDOVER_NUMBER)
    async with SimulatedCall.dial(voice_server.caller, to_number=number.e164) as call:
        await call.wait_for_bot_quiet()
        await call.speak(await speech("I would like to talk to a person."))
        await asyncio.wait_for(call.closed.wait(), timeout=10)
        sid = call.call_sid

    row = await wait_for_closed_call(voice_server, staff_db, sid)
    assert row.outcome == CallOutcome.HANDED_OVER
    assert "putting you through" in row.turns[-1].text
    (update,) = local_twilio.call_updates
    assert update["call_sid"] == sid
    twiml = ET.fromstring(update["Twiml"])  # noqa: S314
    dial = twiml.find("Dial")
    assert dial is not None and dial.text == HANDOVER_NUMBER
    assert twiml.find("Say") is None  # the bot said its line already, over the stream


async def test_a_refused_handover_offers_to_take_a_message(
    voice_server, live_bot, staff_db, local_twilio, caplog
) -> None:
    local_twilio.refuse_call_updates = True  # e.g. the call ended at Twilio's end meanwhile
    _tenant, _bot, number = live_bot(handover_number=HANDOVER_NUMBER)
    replies = voice_server.metrics.tts_first_audio  # one more for each reply that ended
    async with SimulatedCall.dial(voice_server.caller, to_number=number.e164) as call:
        await call.wait_for_bot_quiet()
        # The greeting counts once the runtime has its final mark, which on a busy machine
        # comes after the caller has heard it end: counted too late, it passed for the
        # hand-over's first reply and the caller hung up before the offer.
        deadline = time.monotonic() + 15
        while replies.total < 1 and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        assert replies.total == 1, "the greeting was not recorded"
        before = replies.total
        await call.press("0")
        # Two replies: "One moment please, I am putting you through …", then, as Twilio
        # refuses the transfer however long that takes, the offer to take a message. They may
        # follow each other without a pause (a sentence said before comes from the voice's
        # store at once), so they are counted as the runtime ends them, not by the quiet
        # between them.
        deadline = time.monotonic() + 15
        while replies.total < before + 2 and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        assert replies.total >= before + 2, "the offer to take a message never came"
        await call.wait_for_bot_quiet()
        assert not call.closed.is_set()
        sid = call.call_sid

    row = await wait_for_closed_call(voice_server, staff_db, sid)
    assert len(local_twilio.call_updates) == 1
    assert row.outcome == CallOutcome.CALLER_HUNG_UP
    texts = [t.text for t in row.turns]
    assert "One moment please, I am putting you through to a colleague." in texts
    assert texts[-1] == phrase("offer_message", "en-US")  # nobody answered: a message then
    assert "refused by Twilio: HTTP 400, code 21220" in caplog.text
    assert AUTH_TOKEN not in caplog.text


async def test_a_call_in_the_tenants_own_account_is_handed_over_through_it(
    voice_server, live_bot, staff_db, make, local_twilio
) -> None:
    tenant, _bot, number = live_bot(handover_number=HANDOVER_NUMBER)
    own_sid, own_token = "AC" + "7" * 32, "tenant-own-twilio-token-5678"
    local_twilio.accounts[own_sid] = own_token
    number.provider_account = own_sid
    make.twilio_account(tenant, own_sid, own_token, settings=voice_server.settings)
    staff_db.commit()
    tenants_twilio = replace(voice_server.caller, account_sid=own_sid, auth_token=own_token)

    async with SimulatedCall.dial(tenants_twilio, to_number=number.e164) as call:
        await call.wait_for_bot_quiet()
        await call.speak(await speech("I would like to talk to a person."))
        await asyncio.wait_for(call.closed.wait(), timeout=10)

    (update,) = local_twilio.call_updates
    assert update["call_sid"] == call.call_sid
    assert [r["account"] for r in local_twilio.requests] == [own_sid]
