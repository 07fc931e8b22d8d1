"""Listening while speaking: an acknowledgement over the bot ("mhm", "okay", "ja genau")
neither stops it nor leaves a gap in its audio; a real interruption stops it (`clear`).
Either way the bot yields at once: it talks on softer (ducked) from the caller's first
words until their length or words decide (English: also the first word, heard by Whisper
while the caller talks, first_words.py).

Through the real runtime with callers spoken by espeak-ng: English heard by Whisper,
German by text injection (no offline German recognition). What is counted rather than
timed: the `clear` messages Twilio got, and the bot's audio, frame for frame.
"""

from __future__ import annotations

import asyncio
import time

import pytest

from integrations.dialogue.base import BotProfile
from integrations.dialogue.phrases import opening
from integrations.speech.audio import mulaw_frames, quieter
from integrations.speech.espeak_tts import EspeakSynthesizer
from integrations.speech.null_engines import NullTranscriber
from integrations.speech.whisper_stt import WhisperPool
from models import BotLanguage, Speaker
from tests.voice_runtime.conftest import speech, wait_for_closed_call
from voice_runtime.engines import Credentials, EngineFactory, EngineSet, build_engines
from voice_runtime.playback import DUCK_GAIN
from voice_runtime.simulator import SimulatedCall, trim_silence
from voice_runtime.synthesis import SENTENCE_END

GREETINGS = {
    "en-US": (
        "Hello, this is Salon Anna.",
        "Hello, this is Salon Anna. We cut, colour and style hair for the whole family, "
        "six days a week. How can I help you today?",
    ),
    "de-AT": (
        "Grüß Gott, hier ist der Salon Anna.",
        "Grüß Gott, hier ist der Salon Anna. Wir schneiden, färben und frisieren Haare für "
        "die ganze Familie, sechs Tage die Woche. Wie kann ich Ihnen helfen?",
    ),
}
LANGUAGES = {"en-US": BotLanguage.EN_US, "de-AT": BotLanguage.DE_AT}
# The bot yields within 300 ms (15 of its frames) of the caller's first frame.
YIELD_FRAMES = 15


def opening_words(language: str) -> tuple[str, str, str]:
    """The bot's greeting as set, its first spoken sentence (the notice's: an automated
    assistant) and everything it says before the caller's turn (notice, then greeting)."""
    _first, greeting = GREETINGS[language]
    words = opening(greeting, language)
    return greeting, SENTENCE_END.split(words)[0], words


@pytest.fixture
def german_heard() -> list[str]:
    """What a German bot's recogniser hears, utterance by utterance (filled before dialling)."""
    return []


@pytest.fixture
def engine_factory(whisper: WhisperPool, german_heard: list[str]) -> EngineFactory:
    """The offline engines as production wires them; German words injected as text."""

    def factory(profile: BotProfile, credentials: Credentials) -> EngineSet:
        engines = build_engines(profile, credentials, whisper=whisper)
        if profile.is_german:
            engines.transcriber = NullTranscriber(german_heard, default="")
        return engines

    return factory


async def talk_over_the_second_sentence(call: SimulatedCall, pcm: bytes) -> tuple[float, float]:
    """Speak once the bot's first sentence has been heard; returns when the caller's speech
    started and when its last frame was sent."""
    await call.wait_for_bot_audio()
    while not call.log.marks_echoed:
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.3)
    ended = await call.speak(trim_silence(pcm))
    return call.log.speech_started[-1], ended


async def spoken(text: str, language: str) -> bytes:
    """The μ-law frames the runtime sends for `text`, sentence by sentence, played once."""
    synthesizer = EspeakSynthesizer(language)
    frames: list[bytes] = []
    for sentence in SENTENCE_END.split(text.strip()):
        audio = b"".join([chunk async for chunk in synthesizer.synthesize(sentence)])
        frames += mulaw_frames(audio)
    return b"".join(frames)


def ducked_span(call: SimulatedCall, said: bytes) -> tuple[int, int]:
    """The first and last bot frame sent softer than `said` has it, after checking that
    every other frame came as said (up to a `clear`, after which the bot says something
    else); the bot frame at which the caller began talking is 0."""
    got, want = mulaw_frames(bytes(call.bot_audio)), mulaw_frames(said)
    if call.log.clear_times:
        got = got[: sum(t < call.log.clear_times[0] for t in call.log.media_times)]
    differ = [i for i, (g, w) in enumerate(zip(got, want, strict=False)) if g != w]
    assert differ, "the bot did not yield while the caller talked"
    first, last = differ[0], differ[-1]
    assert got[first : last + 1] == [quieter(w, DUCK_GAIN) for w in want[first : last + 1]]
    spoke_at = call.log.bot_frames_at_speech_start[-1]
    return first - spoke_at, last - spoke_at


