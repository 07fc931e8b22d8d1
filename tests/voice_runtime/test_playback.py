"""Pacing playout alone: a reply's audio in; `media` frames, a `mark` after each sentence
and one at the reply's end out — softer while the caller talks over the bot."""

from __future__ import annotations

import asyncio
import base64

from integrations.speech.audio import mulaw_frames, quieter
from integrations.speech.null_engines import tone_mulaw
from tests.voice_runtime.wire import Wire, echo_marks
from voice_runtime.metrics import RuntimeMetrics
from voice_runtime.playback import DUCK_GAIN, END_MARK, LEAD_FRAMES, Player, Reply, ReplyChunk


def reply_of(*milliseconds: int) -> Reply:
    reply = Reply(id="r1")
    for index, length in enumerate(milliseconds):
        reply.add(ReplyChunk(f"Sentence {index}.", tone_mulaw(length)))
    reply.done_adding()
    return reply


def payloads(wire: Wire) -> list[bytes]:
    media = [m for m in wire.sent if m["event"] == "media"]
    return [base64.b64decode(m["media"]["payload"]) for m in media]


async def test_frames_go_out_with_a_mark_after_each_sentence_and_at_the_end() -> None:
    wire = Wire()
    player = Player(wire.outbox())
    reply = reply_of(100, 60)
    player.start(reply)
    await echo_marks(wire, player, reply)
    assert wire.events() == ["media"] * 5 + ["mark"] + ["media"] * 3 + ["mark", "mark"]
    assert wire.marks() == ["r1:0", "r1:1", f"r1:{END_MARK}"]
    assert payloads(wire) == mulaw_frames(reply.chunks[0].audio + reply.chunks[1].audio)
    assert reply.heard_chunks == 2 and not reply.interrupted
    assert reply.first_frame_at is not None


async def test_a_ducked_reply_goes_on_softer() -> None:
    wire = Wire()
    player = Player(wire.outbox())
    reply = reply_of(100)
    player.start(reply)
    player.duck()  # before its first frame: the caller began to speak
    await echo_marks(wire, player, reply)
    assert payloads(wire) == [
        quieter(frame, DUCK_GAIN) for frame in mulaw_frames(reply.chunks[0].audio)
    ]


async def test_a_goodbye_is_not_ducked_or_held() -> None:
    wire = Wire()
    player = Player(wire.outbox())
    reply = reply_of(100)
    reply.interruptible = False
    player.start(reply)
    player.duck()
    assert not await player.hold()
    await echo_marks(wire, player, reply)
    assert payloads(wire) == mulaw_frames(reply.chunks[0].audio)
    assert "clear" not in wire.events()


async def test_the_frames_sent_ahead_stay_ahead() -> None:
    # At the reply's start the frames ahead and the one due now go out at once; the next
    # is due a frame later. (Before, the frames ahead moved the schedule on with them, so
    # each later frame came just as the caller's buffer ran dry.) The clock stands still.
    wire = Wire()
    player = Player(wire.outbox(), clock=lambda: 100.0)
    player.start(reply_of(200))
    for _ in range(20):
        await asyncio.sleep(0)
    assert len(payloads(wire)) >= LEAD_FRAMES + 1
    await player.cancel()


async def a_sentence_played_out() -> tuple[Wire, RuntimeMetrics, Player, Reply]:
    """A reply's first sentence sent, and its time on the line over; more may follow."""
    wire, metrics = Wire(), RuntimeMetrics()
    player = Player(wire.outbox(), metrics=metrics)
    reply = Reply(id="r1")
    reply.add(ReplyChunk("Sentence 0.", tone_mulaw(60)))
    player.start(reply)
    while len(payloads(wire)) < 3:
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.1)
    return wire, metrics, player, reply


async def test_a_sentence_that_comes_after_the_last_one_played_out_is_an_underrun() -> None:
    wire, metrics, player, reply = await a_sentence_played_out()
    reply.add(ReplyChunk("Sentence 1.", tone_mulaw(60)))  # the caller heard a gap
    reply.done_adding()
    await echo_marks(wire, player, reply)
    assert metrics.underruns == 1


async def test_a_reply_whose_end_is_known_only_after_its_last_audio_has_no_underrun() -> None:
    # The dialogue engine may say it has no more to say after the last sentence has played
    # (an LLM's stream closes late): the caller heard the reply end, not a gap within it.
    wire, metrics, player, reply = await a_sentence_played_out()
    reply.done_adding()
    await echo_marks(wire, player, reply)
    assert metrics.underruns == 0
    assert wire.marks() == ["r1:0", f"r1:{END_MARK}"]
