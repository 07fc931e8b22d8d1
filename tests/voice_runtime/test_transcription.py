"""The transcribing processor alone: an utterance in, the caller's words and the time and
audio recognition took out."""

from __future__ import annotations

from integrations.speech.null_engines import NullTranscriber
from voice_runtime.transcription import Transcription
from voice_runtime.turn_detection import UtteranceEnded


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
