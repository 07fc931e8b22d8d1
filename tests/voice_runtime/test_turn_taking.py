"""Turn taking alone: the caller's PCM frames in; utterances queued for the conversation,
and the bot softer or stopped while the caller talks over it — by the speech's length, or
at once by its first words (heard by Whisper)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

import pytest

from integrations.speech.audio import PCM_FRAME_BYTES
from integrations.speech.null_engines import tone_mulaw
from integrations.speech.whisper_stt import WhisperPool
from tests.voice_runtime.conftest import speech
from tests.voice_runtime.wire import Wire
from voice_runtime.call_state import CallClock
from voice_runtime.caller_events import CallerEvent, CallerSpoke
from voice_runtime.first_words import FirstWords, HearFirstWords
from voice_runtime.playback import Player, Reply, ReplyChunk
from voice_runtime.turn_detection import TurnDetector
from voice_runtime.turn_taking import TurnTaking

SILENCE = b"\x00" * PCM_FRAME_BYTES


class Caller:
    """Speaks into turn taking frame by frame, 20 ms apart on a clock of its own."""

    def __init__(self, player: Player, first_words: HearFirstWords | None = None) -> None:
        self.player = player
        self.now = 0.0
        self.bot_held_at: float | None = None
        self.voiced_ms_at_hold: int | None = None
        self.events: asyncio.Queue[CallerEvent] = asyncio.Queue()
        self.clock = CallClock.starting_at(0.0)
        self.detector = TurnDetector(end_of_turn_ms=300, onset_ms=60)
        self.looks: list[asyncio.Task[Any]] = []
        self.looked = 0  # looks at the first words started
        self.turn_taking = TurnTaking(
            self.detector,
            player,
            self.events,
            self.clock,
            interrupt_ms=800,
            first_words=None
            if first_words is None
            else FirstWords(first_words, player, spawn=self.look),
            now=lambda: self.now,
        )

    def look(
        self, function: Callable[..., Coroutine[Any, Any, Any]], *args: Any, name: str
    ) -> asyncio.Task[Any]:
        """Starts a look at the caller's first words; `says` lets it finish before the next
        frame, as if the words came at once (how soon they come is the bench's to measure)."""
        task = asyncio.create_task(function(*args), name=name)
        self.looks.append(task)
        self.looked += 1
        return task

    async def says(self, pcm: bytes) -> CallerSpoke:
        pcm += SILENCE * 20  # the pause that ends the turn
        for start in range(0, len(pcm) - PCM_FRAME_BYTES + 1, PCM_FRAME_BYTES):
            self.now += 0.02
            await self.turn_taking.on_audio(pcm[start : start + PCM_FRAME_BYTES])
            while self.looks:
                await self.looks.pop()
            if self.player.held and self.bot_held_at is None:
                self.bot_held_at = self.now
                self.voiced_ms_at_hold = self.detector.speech_ms
        event = self.events.get_nowait()
        assert isinstance(event, CallerSpoke)
        return event


def bot_talking(wire: Wire) -> Player:
    player = Player(wire.outbox())
    player.start(Reply(id="r1", chunks=[ReplyChunk("A long answer.", tone_mulaw(20_000))]))
    return player


async def test_an_utterance_is_queued_with_its_audio() -> None:
    player = Player(Wire().outbox())
    caller = Caller(player)
    spoke = await caller.says(await speech("What are your opening hours?"))
    assert not spoke.over_bot
    assert spoke.utterance.speech_ms >= 800
    assert spoke.utterance.last_voice_at < spoke.utterance.detected_at
    assert caller.clock.last_activity == spoke.utterance.detected_at


async def test_an_acknowledgement_over_the_bot_does_not_stop_it() -> None:
    wire = Wire()
    player = bot_talking(wire)
    spoke = await Caller(player).says(await speech("mhm"))
    assert spoke.over_bot and not player.held
    assert "clear" not in wire.events()
    await player.cancel()


async def test_talking_over_the_bot_stops_it_before_the_caller_has_finished() -> None:
    wire = Wire()
    player = bot_talking(wire)
    caller = Caller(player)
    spoke = await caller.says(await speech("Wait, are you also open on Sunday afternoons?"))
    assert spoke.over_bot and player.held  # held, not dropped: the words decide
    assert wire.events().count("clear") == 1
    assert caller.bot_held_at is not None
    assert caller.bot_held_at < spoke.utterance.last_voice_at
    await player.cancel()


# Two looks must agree on the opener (first_words.py). "What about Monday?" is heard
# "What?", "Working up", "What about me?" and so waits for its length, as before first words.
@pytest.mark.parametrize(
    "said",
    ["Wait, are you also open on Sunday afternoons?", "Can I come on Monday?", "No, Saturday."],
)
async def test_first_words_that_interrupt_stop_the_bot_before_its_length_would(
    whisper: WhisperPool, said: str
) -> None:
    wire = Wire()
    player = bot_talking(wire)
    caller = Caller(player, whisper.transcriber().first_words)
    spoke = await caller.says(await speech(said))
    assert spoke.over_bot and player.held
    assert wire.events().count("clear") == 1
    assert caller.voiced_ms_at_hold is not None and caller.voiced_ms_at_hold < 800
    await player.cancel()


@pytest.mark.parametrize(
    ("said", "language"),
    [("mhm", "en-US"), ("okay", "en-US"), ("yeah", "en-US"), ("ja genau", "de-AT")],
)
async def test_first_words_of_an_acknowledgement_let_the_bot_talk_on(
    whisper: WhisperPool, said: str, language: str
) -> None:
    wire = Wire()
    player = bot_talking(wire)
    caller = Caller(player, whisper.transcriber().first_words)
    spoke = await caller.says(await speech(said, language))
    assert spoke.over_bot and not player.held
    assert "clear" not in wire.events()
    assert caller.looked >= 1  # its words were looked at, and let the bot talk on
    await player.cancel()
