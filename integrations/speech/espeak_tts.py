"""Offline text to speech with espeak-ng (a Debian package; German and English voices).

espeak-ng writes a 22 kHz WAV to stdout in ~10 ms a sentence; it is resampled to 8 kHz and
μ-law encoded for the telephone. Each text is one subprocess, so calls never share state.
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess  # noqa: S404 (espeak-ng with fixed arguments)
from collections.abc import AsyncIterator

from integrations.speech.audio import pcm_to_mulaw, read_wav_as_pcm8k
from integrations.speech.base import SpeechServiceError

# Bot language → espeak-ng voice. A bot's own `voice` setting wins when espeak knows it.
VOICES = {"de-AT": "de", "en-US": "en-us"}
WORDS_PER_MINUTE = 165


def espeak_voice(language: str, voice: str | None = None) -> str:
    if voice and voice != "default" and voice.startswith(("de", "en")):
        return voice
    return VOICES.get(language, "en-us")


class EspeakSynthesizer:
    def __init__(self, language: str, voice: str | None = None) -> None:
        self.voice = espeak_voice(language, voice)
        self._binary = shutil.which("espeak-ng")

    async def synthesize(self, text: str) -> AsyncIterator[bytes]:
        yield pcm_to_mulaw(await self.synthesize_pcm8k(text))

    async def synthesize_pcm8k(self, text: str) -> bytes:
        if self._binary is None:
            raise SpeechServiceError("espeak-ng is not installed (apt-get install espeak-ng)")
        # A thread, not an asyncio subprocess: a reply cancelled by barge-in leaves nothing
        # half-closed behind, and the ~10 ms run finishes on its own.
        result = await asyncio.to_thread(
            subprocess.run,
            [self._binary, "-v", self.voice, "-s", str(WORDS_PER_MINUTE), "--stdout"],
            input=text.encode(),  # on stdin, so a text starting with "-" is never an option
            capture_output=True,
            check=False,
        )
        if result.returncode != 0:
            message = result.stderr.decode(errors="replace")[:200]
            raise SpeechServiceError(f"espeak-ng failed: {message}")
        wav = result.stdout
        return read_wav_as_pcm8k(wav)

    async def aclose(self) -> None:
        return None
