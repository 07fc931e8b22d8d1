"""The synthesizing processor alone: a reply's text in, its audio out sentence by sentence."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from integrations.speech.base import SpeechServiceError
from integrations.speech.null_engines import ToneSynthesizer
from voice_runtime.playback import Reply
from voice_runtime.synthesis import Synthesis, sentences, written_sentences


def test_a_text_is_said_sentence_by_sentence() -> None:
    assert sentences(" Hello there.  How are you? Fine! ") == [
        "Hello there.",
        "How are you?",
        "Fine!",
    ]
    assert sentences("No full stop") == ["No full stop"]
    assert sentences("  ") == []


async def test_each_sentence_is_added_as_it_is_synthesized() -> None:
    ticks = iter([4.0, 5.0, 5.04, 9.0])  # first sentence written, asked for, heard; second
    synthesis = Synthesis(ToneSynthesizer(), now=lambda: next(ticks))
    reply = Reply(id="r1")
    await synthesis.fill(reply, "Hello there. We are open from nine.")
    assert [chunk.text for chunk in reply.chunks] == ["Hello there.", "We are open from nine."]
    assert all(chunk.audio for chunk in reply.chunks)
    assert reply.synthesis_done
    assert reply.first_audio_after is not None and round(reply.first_audio_after, 2) == 0.04
    assert synthesis.characters == len("Hello there.") + len("We are open from nine.")


class BreaksOnSecondSentence:
    def __init__(self) -> None:
        self._said = 0

    async def synthesize(self, text: str) -> AsyncIterator[bytes]:
        self._said += 1
        if self._said > 1:
            raise SpeechServiceError("the voice went away")
        yield b"\xff" * 160

    async def aclose(self) -> None:
        return None


async def test_a_voice_that_breaks_ends_the_reply_with_what_it_said() -> None:
    synthesis = Synthesis(BreaksOnSecondSentence())
    reply = Reply(id="r2")
    await synthesis.fill(reply, "One. Two. Three.")
    assert [chunk.text for chunk in reply.chunks] == ["One."]
    assert reply.synthesis_done  # the player ends the reply instead of waiting for more
    assert synthesis.characters == len("One.")


async def test_a_text_written_in_pieces_goes_to_tts_sentence_by_sentence_as_it_comes() -> None:
    came: list[str] = []

    async def writing() -> AsyncIterator[str]:
        for piece in ["Wir haben ", "offen. Am", " Samstag ", "nicht! Sonst", " gern."]:
            came.append(piece)
            yield piece

    said = []
    async for sentence in written_sentences(writing()):
        said.append((sentence, len(came)))
    # Each sentence as soon as the piece that ends it has come, the last at the end.
    assert said == [("Wir haben offen.", 2), ("Am Samstag nicht!", 4), ("Sonst gern.", 5)]


class Trickles:
    """A voice that streams each sentence's audio in three pieces, the test in between."""

    def __init__(self) -> None:
        self.go_on = asyncio.Event()

    async def synthesize(self, text: str) -> AsyncIterator[bytes]:
        yield b"\x01" * 200
        await self.go_on.wait()
        yield b"\x02" * 200
        yield b"\x03" * 30

    async def aclose(self) -> None:
        return None


async def test_a_sentence_is_playable_from_its_first_audio() -> None:
    voice = Trickles()
    reply = Reply(id="r3")
    filling = asyncio.create_task(Synthesis(voice).fill(reply, "Hello there."))
    while not reply.chunks:
        await asyncio.sleep(0)
    (chunk,) = reply.chunks
    assert not chunk.complete
    assert chunk.frames() == [b"\x01" * 160]  # whole frames only, while more is coming
    voice.go_on.set()
    await filling
    assert chunk.complete and reply.synthesis_done
    assert len(chunk.frames()) == 3  # 430 bytes: the last frame padded with silence


class Counts:
    """A voice that notes each sentence it is asked for."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    async def synthesize(self, text: str) -> AsyncIterator[bytes]:
        self.asked.append(text)
        yield text.encode() * 10

    async def aclose(self) -> None:
        return None


async def test_a_reply_prepared_ahead_is_said_without_waiting_for_the_voice() -> None:
    voice = Counts()
    synthesis = Synthesis(voice)
    synthesis.prepare("Not this one.")
    synthesis.prepare("You are booked. See you!")  # the read-back's "yes" would say this
    await asyncio.sleep(0.01)
    assert voice.asked == ["You are booked.", "See you!"]  # the first dropped before it began
    asked_ahead = len(voice.asked)
    reply = Reply(id="r4")
    await synthesis.fill(reply, "You are booked. See you! Anything else?")
    assert voice.asked[asked_ahead:] == ["Anything else?"]  # only the sentence not prepared
    assert [chunk.audio for chunk in reply.chunks][0] == b"You are booked." * 10
    assert synthesis.characters == len("You are booked. See you! Anything else?") - 2
    await synthesis.fill(Reply(id="r5"), "You are booked.")  # used once: asked again
    assert voice.asked[-1] == "You are booked."
