"""Local HTTP servers standing in for Google Speech, ElevenLabs and an OpenAI-compatible chat
model: nothing here can reach the real ones. Each checks what the real service requires of
a request (the key header, the body's shape) and answers like it — a transcript, a stream of
μ-law audio, a stream of server-sent events — or fails the way a service fails, as told:

    cloud.mode["openai"] = "ok" | "error" (HTTP 500) | "hang" (never answers) | "garbage"
                           | "broken-stream" (chat only: a chunk that is not JSON)

Every request is recorded (path, query, headers, JSON body) for the tests to inspect.
"""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from integrations.speech.null_engines import tone_mulaw

GOOGLE_KEY = "AIzaLocalTestKeyForGoogleSpeech000000000"
ELEVENLABS_KEY = "local-test-elevenlabs-key-0000"
OPENAI_KEY = "sk-local-test-openai-key-000000000000"


@dataclass
class Recorded:
    service: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any


@dataclass
class LocalCloud:
    url: str = ""
    mode: dict[str, str] = field(
        default_factory=lambda: {"google": "ok", "elevenlabs": "ok", "openai": "ok"}
    )
    transcript: str = "what are your opening hours"
    answer_chunks: list[str] = field(
        default_factory=lambda: ["We are open ", "Monday to Friday ", "from nine to five."]
    )
    audio: bytes = field(default_factory=lambda: tone_mulaw(400))
    requests: list[Recorded] = field(default_factory=list)

    def of(self, service: str) -> list[Recorded]:
        return [request for request in self.requests if request.service == service]

    # ---- the services ---------------------------------------------------------------

    async def google(self, request: web.Request) -> web.StreamResponse:
        body = await self._record("google", request)
        if request.headers.get("X-Goog-Api-Key") != GOOGLE_KEY:
            return _error(403, "PERMISSION_DENIED", "API key not valid.")
        if (failure := await self._failure("google")) is not None:
            return failure
        config = body.get("config", {}) if isinstance(body, dict) else {}
        if config.get("encoding") != "LINEAR16" or config.get("sampleRateHertz") != 8000:
            return _error(400, "INVALID_ARGUMENT", "bad audio config")
        if not body.get("audio", {}).get("content"):
            return _error(400, "INVALID_ARGUMENT", "no audio")
        alternatives = [{"transcript": self.transcript, "confidence": 0.93}]
        return web.json_response({"results": [{"alternatives": alternatives}]})

    async def elevenlabs(self, request: web.Request) -> web.StreamResponse:
        body = await self._record("elevenlabs", request)
        if request.headers.get("xi-api-key") != ELEVENLABS_KEY:
            return web.json_response({"detail": {"status": "invalid_api_key"}}, status=401)
        if (failure := await self._failure("elevenlabs")) is not None:
            return failure
        if request.query.get("output_format") != "ulaw_8000" or not body.get("text"):
            return web.json_response({"detail": {"status": "invalid_request"}}, status=422)
        response = web.StreamResponse(headers={"Content-Type": "audio/basic"})
        await response.prepare(request)
        for start in range(0, len(self.audio), 1000):  # streamed in uneven pieces
            await response.write(self.audio[start : start + 1000])
            await asyncio.sleep(0.001)
        await response.write_eof()
        return response

    async def openai(self, request: web.Request) -> web.StreamResponse:
        body = await self._record("openai", request)
        if request.headers.get("Authorization") != f"Bearer {OPENAI_KEY}":
            return web.json_response({"error": {"code": "invalid_api_key"}}, status=401)
        if (failure := await self._failure("openai")) is not None:
            return failure
        if not body.get("stream") or not body.get("messages") or not body.get("model"):
            return web.json_response({"error": {"code": "invalid_request"}}, status=400)
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)
        await response.write(b": keep-alive\n\n")
        if self.mode["openai"] == "broken-stream":  # a proxy that mangles the event stream
            await response.write(b"data: {not json\n\n")
        for index, text in enumerate(self.answer_chunks):
            delta = {"content": text} if index else {"role": "assistant", "content": text}
            chunk = {"id": "chatcmpl-local", "object": "chat.completion.chunk",
                     "choices": [{"index": 0, "delta": delta, "finish_reason": None}]}  # fmt: skip
            await response.write(f"data: {json.dumps(chunk)}\n\n".encode())
            await asyncio.sleep(0.001)
        await response.write(b"data: [DONE]\n\n")
        await response.write_eof()
        return response

    # ---- shared ---------------------------------------------------------------------

    async def _record(self, service: str, request: web.Request) -> Any:
        raw = await request.read()
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw
        self.requests.append(
            Recorded(service, request.path, dict(request.query), dict(request.headers), body)
        )
        return body

    async def _failure(self, service: str) -> web.StreamResponse | None:
        mode = self.mode[service]
        if mode == "error":
            return _error(500, "INTERNAL", "backend error")
        if mode == "hang":
            await asyncio.sleep(3600)
        if mode == "garbage":
            return web.Response(text="<html>gateway error</html>", content_type="text/html")
        return None


def _error(status: int, code: str, message: str) -> web.Response:
    return web.json_response(
        {"error": {"code": status, "status": code, "message": message}}, status=status
    )


@asynccontextmanager
async def running_local_cloud() -> AsyncIterator[LocalCloud]:
    cloud = LocalCloud()
    app = web.Application()
    app.router.add_post("/v1/speech:recognize", cloud.google)
    app.router.add_post("/v1/text-to-speech/{voice_id}/stream", cloud.elevenlabs)
    app.router.add_post("/v1/chat/completions", cloud.openai)
    runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=0.1)
    await runner.setup()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    site = web.SockSite(runner, sock)
    await site.start()
    cloud.url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    try:
        yield cloud
    finally:
        await runner.cleanup()
        sock.close()
