"""A caller that speaks Twilio's protocol: what `voiceagent call`, the tests and the load
benchmark use to phone a bot on a running runtime.

It does what Twilio does: POSTs the signed voice webhook and reads the TwiML
(voice_runtime/simulated_twilio.py), opens the media stream with a signed upgrade, sends
`connected` and `start`, then 20 ms μ-law frames in real time — silence, or the caller's
speech — and plays the bot's audio on a simulated playout clock, echoing each `mark` when
the audio before it has played and flushing on `clear` (echoing the flushed marks at once,
as Twilio does). The bot has finished a reply
when the reply's `<id>:end` mark has played out, however long TTS paused between its
sentences; silence alone counts only after QUIET_FALLBACK_MS (a reply cut off by `clear`
has no end mark).

    async with SimulatedCall.dial(config, to_number="+4315550100") as call:
        await call.wait_for_bot_quiet()
        turn = await call.say(pcm8k)          # speaks, then waits for the bot's answer
        print(turn.latency_ms)
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import secrets
import socket
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx
from websockets.asyncio.client import ClientConnection, connect

from integrations.speech.audio import (
    MULAW_FRAME_BYTES,
    mulaw_frames,
    mulaw_to_pcm,
    pcm_to_mulaw,
    rms,
    silence_mulaw,
)
from voice_runtime.playback import END_MARK
from voice_runtime.signatures import SignatureChecker
from voice_runtime.simulated_twilio import CallerConfig, parse_twiml, post_voice_webhook

FRAME_SECONDS = 0.02
SILENT_FRAME = silence_mulaw(20)
# A frame of the bot's audio louder than this counts as speech (not padding silence).
AUDIBLE_RMS = 200
# Without a reply's end mark, how long the bot must be silent to count as finished: far
# longer than TTS pauses between sentences on a loaded host.
QUIET_FALLBACK_MS = 4000


@dataclass
class TurnResult:
    latency_ms: float | None  # the caller's last speech frame → the bot's first audible frame
    bot_audio: bytes  # μ-law of the bot's answer


@dataclass
class CallLog:
    """What came back, with monotonic times."""

    media_times: list[float] = field(default_factory=list)
    clear_times: list[float] = field(default_factory=list)
    speech_started: list[float] = field(default_factory=list)  # the caller began talking
    # Frame counts, for what happened when, in the call's own 20 ms steps: how many bot
    # frames had arrived when the caller began talking, and how many frames of that speech
    # the caller had sent when each `clear` arrived.
    bot_frames_at_speech_start: list[int] = field(default_factory=list)
    speech_frames_at_clear: list[int] = field(default_factory=list)
    marks_echoed: list[str] = field(default_factory=list)
    closed_at: float | None = None
    close_code: int | None = None


def trim_silence(pcm8k: bytes) -> bytes:
    """Speech without leading and trailing quiet, so latency counts from the last word."""
    frame = 320
    loud = [i for i in range(0, len(pcm8k), frame) if rms(pcm8k[i : i + frame]) > AUDIBLE_RMS]
    return pcm8k[loud[0] : loud[-1] + frame] if loud else pcm8k


class SimulatedCall:
    def __init__(self, websocket: ClientConnection, *, call_sid: str, stream_sid: str) -> None:
        self.websocket = websocket
        self.call_sid = call_sid
        self.stream_sid = stream_sid
        self.log = CallLog()
        self.bot_audio = bytearray()  # every frame the bot sent, in order
        self._outgoing: asyncio.Queue[bytes] = asyncio.Queue()
        self._sequence = 0
        self._chunk = 0
        self._speaking = False
        self._speech_frames = 0  # frames of the current (or last) speech sent
        self._playout_end = 0.0
        # name → (its echo, bot frames before it)
        self._pending_marks: dict[str, tuple[asyncio.TimerHandle, int]] = {}
        self._last_audible_at = 0.0
        self._frames_heard_to_end = 0  # bot frames up to the last end mark that played out
        self._tasks: list[asyncio.Task[Any]] = []
        self.closed = asyncio.Event()

    # ---- dialling -------------------------------------------------------------------

    @classmethod
    @contextlib.asynccontextmanager
    async def dial(
        cls,
        config: CallerConfig,
        *,
        to_number: str,
        call_sid: str | None = None,
        http: httpx.AsyncClient | None = None,
        receive_buffer: int | None = None,
    ) -> AsyncIterator[SimulatedCall]:
        """Ring the bot; yields the connected call, hangs up (stop) on exit."""
        call_sid = call_sid or "CA" + secrets.token_hex(16)
        async with contextlib.AsyncExitStack() as stack:
            if http is None:
                http = await stack.enter_async_context(httpx.AsyncClient(timeout=10))
            twiml = await post_voice_webhook(
                config, to_number=to_number, call_sid=call_sid, client=http
            )
            url, parameters = parse_twiml(twiml)
            call = await stack.enter_async_context(
                cls.open_stream(
                    config, url, parameters, call_sid=call_sid, receive_buffer=receive_buffer
                )
            )
            yield call

    @classmethod
    @contextlib.asynccontextmanager
    async def open_stream(
        cls,
        config: CallerConfig,
        url: str,
        parameters: dict[str, str],
        *,
        call_sid: str,
        signature: str | None = None,
        send_start: bool = True,
        receive_buffer: int | None = None,
    ) -> AsyncIterator[SimulatedCall]:
        """`receive_buffer` shrinks the socket's receive buffer (bytes), so a client that
        stops reading stalls the runtime's sends within seconds, not minutes."""
        signature = signature or SignatureChecker(config.auth_token).sign(url, {})
        # Twilio connects to the URL in the TwiML; the simulator reaches the same path on the
        # runtime's real address (the public one may be a tunnel that does not exist here).
        connect_url = config.runtime_url.replace("http", "ws", 1) + urlsplit(url).path
        options: dict[str, Any] = {}
        if receive_buffer is not None:
            sock = socket.socket()
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
            sock.setblocking(False)
            address = urlsplit(connect_url)
            await asyncio.get_running_loop().sock_connect(sock, (address.hostname, address.port))
            options["sock"] = sock
        async with connect(
            connect_url,
            additional_headers={"X-Twilio-Signature": signature},
            max_size=2**20,
            open_timeout=10,
            **options,
        ) as websocket:
            call = cls(websocket, call_sid=call_sid, stream_sid="MZ" + secrets.token_hex(16))
            await call.send_json({"event": "connected", "protocol": "Call", "version": "1.0.0"})
            if send_start:
                await call.send_start(parameters)
            call._tasks = [
                asyncio.create_task(call._receive()),
                asyncio.create_task(call._send_frames()),
            ]
            try:
                yield call
            finally:
                await call.hang_up()

    # ---- sending --------------------------------------------------------------------

    async def send_json(self, message: dict[str, Any]) -> None:
        self._sequence += 1
        message.setdefault("sequenceNumber", str(self._sequence))
        await self.send_raw(json.dumps(message))

    async def send_raw(self, text: str) -> None:
        with contextlib.suppress(Exception):
            await self.websocket.send(text)

    async def send_start(self, parameters: dict[str, str]) -> None:
        await self.send_json(
            {
                "event": "start",
                "streamSid": self.stream_sid,
                "start": {
                    "streamSid": self.stream_sid,
                    "accountSid": "AC" + "0" * 32,
                    "callSid": self.call_sid,
                    "tracks": ["inbound"],
                    "customParameters": parameters,
                    "mediaFormat": {"encoding": "audio/x-mulaw", "sampleRate": 8000, "channels": 1},
                },
            }
        )

    def skip_frames(self, count: int) -> None:
        """Lose the next `count` media frames on the way, as a broken network would."""
        self._chunk += count
        self._sequence += count

    def stop_reading(self) -> None:
        """Stop reading the bot's messages (a stalled client); the runtime's sends pile up
        in the socket buffers until they are full."""
        self._tasks[0].cancel()  # the receiver; websockets then stops reading the socket
        transport = self.websocket.transport
        if transport is not None:
            transport.pause_reading()

    async def press(self, digit: str) -> None:
        await self.send_json(
            {
                "event": "dtmf",
                "streamSid": self.stream_sid,
                "dtmf": {"track": "inbound_track", "digit": digit},
            }
        )

    async def _send_frames(self) -> None:
        """20 ms frames in real time, like a phone line: queued speech, else silence."""
        next_at = time.monotonic()
        while not self.closed.is_set():
            try:
                frame = self._outgoing.get_nowait()
                if not self._speaking:
                    self._speaking = True
                    self._speech_frames = 0
                    self.log.speech_started.append(time.monotonic())
                    self.log.bot_frames_at_speech_start.append(
                        len(self.bot_audio) // MULAW_FRAME_BYTES
                    )
                self._speech_frames += 1
            except asyncio.QueueEmpty:
                frame = SILENT_FRAME
                self._speaking = False
            self._chunk += 1
            await self.send_json(
                {
                    "event": "media",
                    "streamSid": self.stream_sid,
                    "media": {
                        "track": "inbound",
                        "chunk": str(self._chunk),
                        "timestamp": str(self._chunk * 20),
                        "payload": base64.b64encode(frame).decode(),
                    },
                }
            )
            next_at += FRAME_SECONDS
            delay = next_at - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            elif delay < -0.2:
                next_at = time.monotonic()  # fell far behind (overloaded host): do not burst

    async def speak(self, pcm8k: bytes) -> float:
        """Queue the caller's speech; returns when its last frame has been sent (monotonic)."""
        frames = mulaw_frames(pcm_to_mulaw(pcm8k))
        for frame in frames:
            self._outgoing.put_nowait(frame)
        while not self._outgoing.empty() and not self.closed.is_set():
            await asyncio.sleep(0.01)
        return time.monotonic()

    # ---- receiving ------------------------------------------------------------------

    async def _receive(self) -> None:
        try:
            async for text in self.websocket:
                self._on_message(json.loads(text))
        except Exception:  # noqa: S110 (the runtime closed the call; recorded below)
            pass
        finally:
            self.log.closed_at = time.monotonic()
            self.log.close_code = self.websocket.close_code
            self.closed.set()

    def _on_message(self, message: dict[str, Any]) -> None:
        now = time.monotonic()
        event = message.get("event")
        if event == "media":
            frame = base64.b64decode(message["media"]["payload"])
            self.bot_audio += frame
            self.log.media_times.append(now)
            if rms(mulaw_to_pcm(frame)) > AUDIBLE_RMS:
                self._last_audible_at = now
            self._playout_end = max(self._playout_end, now) + len(frame) / MULAW_FRAME_BYTES * 0.02
        elif event == "mark":
            name = message["mark"]["name"]
            delay = max(0.0, self._playout_end - now)
            loop = asyncio.get_running_loop()
            frames = len(self.bot_audio) // MULAW_FRAME_BYTES
            echo = loop.call_later(delay, self._echo_mark, name, frames)
            self._pending_marks[name] = (echo, frames)
        elif event == "clear":
            self.log.clear_times.append(now)
            self.log.speech_frames_at_clear.append(self._speech_frames)
            self._playout_end = now
            for name, (echo, frames) in list(self._pending_marks.items()):
                echo.cancel()
                self._echo_mark(name, frames)

    def _echo_mark(self, name: str, frames_before: int) -> None:
        self._pending_marks.pop(name, None)
        if name.rpartition(":")[2] == END_MARK:
            self._frames_heard_to_end = max(self._frames_heard_to_end, frames_before)
        self.log.marks_echoed.append(name)
        task = asyncio.ensure_future(
            self.send_json({"event": "mark", "streamSid": self.stream_sid, "mark": {"name": name}})
        )
        self._tasks.append(task)

    # ---- conversation helpers -------------------------------------------------------

    def bot_is_talking(self, quiet_ms: float = QUIET_FALLBACK_MS) -> bool:
        """Playing, or sent audio whose reply has not ended (and was not quiet `quiet_ms`)."""
        now = time.monotonic()
        if now < self._playout_end:
            return True
        reply_open = len(self.bot_audio) // MULAW_FRAME_BYTES > self._frames_heard_to_end
        return reply_open and now - self._last_audible_at < quiet_ms / 1000

    async def wait_for_bot_audio(self, timeout: float = 10, *, after: float = 0.0) -> float:
        """Until the bot's audio is audible (later than `after`); returns when (monotonic)."""
        deadline = time.monotonic() + timeout
        while self._last_audible_at <= after or time.monotonic() - self._last_audible_at > 0.05:
            if self.closed.is_set() or time.monotonic() > deadline:
                raise TimeoutError("the bot did not speak")
            await asyncio.sleep(0.005)
        return self._last_audible_at

    async def wait_for_bot_quiet(
        self, quiet_ms: float = QUIET_FALLBACK_MS, timeout: float = 30
    ) -> None:
        """Until the bot has spoken and its reply has ended (its end mark played out), or
        it has been quiet for `quiet_ms`."""
        deadline = time.monotonic() + timeout
        while self._last_audible_at == 0 or self.bot_is_talking(quiet_ms):
            if self.closed.is_set():
                return
            if time.monotonic() > deadline:
                raise TimeoutError("the bot did not stop talking")
            await asyncio.sleep(0.01)

    async def say(self, pcm8k: bytes, *, answer_timeout: float = 15) -> TurnResult:
        """Speak, then wait for the bot's whole answer."""
        audio_before = len(self.bot_audio)
        audible_before = self._last_audible_at
        spoken_at = await self.speak(trim_silence(pcm8k))
        deadline = time.monotonic() + answer_timeout
        while self._last_audible_at <= max(spoken_at, audible_before):
            if self.closed.is_set() or time.monotonic() > deadline:
                return TurnResult(None, bytes(self.bot_audio[audio_before:]))
            await asyncio.sleep(0.002)
        first_audible = self._last_audible_at
        await self.wait_for_bot_quiet(timeout=answer_timeout)
        return TurnResult((first_audible - spoken_at) * 1000, bytes(self.bot_audio[audio_before:]))

    async def hang_up(self) -> None:
        if not self.closed.is_set():
            await self.send_json(
                {"event": "stop", "streamSid": self.stream_sid, "stop": {"callSid": self.call_sid}}
            )
            with contextlib.suppress(Exception):
                await self.websocket.close()
            self.closed.set()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
