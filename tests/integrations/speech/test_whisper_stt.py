"""The offline English recogniser: what it hears on a phone line, and how it refuses to start
on weights that are missing or not the pinned ones."""

from __future__ import annotations

import re
from datetime import time
from pathlib import Path

import pytest

from core.settings import Settings
from integrations.dialogue.booking_desk import OfferedService
from integrations.dialogue.caller_names import name_in
from integrations.dialogue.listening import listening_for
from integrations.dialogue.spoken_time import clock_alone
from integrations.speech.audio import mulaw_to_pcm, pcm_to_mulaw
from integrations.speech.espeak_tts import EspeakSynthesizer
from integrations.speech.whisper_stt import (
    PROMPT_MAX_WORDS,
    WhisperModelError,
    WhisperPool,
    bot_prompt,
    checked_model_dir,
    default_model_dir,
)

SALON_PROMPT = bot_prompt(
    "Salon Anna",
    ["What are your opening hours?", "How much is a haircut?", "Do you take credit cards?"],
    {"mon": [["09:00", "18:00"]], "tue": [["09:00", "18:00"]], "fri": [["09:00", "13:00"]]},
)


async def phone_line(text: str, voice: str | None = None) -> bytes:
    """`text` spoken by espeak-ng, through the 8 kHz μ-law round trip of a phone call."""
    pcm = await EspeakSynthesizer("en-US", voice).synthesize_pcm8k(text)
    return mulaw_to_pcm(pcm_to_mulaw(pcm))


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z']+", text.lower()))


@pytest.mark.parametrize(
    ("question", "key_words"),
    [
        ("What are your opening hours?", {"opening", "hours"}),
        ("Do you have parking nearby?", {"parking"}),
        ("I would like to book an appointment for Friday.", {"appointment", "friday"}),
    ],
)
async def test_hears_a_phone_line_question(
    whisper: WhisperPool, question: str, key_words: set[str]
) -> None:
    heard = await whisper.transcriber(SALON_PROMPT).transcribe(await phone_line(question))
    assert key_words <= words(heard), heard


async def test_silence_is_heard_as_nothing(whisper: WhisperPool) -> None:
    transcriber = whisper.transcriber(SALON_PROMPT)
    assert await transcriber.transcribe(b"\x00\x00" * 8000) == ""
    assert await transcriber.transcribe(b"") == ""


async def test_a_time_is_heard_when_the_dialogue_expects_one(whisper: WhisperPool) -> None:
    """The booking's time step (integrations/dialogue/listening.py) goes to Whisper after the
    bot's prompt, a sentence a time: with the same words as a list ("Times: at nine, …,
    quarter past, …") it heard "Water pass free"."""
    expected = listening_for("time", [OfferedService(1, "Haircut", 30)], "en")
    transcriber = whisper.transcriber(SALON_PROMPT, expected=lambda: expected)
    heard = await transcriber.transcribe(await phone_line("Quarter past three"))
    assert clock_alone(heard, "en") == time(15, 15), heard


@pytest.mark.parametrize(
    ("said", "voice"),
    [("Peter Miller", "en-gb"), ("Maria Huber", "en-us"), ("It's Daniel Walker", "en-us")],
)
async def test_a_name_is_heard_when_the_dialogue_asks_for_it(
    whisper: WhisperPool, said: str, voice: str
) -> None:
    """At the name step Whisper is told common first names and surnames (listening.py):
    with "My name is" alone it heard "be familiar", "Maria Hubert" and "then you'll walk
    her" (bench/booking_hearing.py --names has more)."""
    expected = listening_for("name", [OfferedService(1, "Haircut", 30)], "en")
    transcriber = whisper.transcriber(SALON_PROMPT, expected=lambda: expected)
    heard = await transcriber.transcribe(await phone_line(said, voice))
    assert name_in(heard) == name_in(said), heard


def test_the_prompt_holds_the_bots_words_and_stays_short() -> None:
    assert SALON_PROMPT == (
        "Salon Anna. What are your opening hours? How much is a haircut? "
        "Do you take credit cards? Opening hours: open Monday, Tuesday, Friday."
    )
    long_prompt = bot_prompt("Salon Anna", ["Do you do colouring and highlights?"] * 50)
    assert len(long_prompt.split()) == PROMPT_MAX_WORDS
    assert long_prompt.startswith("Salon Anna.")


def test_a_missing_model_directory_is_a_start_up_error_naming_the_setting(
    tmp_path: Path,
) -> None:
    settings = Settings(whisper_model_dir=tmp_path / "no-such-dir")
    with pytest.raises(WhisperModelError, match="WHISPER_MODEL_DIR") as error:
        WhisperPool.from_settings(settings)
    assert "no-such-dir" in str(error.value)


def test_a_model_that_is_not_the_pinned_one_is_refused(tmp_path: Path) -> None:
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        (tmp_path / name).symlink_to(default_model_dir() / name)
    (tmp_path / "model.bin").write_bytes(b"not the weights anyone measured")
    with pytest.raises(WhisperModelError, match="WHISPER_MODEL_DIR.*not the pinned"):
        WhisperPool(tmp_path)


def test_the_pinned_model_loads_from_any_directory(tmp_path: Path) -> None:
    for source in default_model_dir().iterdir():
        (tmp_path / source.name).symlink_to(source)
    assert checked_model_dir(tmp_path) == tmp_path


def test_the_setting_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("WHISPER_MODEL_DIR", str(tmp_path))
    assert Settings().whisper_model_dir == tmp_path
    monkeypatch.delenv("WHISPER_MODEL_DIR")
    assert Settings(_env_file=None).whisper_model_dir is None
