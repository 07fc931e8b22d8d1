"""Turn taking alone: the caller's PCM frames in; utterances queued for the conversation,
and the bot softer or stopped while the caller talks over it."""

from __future__ import annotations

import asyncio

from integrations.speech.audio import PCM_FRAME_BYTES
from integrations.speech.null_engines import tone_mulaw
from tests.voice_runtime.conftest import speech
from tests.voice_runtime.wire import Wire
from voice_runtime.call_state import CallClock
from voice_runtime.caller_events import CallerEvent, CallerSpoke
from voice_runtime.playback import Player, Reply, ReplyChunk
from voice_runtime.turn_detection import TurnDetector
from voice_runtime.turn_taking import TurnTaking

SILENCE = b"\x00" * PCM_FRAME_BYTES


class Caller:
    """Speaks into turn taking frame by frame, 20 ms apart on a clock of its own."""

    def __init__(self, player: Player) -> None:
        self.player = player
        self.now = 0.0
        self.bot_held_at: float | None = None
        self.events: asyncio.Queue[CallerEvent] = asyncio.Queue()
        self.clock = CallClock.starting_at(0.0)
        self.turn_taking = TurnTaking(
            TurnDetector(end_of_turn_ms=300, onset_ms=60),
            player,
            self.events,
            self.clock,
            interrupt_ms=800,
            now=lambda: self.now,
        )

    async def says(self, pcm: bytes) -> CallerSpoke:
        pcm += SILENCE * 20  # the pause that ends the turn
        for start in range(0, len(pcm) - PCM_FRAME_BYTES + 1, PCM_FRAME_BYTES):
            self.now += 0.02
            await self.turn_taking.on_audio(pcm[start : start + PCM_FRAME_BYTES])
            if self.player.held and self.bot_held_at is None:
                self.bot_held_at = self.now
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
