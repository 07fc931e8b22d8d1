"""Bad input on one call never hurts another, and many calls run side by side."""

from __future__ import annotations

import asyncio
import json
import re

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from sqlalchemy import select

from integrations.dialogue.phrases import opening
from models import Call, Speaker, UsageEvent, UsageKind
from tests.voice_runtime.conftest import speech
from voice_runtime.engines import null_engines
from voice_runtime.simulator import SimulatedCall

EVENTS = ["connected", "start", "media", "dtmf", "mark", "stop", "clear", "nonsense", ""]
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
twilio_like = st.fixed_dictionaries(
    {"event": st.sampled_from(EVENTS)},
    optional={
        "media": st.fixed_dictionaries(
            {},
            optional={
                "payload": st.text(max_size=400) | st.binary(max_size=300).map(lambda b: b.hex()),
                "chunk": json_values,
                "timestamp": json_values,
                "track": json_values,
            },
        )
        | json_values,
        "start": json_values,
        "mark": st.fixed_dictionaries({"name": json_values}) | json_values,
        "dtmf": st.fixed_dictionaries({"digit": st.sampled_from(["1", "#", "", "12", None])})
        | json_values,
        "streamSid": json_values,
        "sequenceNumber": json_values,
    },
).map(json.dumps)
malformed_messages = st.one_of(
    twilio_like,
    json_values.map(json.dumps),
    st.text(max_size=200),
    st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
)


def generate_malformed(count: int) -> list[str]:
    collected: list[str] = []

    @hypothesis_settings(
        max_examples=count,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(malformed_messages)
    def collect(message: str) -> None:
        # "stop" would end the bad call normally; the point is that it keeps going.
        if '"event": "stop"' not in message:
            collected.append(message)

    collect()
    return collected


@pytest.fixture
def engine_factory():
    return null_engines()


async def test_malformed_messages_do_not_disturb_another_call(
    voice_server, live_bot, staff_db
) -> None:
    _tenant, _bot, number = live_bot(tenant={"max_concurrent_calls": 2})
    question = await speech("What are your opening hours?")
    messages = generate_malformed(400)

    async def bad_call() -> str:
        async with SimulatedCall.dial(voice_server.caller, to_number=number.e164) as call:
            for message in messages:
                await call.send_raw(message)
                await asyncio.sleep(0.002)
            return call.call_sid

    async def good_call() -> tuple[str, float | None]:
        async with SimulatedCall.dial(voice_server.caller, to_number=number.e164) as call:
            await call.wait_for_bot_quiet()
            turn = await call.say(question)
            return call.call_sid, turn.latency_ms

    bad_sid, (good_sid, latency) = await asyncio.gather(bad_call(), good_call())

    assert latency is not None
    assert voice_server.metrics.malformed_messages > 0
    for _ in range(200):
        if voice_server.metrics.calls_closed >= 2:
            break
        await asyncio.sleep(0.025)
    staff_db.expire_all()
    good = staff_db.scalars(select(Call).where(Call.provider_call_sid == good_sid)).one()
    assert [t.speaker for t in good.turns][:3] == [Speaker.BOT, Speaker.CALLER, Speaker.BOT]
    assert "nine to five" in good.turns[2].text
    bad = staff_db.scalars(select(Call).where(Call.provider_call_sid == bad_sid)).one()
    assert bad.ended_at is not None
    usage = staff_db.scalars(
        select(UsageEvent).where(
            UsageEvent.call_id == bad.id, UsageEvent.kind == UsageKind.CALL_SECONDS
        )
    ).all()
    assert len(usage) == 1


async def test_twenty_concurrent_calls_keep_their_own_transcripts(
    voice_server, live_bot, staff_db
) -> None:
    numbers = []
    for index in range(20):
        faq = [
            {
                "question": "What are your opening hours?",
                "answer": f"Shop {index} opens at {index}.",
            }
        ]
        _tenant, _bot, number = live_bot(name=f"Shop {index}", faq=faq, greeting=f"Shop {index}.")
        numbers.append(number.e164)
    question = await speech("What are your opening hours?")

    async def one_call(number: str) -> str:
        async with SimulatedCall.dial(voice_server.caller, to_number=number) as call:
            await call.wait_for_bot_quiet()
            turn = await call.say(question)
            assert turn.latency_ms is not None
            return call.call_sid

    sids = await asyncio.gather(*(one_call(number) for number in numbers))

    for _ in range(400):
        if voice_server.metrics.calls_closed >= 20:
            break
        await asyncio.sleep(0.025)
    staff_db.expire_all()
    for index, sid in enumerate(sids):
        call = staff_db.scalars(select(Call).where(Call.provider_call_sid == sid)).one()
        texts = [t.text for t in call.turns]
        assert texts[0] == opening(f"Shop {index}.", "en-US")
        assert f"Shop {index} opens at {index}." in texts
        assert set(re.findall(r"Shop (\d+)", " ".join(texts))) == {str(index)}
