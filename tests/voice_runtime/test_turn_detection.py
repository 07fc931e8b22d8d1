"""The turn detector alone: espeak-ng's speech in 20 ms frames, the events it says."""

from __future__ import annotations

import audioop

import pytest

from integrations.speech.audio import PCM_FRAME_BYTES, mulaw_to_pcm, pcm_to_mulaw
from tests.voice_runtime.conftest import speech
from voice_runtime.simulator import trim_silence
from voice_runtime.turn_detection import TurnDetector, TurnEvent, UtteranceEnded


def silence(milliseconds: int) -> bytes:
    return b"\x00" * (PCM_FRAME_BYTES * milliseconds // 20)


def heard(pcm: bytes) -> bytes:
    """As the caller's phone sends it: trimmed to the words, through μ-law."""
    return mulaw_to_pcm(pcm_to_mulaw(trim_silence(pcm)))


def events(pcm: bytes, pause_ms: int | None = None) -> list[tuple[float, TurnEvent]]:
    """Each event with the time of the frame that caused it (the first frame ends at 0.02);
    with `pause_ms`, `Paused` after that much silence too (test_transcription.py)."""
    detector = TurnDetector(end_of_turn_ms=300, onset_ms=60, pause_ms=pause_ms)
    said = []
    for index in range(len(pcm) // PCM_FRAME_BYTES):
        now = (index + 1) * 0.02
        frame = pcm[index * PCM_FRAME_BYTES : (index + 1) * PCM_FRAME_BYTES]
        event = detector.process(frame, now)
        if event is not None:
            said.append((now, event))
    return said


def ends(pcm: bytes) -> list[UtteranceEnded]:
    return [event for _, event in events(pcm) if isinstance(event, UtteranceEnded)]


async def test_the_turn_ends_300_ms_after_the_voice_not_after_the_vads_hangover() -> None:
    words = heard(await speech("What are your opening hours?"))
    last_word_frame = len(words) // PCM_FRAME_BYTES * 0.02
    [end] = ends(words + silence(600))
    # webrtcvad calls ~120 ms of the fading voice speech: counted from there, the turn
    # ended ~420 ms after the last word.
    assert end.detected_at - last_word_frame == pytest.approx(0.30, abs=0.021)
    assert end.last_voice_at == pytest.approx(last_word_frame, abs=0.021)


@pytest.mark.parametrize(
    ("before", "after", "language"),
    [
        ("Half past six", "please", "en-US"),
        ("I would like to book a haircut", "for Friday at three", "en-US"),
        ("What are your opening hours", "on Saturday", "en-US"),
        ("Ich hätte gern einen Termin", "am Freitag um drei", "de-AT"),
        ("Ja bitte", "um sechs", "de-AT"),
    ],
)
async def test_a_250_ms_pause_inside_a_sentence_never_ends_the_turn(
    before: str, after: str, language: str
) -> None:
    first, second = heard(await speech(before, language)), heard(await speech(after, language))
    paused = first + silence(250)
    [end] = ends(paused + second + silence(600))  # one turn, whose voice ends after the pause
    assert end.last_voice_at > len(paused) / PCM_FRAME_BYTES * 0.02


async def test_a_soft_voice_is_heard_to_its_end() -> None:
    words = heard(await speech("I would like to book a haircut for Friday at three"))
    soft = audioop.mul(words, 2, 0.05)  # −26 dB: quieter than the loud threshold
    [end] = ends(soft + silence(600))
    last_word_frame = len(soft) // PCM_FRAME_BYTES * 0.02
    assert end.detected_at - last_word_frame < 0.45
    assert end.detected_at - last_word_frame > 0.29
