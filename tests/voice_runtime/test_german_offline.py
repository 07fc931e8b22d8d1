"""An offline German bot hears nothing (integrations/speech/no_recognition.py): a question
gets the plain statement that spoken questions are not understood and the keypad's 0; an
acknowledgement gets nothing. Through the real runtime with the production engines, the
caller spoken by espeak-ng's German voice."""

from __future__ import annotations

import time

from integrations.dialogue.phrases import phrase
from models import BotLanguage, Speaker
from tests.voice_runtime.conftest import speech, wait_for_closed_call
from voice_runtime.simulator import SimulatedCall

FAQ = [{"question": "Wann habt ihr offen?", "answer": "Wir haben Montag bis Freitag offen."}]


async def test_a_question_is_told_it_cannot_be_understood_and_an_ok_gets_nothing(
    voice_server, live_bot, staff_db
) -> None:
    _tenant, _bot, number = live_bot(language=BotLanguage.DE_AT, greeting="Grüß Gott.", faq=FAQ)
    async with SimulatedCall.dial(voice_server.caller, to_number=number.e164) as call:
        await call.wait_for_bot_quiet()
        first = await call.say(await speech("Wann habt ihr am Samstag offen?", "de-AT"))
        await call.speak(await speech("ja", "de-AT"))
        second = await call.say(await speech("Habt ihr auch am Sonntag offen?", "de-AT"))
        await call.press("0")
        await call.wait_for_bot_audio(after=time.monotonic())
        sid = call.call_sid

    assert first.latency_ms is not None and second.latency_ms is not None
    row = await wait_for_closed_call(voice_server, staff_db, sid)
    cannot_hear = phrase("cannot_hear", "de-AT")
    assert "Null" in cannot_hear
    # Nothing between the two questions' answers: the "ja" got no reply.
    assert [t.text for t in row.turns if t.speaker == Speaker.BOT][1:] == [
        cannot_hear,
        cannot_hear,
        phrase("handover", "de-AT"),  # the key 0 puts the caller through
    ]
    assert [t.text for t in row.turns if t.speaker == Speaker.CALLER] == ["[0]"]
