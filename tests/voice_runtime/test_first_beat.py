"""The webhook's slot and row are a call's first heartbeat (voice_runtime/call_journal.py):
the stream's token carries when they were taken, and the journal beats first a heartbeat
after that, not again as the stream starts."""

from __future__ import annotations

import time

import httpx
import pytest

from core.tokens import TokenSigner
from voice_runtime.call_journal import last_beat
from voice_runtime.simulated_twilio import parse_twiml, post_voice_webhook
from voice_runtime.stream_tokens import PURPOSE, StreamGrant, StreamTokens

NOW, MONOTONIC = 1_800_000_000.0, 500.0


@pytest.mark.parametrize(
    ("beat_at", "expected"),
    [
        (NOW - 1.5, MONOTONIC - 1.5),  # the stream began 1.5 s after the webhook
        (NOW, MONOTONIC),
        (NOW - 10.0, float("-inf")),  # a heartbeat ago or more: beat at once
        (NOW - 59.0, float("-inf")),
        (NOW + 0.2, float("-inf")),  # another machine's clock ahead of ours
        (None, float("-inf")),  # a token without it
    ],
)
def test_the_last_beat_is_the_webhooks_while_it_is_less_than_a_heartbeat_ago(
    beat_at: float | None, expected: float
) -> None:
    assert last_beat(beat_at, 10.0, now=NOW, monotonic=MONOTONIC) == expected


async def test_the_stream_token_carries_when_the_webhook_took_the_slot(
    voice_server, live_bot
) -> None:
    _tenant, _bot, number = live_bot()
    call_sid = "CA" + "5" * 32
    before = time.time()
    async with httpx.AsyncClient() as http:
        twiml = await post_voice_webhook(
            voice_server.caller, to_number=number.e164, call_sid=call_sid, client=http
        )
    _url, parameters = parse_twiml(twiml)
    grant = voice_server.runtime.tokens.redeem(parameters["token"], call_sid=call_sid)
    assert grant.beat_at is not None
    assert before - 0.001 <= grant.beat_at <= time.time()


def test_a_token_without_the_moment_grants_the_call_with_none(settings, redis_client) -> None:
    """A token issued before tokens carried the moment (a runtime mid-deploy): the journal
    then beats at the stream's start, as it always did."""
    signer = TokenSigner.from_settings(settings)
    old = signer.sign(PURPOSE, {"c": 7, "s": "CA" + "6" * 32, "t": 3, "b": 4, "n": "nonce-6"})
    grant = StreamTokens(signer, redis_client).redeem(old, call_sid="CA" + "6" * 32)
    assert grant == StreamGrant(call_id=7, call_sid="CA" + "6" * 32, tenant_id=3, bot_id=4)
    assert grant.beat_at is None
