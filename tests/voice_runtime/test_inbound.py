"""The decoding processor alone: Twilio's messages in as plain strings, frames out."""

from __future__ import annotations

import base64
import json

from integrations.speech.audio import MULAW_FRAME_BYTES, PCM_FRAME_BYTES, silence_mulaw
from voice_runtime.inbound import Inbound
from voice_runtime.media_protocol import Mark, Media
from voice_runtime.metrics import RuntimeMetrics
from voice_runtime.stream_limits import StreamLimits

FRAME = silence_mulaw(20)


def media(payload: bytes, chunk: int, track: str = "inbound") -> str:
    body = {"track": track, "chunk": str(chunk), "timestamp": str(chunk * 20)}
    body["payload"] = base64.b64encode(payload).decode()
    return json.dumps({"event": "media", "streamSid": "MZ1", "media": body})


def test_frames_in_order_become_20_ms_pcm_frames_and_others_are_dropped() -> None:
    metrics = RuntimeMetrics()
    inbound = Inbound(metrics, StreamLimits())
    frames = []
    for now, chunk in enumerate([1, 2, 2, 1, 5]):  # one repeated, one late, two lost
        frame = inbound.parse(media(FRAME, chunk), float(now))
        assert isinstance(frame, Media)
        frames += inbound.pcm_frames(frame, float(now))
    assert [len(f) for f in frames] == [PCM_FRAME_BYTES] * 3
    assert metrics.malformed_messages == 2
    outbound = inbound.parse(media(FRAME, 6, track="outbound"), 5.0)
    assert isinstance(outbound, Media) and inbound.pcm_frames(outbound, 5.0) == []


def test_odd_sized_audio_is_reframed() -> None:
    inbound = Inbound(RuntimeMetrics(), StreamLimits())
    audio = silence_mulaw(60)
    sizes = []
    for chunk, (start, end) in enumerate([(0, 100), (100, 250), (250, len(audio))], start=1):
        frame = inbound.parse(media(audio[start:end], chunk), 0.0)
        assert isinstance(frame, Media)
        sizes.append(len(inbound.pcm_frames(frame, 0.0)))
    assert sizes == [0, 1, 2]  # 100 bytes, then 250, then 480 of 160-byte frames
    assert len(audio) == 3 * MULAW_FRAME_BYTES


def test_malformed_and_unknown_messages_are_none_and_counted() -> None:
    metrics = RuntimeMetrics()
    inbound = Inbound(metrics, StreamLimits())
    assert inbound.parse("not json", 0.0) is None
    assert inbound.parse(json.dumps({"event": "nonsense"}), 0.0) is None
    assert metrics.malformed_messages == 2
    mark = json.dumps({"event": "mark", "streamSid": "MZ1", "mark": {"name": "a:0"}})
    assert inbound.parse(mark, 0.0) == Mark("a:0")
