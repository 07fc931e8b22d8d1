"""Engines that take no time: they measure the runtime's own overhead (bench/voice_load.py)
and stand in where audio quality is not the point of a test.

`NullTranscriber` answers with the next of its scripted texts (or a fixed one) for every
utterance — the "text injection" that lets a German bot be tested without German STT.
`ToneSynthesizer` returns a fixed-length tone per text, instantly: each length's tone is
computed once per process, not once per call (~1.7 ms of the event loop for a second of
tone, which bench/voice_load.py counted as the runtime's own work, 5 % of its event loop's
samples, while every other call's playout waited).
"""

from __future__ import annotations

import functools
import math
import struct
from collections import deque
from collections.abc import AsyncIterator, Iterable

from integrations.speech.audio import SAMPLE_RATE, pcm_to_mulaw


class NullTranscriber:
    def __init__(self, texts: Iterable[str] = (), default: str = "what are your opening hours"):
        self._texts = deque(texts)
        self._default = default
        self.heard: list[int] = []  # bytes of audio per utterance, for tests

    async def transcribe(self, pcm8k: bytes) -> str:
        self.heard.append(len(pcm8k))
        return self._texts.popleft() if self._texts else self._default

    async def prepare(self) -> None:
        return None

    async def aclose(self) -> None:
        return None


@functools.lru_cache(maxsize=256)
def tone_mulaw(milliseconds: int, frequency: float = 440.0, amplitude: int = 8000) -> bytes:
    samples = SAMPLE_RATE * milliseconds // 1000
    pcm = struct.pack(
        f"<{samples}h",
        *(
            int(amplitude * math.sin(2 * math.pi * frequency * i / SAMPLE_RATE))
            for i in range(samples)
        ),
    )
    return pcm_to_mulaw(pcm)


class ToneSynthesizer:
    """`milliseconds_per_character` of tone per character (at least 200 ms a text)."""

    def __init__(self, milliseconds_per_character: int = 10) -> None:
        self._per_character = milliseconds_per_character

    async def synthesize(self, text: str) -> AsyncIterator[bytes]:
        milliseconds = max(200, len(text) * self._per_character) // 20 * 20
        yield tone_mulaw(milliseconds)

    async def aclose(self) -> None:
        return None
