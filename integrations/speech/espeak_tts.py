"""Offline text to speech with espeak-ng (a Debian package; German and English voices).

espeak-ng writes a 22 kHz WAV to stdout in ~10 ms a sentence; it is resampled to 8 kHz and
μ-law encoded for the telephone. Each text is one subprocess, so calls never share state.

Most of the ~11 ms of CPU a sentence costs is espeak-ng starting, and a bot says the same
sentences again and again (its greeting, "Wir freuen uns auf Sie!", an FAQ answer), so the
process keeps the last SENTENCES_KEPT sentences' audio, and a sentence asked for by several
calls at once is made once. espeak-ng says a text the same way every time, so a kept
sentence is the bytes a new run would give.
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess  # noqa: S404 (espeak-ng with fixed arguments)
from collections import OrderedDict
from collections.abc import AsyncIterator

from integrations.speech.audio import pcm_to_mulaw, read_wav_as_pcm8k
from integrations.speech.base import SpeechServiceError

SENTENCES_KEPT = 256  # ~3 s of 8 kHz PCM each: a few MB a process
# (voice, text) → 8 kHz PCM, most recently said last; and the ones being made now.
_SAID: OrderedDict[tuple[str, str], bytes] = OrderedDict()
_BEING_SAID: dict[tuple[str, str], asyncio.Future[bytes]] = {}

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
        key = (self.voice, text)
        if (kept := _SAID.get(key)) is not None:
            _SAID.move_to_end(key)
            return kept
        loop = asyncio.get_running_loop()
        making = _BEING_SAID.get(key)
        if making is None or making.get_loop() is not loop:
            # A thread, not an asyncio subprocess: a reply cancelled by barge-in leaves
            # nothing half-closed behind, and the ~10 ms run finishes on its own.
            making = loop.run_in_executor(None, _espeak, self._binary, self.voice, text)
            _BEING_SAID[key] = making
            making.add_done_callback(lambda done: _keep(key, done))
        return await asyncio.shield(making)  # one caller's barge-in leaves it to the others

    async def aclose(self) -> None:
        return None


def _espeak(binary: str, voice: str, text: str) -> bytes:
    result = subprocess.run(  # noqa: S603 (fixed arguments, the text on stdin)
        [binary, "-v", voice, "-s", str(WORDS_PER_MINUTE), "--stdout"],
        input=text.encode(),  # on stdin, so a text starting with "-" is never an option
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        message = result.stderr.decode(errors="replace")[:200]
        raise SpeechServiceError(f"espeak-ng failed: {message}")
    return read_wav_as_pcm8k(result.stdout)


def _keep(key: tuple[str, str], done: asyncio.Future[bytes]) -> None:
    if _BEING_SAID.get(key) is done:
        del _BEING_SAID[key]
    if done.cancelled() or done.exception() is not None:
        return
    _SAID[key] = done.result()
    while len(_SAID) > SENTENCES_KEPT:
        _SAID.popitem(last=False)


def forget_said() -> None:
    """Drop the kept sentences, as a process starts (bench/booking.py, between runs)."""
    _SAID.clear()
