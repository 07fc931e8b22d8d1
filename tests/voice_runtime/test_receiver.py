"""The receiving processor alone: Twilio's messages in as plain strings, each handed to
the processor that owns it."""

from __future__ import annotations

import base64
import json
import time
from collections import deque
from collections.abc import Callable

from integrations.speech.audio import PCM_FRAME_BYTES, silence_mulaw
from voice_runtime.inbound import Inbound
from voice_runtime.metrics import RuntimeMetrics
from voice_runtime.receiver import Receiver, StreamEnd
from voice_runtime.stream_io import StreamClosed
from voice_runtime.stream_limits import StreamLimits


def media(chunk: int) -> str:
    payload = base64.b64encode(silence_mulaw(20)).decode()
    body = {"track": "inbound", "chunk": str(chunk), "timestamp": "0", "payload": payload}
    return json.dumps({"event": "media", "streamSid": "MZ1", "media": body})


def message(event: str, **body: object) -> str:
    return json.dumps({"event": event, "streamSid": "MZ1", **body})


class Stream:
    """The messages a stream sends, then the peer going away; records what was handed on."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = deque(messages)
        self.audio: list[bytes] = []
        self.marks: list[str] = []
        self.keys: list[str] = []

    async def receive_text(self) -> str:
        if not self.messages:
            raise StreamClosed
        return self.messages.popleft()

    async def on_audio(self, frame: bytes) -> None:
        self.audio.append(frame)

    def receiver(self, clock: Callable[[], float] = time.monotonic) -> Receiver:
        limits = StreamLimits()
        return Receiver(
            self.receive_text,
            Inbound(RuntimeMetrics(), limits),
            limits,
            on_audio=self.on_audio,
            on_mark=self.marks.append,
            on_key=self.keys.append,
            clock=clock,
        )


async def test_each_frame_goes_to_its_processor_until_stop() -> None:
    stream = Stream(
        [
            media(1),
            message("mark", mark={"name": "a1:0"}),
            message("dtmf", dtmf={"digit": "5"}),
            "not json",
            media(2),
            message("stop", stop={"callSid": "CA1"}),
            media(3),  # after `stop`: never read
        ]
    )
    assert await stream.receiver().run() is StreamEnd.STOPPED
    assert [len(frame) for frame in stream.audio] == [PCM_FRAME_BYTES] * 2
    assert (stream.marks, stream.keys) == (["a1:0"], ["5"])
    assert len(stream.messages) == 1


async def test_a_stream_that_goes_away_has_stopped() -> None:
    stream = Stream([media(1)])
    assert await stream.receiver().run() is StreamEnd.STOPPED
    assert len(stream.audio) == 1


async def test_a_stream_faster_than_a_phone_line_is_flooding() -> None:
    messages = [media(chunk) for chunk in range(1, 2001)]  # 40 s of audio at one instant
    stream = Stream(messages)
    assert await stream.receiver(clock=lambda: 0.0).run() is StreamEnd.FLOODING
    assert stream.messages  # it stopped reading well before the end
    assert len(stream.audio) == 100  # the 2 s burst the budget allows, no more
