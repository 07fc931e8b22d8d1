"""The two speech protocols every engine implements, and the error they raise."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Protocol


class SpeechServiceError(Exception):
    """A speech engine could not do its work (service down, bad key, bad answer).

    The message is safe to log: engines never put credentials or audio into it.
    """


class Transcriber(Protocol):
    """Speech to text for one call. Made per call, so it may keep state (a decoder)."""

    async def transcribe(self, pcm8k: bytes) -> str:
        """The words in one caller utterance: 16-bit mono PCM at 8 kHz. Empty if none."""
        ...

    async def prepare(self) -> None:
        """Get ready for the first utterance (load a model) while the bot greets."""
        ...

    async def aclose(self) -> None: ...


class Synthesizer(Protocol):
    """Text to speech for one call."""

    def synthesize(self, text: str) -> AsyncIterator[bytes]:
        """μ-law 8 kHz audio for `text`, in chunks of any length as they become ready."""
        ...

    async def aclose(self) -> None: ...
