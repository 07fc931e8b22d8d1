"""Voice activity and end of turn, from the caller's 20 ms PCM frames.

webrtcvad decides each frame (~1 µs). Speech starts after `onset_ms` of consecutive voiced
frames — long enough to ignore a click — and the utterance keeps the frames just before the
onset, so the first syllable reaches the transcriber. `speech_ms` tells how much of the
utterance in progress was voiced (the call stops the bot once that outlasts an
acknowledgement).

The turn ends after `end_of_turn_ms` of silence, counted from the last frame that was both
voiced and loud. webrtcvad alone keeps calling frames speech for ~120 ms after the voice's
energy has fallen (its hangover), which the caller would wait for on every turn; energy
alone would end the turn of a caller who goes on softly. So a frame keeps the turn open if
webrtcvad calls it speech and its RMS reaches LOUD_RMS — or a tenth of the utterance's
loudest frame, for a soft voice — and the silence must also include at least
VAD_QUIET_MS of frames webrtcvad calls silence: soft speech that goes on holds the turn, a
pause does not, and a 250 ms pause inside a sentence (250 ms of silence, of which ~130 ms
past webrtcvad's hangover) never ends it (tests/voice_runtime/test_turn_detection.py).

With `pause_ms`, the first frame webrtcvad calls silence at least `pause_ms` after the last
loud one says the turn may be ending (`Paused`, once per pause): transcription.py starts
decoding then; the turn still ends only as above.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import webrtcvad

from integrations.speech.audio import FRAME_MS, PCM_FRAME_BYTES, SAMPLE_RATE, rms

PRE_ROLL_MS = 200
MAX_UTTERANCE_MS = 30_000
VAD_AGGRESSIVENESS = 2
# A voiced frame at least this loud keeps the turn open (the simulated caller's voiced
# threshold, voice_runtime/simulator.py AUDIBLE_RMS) …
LOUD_RMS = 200
# … or at least this share of the utterance's loudest frame, whichever is lower.
LOUD_SHARE_OF_PEAK = 0.1
# Of the silence that ends a turn, at least this much webrtcvad calls silence.
VAD_QUIET_MS = 140


@dataclass(frozen=True, slots=True)
class SpeechStarted:
    at: float  # monotonic seconds, when the onset was confirmed


@dataclass(frozen=True, slots=True)
class UtteranceEnded:
    pcm: bytes  # 16-bit PCM 8 kHz, pre-roll included
    speech_ms: int  # voiced time
    last_voice_at: float  # monotonic seconds of the last voiced frame
    detected_at: float  # monotonic seconds when the silence said "turn over"


@dataclass(frozen=True, slots=True)
class Paused:
    """`pause_ms` of silence in an utterance: it ends with this audio unless the caller
    goes on."""

    pcm: bytes  # the utterance so far, as UtteranceEnded would carry it (less silence)
    speech_ms: int


TurnEvent = SpeechStarted | UtteranceEnded | Paused


class TurnDetector:
    def __init__(
        self, *, end_of_turn_ms: int = 300, onset_ms: int = 60, pause_ms: int | None = None
    ) -> None:
        self._vad = webrtcvad.Vad(VAD_AGGRESSIVENESS)
        self._onset_frames = max(1, onset_ms // FRAME_MS)
        self._end_frames = max(1, end_of_turn_ms // FRAME_MS)
        self._pause_frames = max(1, pause_ms // FRAME_MS) if pause_ms else None
        self._paused = False  # the pause going on has been told (`Paused`)
        self._pre_roll: deque[bytes] = deque(maxlen=PRE_ROLL_MS // FRAME_MS)
        self._voiced_run = 0
        self._silence_run = 0  # frames since the last voiced, loud one
        self._vad_quiet_run = 0  # frames since the last one webrtcvad called speech
        self._vad_quiet_frames = max(1, min(self._end_frames, VAD_QUIET_MS // FRAME_MS))
        self._peak_rms = 0
        self._speech_frames = 0
        self._utterance: list[bytes] | None = None
        self._last_voice_at = 0.0

    @property
    def in_speech(self) -> bool:
        return self._utterance is not None

    @property
    def speech_ms(self) -> int:
        """Voiced time of the utterance in progress; 0 between utterances."""
        return self._speech_frames * FRAME_MS if self._utterance is not None else 0

    @property
    def utterance_pcm(self) -> bytes:
        """The utterance in progress so far, pre-roll included; b"" between utterances."""
        return b"".join(self._utterance) if self._utterance is not None else b""

    def process(self, pcm_frame: bytes, now: float) -> TurnEvent | None:
        """Feed one 20 ms frame (320 bytes of PCM); returns an event when one happens."""
        if len(pcm_frame) != PCM_FRAME_BYTES:
            return None  # webrtcvad takes exact frame sizes only; a short frame is dropped
        voiced = self._vad.is_speech(pcm_frame, SAMPLE_RATE)
        if self._utterance is None:
            return self._idle(pcm_frame, voiced, now)
        return self._speaking(pcm_frame, voiced, now)

    def _idle(self, frame: bytes, voiced: bool, now: float) -> TurnEvent | None:
        self._pre_roll.append(frame)
        self._voiced_run = self._voiced_run + 1 if voiced else 0
        if self._voiced_run < self._onset_frames:
            return None
        self._utterance = list(self._pre_roll)
        self._pre_roll.clear()
        self._speech_frames = self._voiced_run
        self._silence_run = self._vad_quiet_run = 0
        self._paused = False
        self._peak_rms = max(rms(f) for f in self._utterance[-self._onset_frames :])
        self._last_voice_at = now
        return SpeechStarted(at=now)

    def _speaking(self, frame: bytes, voiced: bool, now: float) -> TurnEvent | None:
        assert self._utterance is not None
        self._utterance.append(frame)
        if voiced:
            self._speech_frames += 1
            self._vad_quiet_run = 0
            self._paused = False
            if self._loud(frame):
                self._silence_run = 0
                self._last_voice_at = now
            else:
                self._silence_run += 1
        else:
            self._vad_quiet_run += 1
            self._silence_run += 1
        too_long = len(self._utterance) * FRAME_MS >= MAX_UTTERANCE_MS
        turn_over = (
            self._silence_run >= self._end_frames and self._vad_quiet_run >= self._vad_quiet_frames
        )
        if not turn_over and not too_long:
            return self._pause()
        event = UtteranceEnded(
            pcm=b"".join(self._utterance),
            speech_ms=self._speech_frames * FRAME_MS,
            last_voice_at=self._last_voice_at,
            detected_at=now,
        )
        self._utterance = None
        self._voiced_run = 0
        return event

    def _pause(self) -> Paused | None:
        """`Paused` at the first frame of silence `pause_ms` after the voice (once a pause)."""
        if self._pause_frames is None or self._paused or self._vad_quiet_run == 0:
            return None
        if self._silence_run < self._pause_frames:
            return None
        self._paused = True
        assert self._utterance is not None
        return Paused(b"".join(self._utterance), self._speech_frames * FRAME_MS)

    def _loud(self, frame: bytes) -> bool:
        """Loud enough to be the voice itself, not the fading tail webrtcvad still hears."""
        level = rms(frame)
        self._peak_rms = max(self._peak_rms, level)
        return level >= min(LOUD_RMS, self._peak_rms * LOUD_SHARE_OF_PEAK)
