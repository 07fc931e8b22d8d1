"""The transcribing processor alone: an utterance in, the caller's words and the time and
audio recognition took out; decoding ahead at the pause a turn ends with."""

from __future__ import annotations

import asyncio

from integrations.speech.null_engines import NullTranscriber
from tests.voice_runtime.conftest import speech
from tests.voice_runtime.test_turn_detection import events as timed_events
from tests.voice_runtime.test_turn_detection import silence
from voice_runtime.simulator import trim_silence
from voice_runtime.transcription import Transcription
from voice_runtime.turn_detection import Paused, TurnEvent, UtteranceEnded

SILENCE = silence(500)  # the turn ends


def utterance(seconds: float) -> UtteranceEnded:
    pcm = b"\x00\x00" * int(8000 * seconds)
    return UtteranceEnded(pcm=pcm, speech_ms=400, last_voice_at=1.0, detected_at=1.3)


async def test_words_are_stripped_and_the_audio_is_counted() -> None:
    ticks = iter([10.0, 10.25, 20.0, 20.5])
    transcription = Transcription(
        NullTranscriber(["  opening hours \n", "thanks"]), call_sid="CA1", now=lambda: next(ticks)
    )
    first = await transcription.hear(utterance(1.5))
    second = await transcription.hear(utterance(0.5))
    assert (first.text, first.stt_ms) == ("opening hours", 250)
    assert (second.text, second.stt_ms) == ("thanks", 500)
    assert transcription.audio_seconds == 2.0


def events_of(pcm: bytes) -> list[TurnEvent]:
    """What the turn detector (decoding ahead after 100 ms of silence) makes of `pcm`."""
    return [event for _, event in timed_events(pcm, pause_ms=100)]


async def heard_through(transcription: Transcription, events: list[TurnEvent]) -> str:
    """Plays the events to transcription as the call does; the words of the one utterance."""
    for event in events:
        if isinstance(event, Paused):
            transcription.paused(event)
            await asyncio.sleep(0)  # the decode starts while the end of turn is waited for
        elif isinstance(event, UtteranceEnded):
            return (await transcription.hear(event)).text
    raise AssertionError("the turn never ended")


async def test_the_pause_that_ends_a_turn_was_already_decoded() -> None:
    events = events_of(await speech("What are your opening hours?") + SILENCE)
    recogniser = NullTranscriber(["opening hours", "decoded twice"])
    transcription = Transcription(recogniser, call_sid="CA1", ahead=True)
    assert await heard_through(transcription, events) == "opening hours"
    ended = events[-1]
    assert isinstance(ended, UtteranceEnded)
    assert len(recogniser.heard) == 1 and recogniser.heard[0] < len(ended.pcm)


async def a_sentence_with_a_pause() -> list[TurnEvent]:
    pause = silence(200)  # a comma, not the end of the turn
    pcm = trim_silence(await speech("On Friday")) + pause
    pcm += trim_silence(await speech("at ten please")) + SILENCE
    return events_of(pcm)


async def test_a_pause_inside_a_sentence_neither_ends_the_turn_nor_gives_its_words() -> None:
    events = await a_sentence_with_a_pause()
    assert sum(isinstance(event, UtteranceEnded) for event in events) == 1
    assert sum(isinstance(event, Paused) for event in events) >= 2
    recogniser = NullTranscriber(["on friday", "on friday at ten please"])
    transcription = Transcription(recogniser, call_sid="CA1", ahead=True)
    assert await heard_through(transcription, events) == "on friday at ten please"


async def test_without_decoding_ahead_the_turn_is_decoded_once_it_ended() -> None:
    events = events_of(await speech("What are your opening hours?") + SILENCE)
    recogniser = NullTranscriber(["opening hours"])
    transcription = Transcription(recogniser, call_sid="CA1")
    assert await heard_through(transcription, events) == "opening hours"
    ended = events[-1]
    assert isinstance(ended, UtteranceEnded)
    assert recogniser.heard == [len(ended.pcm)]


class QueuedRecogniser:
    """Decodes that wait for a worker (a busy pool) until `free` is set."""

    def __init__(self) -> None:
        self.free = asyncio.Event()
        self.called_off = 0

    async def transcribe(self, pcm8k: bytes) -> str:
        try:
            await self.free.wait()
        except asyncio.CancelledError:
            self.called_off += 1
            raise
        return f"{len(pcm8k)} bytes"

    async def prepare(self) -> None:
        return None

    async def aclose(self) -> None:
        return None


async def test_a_decode_ahead_the_caller_talked_past_is_called_off_at_their_next_pause() -> None:
    events = await a_sentence_with_a_pause()
    pauses = [event for event in events if isinstance(event, Paused)]
    recogniser = QueuedRecogniser()
    transcription = Transcription(recogniser, call_sid="CA1", ahead=True)
    for pause in pauses:
        transcription.paused(pause)
        await asyncio.sleep(0)
    assert recogniser.called_off == len(pauses) - 1  # only the last pause's decode is left
    recogniser.free.set()
    ended = events[-1]
    assert isinstance(ended, UtteranceEnded)
    assert (await transcription.hear(ended)).text == f"{len(pauses[-1].pcm)} bytes"
