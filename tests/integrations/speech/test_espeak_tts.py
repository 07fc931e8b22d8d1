"""The offline voice keeps what it said: a sentence said again, or by several calls at once,
is made by espeak-ng once, with the same bytes a new run gives."""

from __future__ import annotations

import asyncio
import shutil
import uuid

from integrations.speech.espeak_tts import EspeakSynthesizer, _espeak


async def test_a_sentence_said_by_many_calls_at_once_is_made_once() -> None:
    sentence = f"Wir freuen uns auf Sie, Nummer {uuid.uuid4().int % 1000}!"
    calls = [EspeakSynthesizer("de-AT") for _ in range(5)]
    first = asyncio.create_task(calls[0].synthesize_pcm8k(sentence))
    await asyncio.sleep(0)
    first.cancel()  # the first caller cut the bot off: the others still get it
    said = await asyncio.gather(*(call.synthesize_pcm8k(sentence) for call in calls[1:]))
    assert all(audio is said[0] for audio in said)  # one run's bytes, not five
    again = await EspeakSynthesizer("de-AT").synthesize_pcm8k(sentence)
    assert again is said[0]
    assert again == _espeak(shutil.which("espeak-ng") or "", "de", sentence)  # what a new run says
    assert await EspeakSynthesizer("en-US").synthesize_pcm8k(sentence) != again  # per voice
