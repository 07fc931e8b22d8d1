"""Engines that take no time: they measure the runtime's own overhead (bench/voice_load.py)
and stand in where audio quality is not the point of a test.

`NullTranscriber` answers with the next of its scripted texts (or a fixed one) for every
utterance — the "text injection" that lets a German bot be tested without German STT.
`ToneSynthesizer` returns a fixed-length tone per text, instantly.
"""

from __future__ import annotations

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
        self._cache: dict[int, bytes] = {}

    async def synthesize(self, text: str) -> AsyncIterator[bytes]:
        milliseconds = max(200, len(text) * self._per_character) // 20 * 20
        if milliseconds not in self._cache:
            self._cache[milliseconds] = tone_mulaw(milliseconds)
        yield self._cache[milliseconds]

    async def aclose(self) -> None:
        return None