async def acknowledge_over_the_greeting(
    server, live_bot, staff_db, german_heard: list[str], language: str, said: str
) -> None:
    greeting, _first, words = opening_words(language)
    _tenant, _bot, number = live_bot(greeting=greeting, language=LANGUAGES[language])
    german_heard.append(said)
    async with SimulatedCall.dial(server.caller, to_number=number.e164) as call:
        await talk_over_the_second_sentence(call, await speech(said, language))
        await call.wait_for_bot_quiet()
        sid = call.call_sid

    assert call.log.clear_times == [], "the acknowledgement stopped the bot"
    row = await wait_for_closed_call(server, staff_db, sid)
    assert [(t.speaker, t.text, t.interrupted) for t in row.turns] == [(Speaker.BOT, words, False)]
    # No gap and no sentence said twice: every frame of the greeting arrived, once, in order,
    # softer from the caller's first words until they were heard as an acknowledgement.
    said = await spoken(words, language)
    assert len(call.bot_audio) == len(said)
    first, last = ducked_span(call, said)
    assert 0 <= first <= YIELD_FRAMES
    assert last < len(mulaw_frames(said)) - call.log.bot_frames_at_speech_start[-1] - 1, (
        "the bot stayed soft to the end"
    )


async def test_mhm_does_not_interrupt(voice_server, live_bot, staff_db, german_heard) -> None:
    # Whisper writes this "mhm" as "M-A-M".
    await acknowledge_over_the_greeting(
        voice_server, live_bot, staff_db, german_heard, "en-US", "mhm"
    )


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en-US", "okay"),
        ("en-US", "yeah"),
        ("de-AT", "ja"),
        ("de-AT", "genau"),
        ("de-AT", "ja genau"),  # the longest here: 740 ms of voiced speech
    ],
)
async def test_an_acknowledgement_neither_stops_the_bot_nor_leaves_a_gap(
    voice_server, live_bot, staff_db, german_heard, language: str, said: str
) -> None:
    await acknowledge_over_the_greeting(
        voice_server, live_bot, staff_db, german_heard, language, said
    )


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en-US", "Wait, are you open on Sunday?"),
        ("de-AT", "Moment, haben Sie am Sonntag offen?"),
    ],
)
async def test_a_question_over_the_bot_stops_it_while_the_caller_talks(
    voice_server, live_bot, staff_db, german_heard, language: str, said: str
) -> None:
    greeting, first, words = opening_words(language)
    _tenant, _bot, number = live_bot(greeting=greeting, language=LANGUAGES[language])
    german_heard.append(said)
    question = trim_silence(await speech(said, language))
    async with SimulatedCall.dial(voice_server.caller, to_number=number.e164) as call:
        await talk_over_the_second_sentence(call, question)
        await call.wait_for_bot_audio(after=time.monotonic())  # the answer to the question
        sid = call.call_sid

    ducked_from, _ = ducked_span(call, await spoken(words, language))
    assert 0 <= ducked_from <= YIELD_FRAMES, "the bot did not yield at the caller's first words"
    assert len(call.log.clear_times) == 1
    question_frames = len(mulaw_frames(question))
    assert call.log.speech_frames_at_clear[0] < question_frames, (
        "not stopped while the caller talked"
    )
    row = await wait_for_closed_call(voice_server, staff_db, sid)
    greeting_turn, question = row.turns[:2]
    assert (greeting_turn.speaker, greeting_turn.text, greeting_turn.interrupted) == (
        Speaker.BOT,
        first,  # only what the caller heard
        True,
    )
    assert question.speaker == Speaker.CALLER
    if language == "de-AT":
        assert question.text == said


async def test_a_short_word_over_the_bot_stops_it_once_heard(
    voice_server, live_bot, staff_db, german_heard
) -> None:
    """Shorter than the longest acknowledgement and not how an interruption begins
    (first_words.py), "Tuesday" is told apart by its words once heard: the bot stops when
    the caller's turn has ended, not while the caller talks."""
    greeting, first, _words = opening_words("en-US")
    _tenant, _bot, number = live_bot(greeting=greeting)
    async with SimulatedCall.dial(voice_server.caller, to_number=number.e164) as call:
        _started, ended = await talk_over_the_second_sentence(call, await speech("Tuesday."))
        for _ in range(1500):  # while the turn ends and Whisper hears it (seconds, loaded)
            if call.log.clear_times or call.closed.is_set():
                break
            await asyncio.sleep(0.01)
        await call.wait_for_bot_audio(after=time.monotonic())  # the answer to "Tuesday"
        sid = call.call_sid

    assert len(call.log.clear_times) == 1
    assert call.log.clear_times[0] > ended
    row = await wait_for_closed_call(voice_server, staff_db, sid)
    assert [(t.speaker, t.interrupted) for t in row.turns[:2]] == [
        (Speaker.BOT, True),
        (Speaker.CALLER, False),
    ]
    assert row.turns[0].text.startswith(first)
