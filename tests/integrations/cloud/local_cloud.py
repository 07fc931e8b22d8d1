"""Local HTTP servers standing in for Google Speech, ElevenLabs and an OpenAI-compatible chat
model: nothing here can reach the real ones. Each checks what the real service requires of
a request (the key header, the body's shape) and answers like it — a transcript, a stream of
μ-law audio, a stream of server-sent events — or fails the way a service fails, as told:

    cloud.mode["openai"] = "ok" | "error" (HTTP 500) | "hang" (never answers) | "garbage"
                           | "broken-stream" (chat only: a chunk that is not JSON)
                           | "held" (answers once the test calls `cloud.let_go.set()`)

and `cloud.speech_pause_s` makes ElevenLabs slow to start each sentence (a loaded service).
Set to a real service's speeds (bench/cloud_latency.py): `recognition_s` before Google
answers, `first_token_s` before the chat model's first token and `token_s` between tokens,
`audio_speed` (times real time) at which ElevenLabs streams each sentence's audio. A chat
stream the client closes early is counted in `chat_streams_cut`; one it wrote to the end
is noted in `chat_streams_ended`. A plan step may set its own `pause_s` between tokens.

Every request is recorded (path, query, headers, JSON body) for the tests to inspect.

The chat model also plays tool calls, as told: each entry of `cloud.plan` is one answer,
`{"tool": name, "arguments": {...}}` (streamed as `delta.tool_calls` in pieces, as OpenAI
does) or `{"text": "..."}`; without a plan it answers `answer_chunks`. Like OpenAI it
refuses (HTTP 400) a request whose messages lack a role or text, whose `max_tokens` or
`temperature` is out of range, whose `tools` are not well-formed function definitions, whose
messages break the tool-call round trip (an assistant message with `tool_calls` must be
followed by one `tool` message per call id, and a `tool` message must answer one), or that
does not send back the tool call it was just given; and it only calls a tool it was offered,
with arguments its schema allows (a wrong plan fails the test, not the engine).
"""

from __future__ import annotations

import asyncio
import json
import re
import socket
import time
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
    speech_pause_s: float = 0.0  # ElevenLabs thinks this long before each sentence's audio
    audio_speed: float | None = None  # ElevenLabs streams this many times real time; None: at once
    recognition_s: float = 0.0
    first_token_s: float = 0.0
    token_s: float = 0.001
    chat_streams_cut: int = 0
    chat_streams_ended: list[float] = field(default_factory=list)  # monotonic, when [DONE] went
    requests: list[Recorded] = field(default_factory=list)
    plan: list[dict[str, Any]] = field(default_factory=list)
    issued: list[dict[str, Any]] = field(default_factory=list)  # tool calls given, unanswered
    refusals: list[str] = field(default_factory=list)
    let_go: asyncio.Event = field(default_factory=asyncio.Event)  # ends mode "held"

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
        await asyncio.sleep(self.recognition_s)
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
        await asyncio.sleep(self.speech_pause_s)
        response = web.StreamResponse(headers={"Content-Type": "audio/basic"})
        piece = 1000 if self.audio_speed is None else 400  # streamed in uneven pieces
        pause = 0.001 if self.audio_speed is None else piece / 8000 / self.audio_speed
        try:
            await response.prepare(request)
            for start in range(0, len(self.audio), piece):
                await response.write(self.audio[start : start + piece])
                await asyncio.sleep(pause)
        except ConnectionResetError:
            return response  # the sentence was cut (a barge-in): nothing more to send
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
        problem = (
            body_problem(body)
            or tools_problem(body.get("tools"))
            or self._round_trip_problem(body["messages"])
        )
        if problem:
            self.refusals.append(problem)
            error = {"type": "invalid_request_error", "message": problem}
            return web.json_response({"error": error}, status=400)
        step = self.plan.pop(0) if self.plan else {"chunks": self.answer_chunks}
        if "tool" in step:
            deltas = self._tool_deltas(step, body)
        else:
            deltas = _text_deltas(step.get("chunks") or [step["text"]])
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        try:
            await response.prepare(request)
            await response.write(b": keep-alive\n\n")
            if self.mode["openai"] == "broken-stream":  # a proxy that mangles the event stream
                await response.write(b"data: {not json\n\n")
            await asyncio.sleep(self.first_token_s)
            for delta in deltas:
                choice = {"index": 0, "delta": delta, "finish_reason": None}
                chunk = {"id": "chatcmpl-local", "object": "chat.completion.chunk",
                         "choices": [choice]}  # fmt: skip
                await response.write(f"data: {json.dumps(chunk)}\n\n".encode())
                await asyncio.sleep(step.get("pause_s", self.token_s))
            await response.write(b"data: [DONE]\n\n")
            self.chat_streams_ended.append(time.monotonic())
        except asyncio.CancelledError:
            self.chat_streams_cut += 1  # the client stopped reading before the end
            raise
        except ConnectionResetError:
            # The client gave up (a barge-in, its answer timeout): as a service would, stop
            # writing, without the traceback aiohttp logs for an error let through.
            self.chat_streams_cut += 1
            return response
        await response.write_eof()
        return response

    def _tool_deltas(self, step: dict[str, Any], body: dict[str, Any]) -> list[dict[str, Any]]:
        """A tool call, in three pieces: id and name, then the arguments split in two."""
        offered = {tool["function"]["name"]: tool for tool in body.get("tools") or []}
        tool = offered.get(step["tool"])
        assert tool is not None, f"the plan calls {step['tool']!r}, which was not offered"
        problem = arguments_problem(tool["function"]["parameters"], step["arguments"])
        assert problem is None, f"the plan's arguments for {step['tool']}: {problem}"
        arguments = json.dumps(step["arguments"], ensure_ascii=False)
        call_id = f"call_{len(self.requests):04d}"
        self.issued.append({"id": call_id, "name": step["tool"], "arguments": arguments})
        half = len(arguments) // 2
        first = {"index": 0, "id": call_id, "type": "function",
                 "function": {"name": step["tool"], "arguments": ""}}  # fmt: skip
        return [
            {"role": "assistant", "content": None, "tool_calls": [first]},
            {"tool_calls": [{"index": 0, "function": {"arguments": arguments[:half]}}]},
            {"tool_calls": [{"index": 0, "function": {"arguments": arguments[half:]}}]},
        ]

    def _round_trip_problem(self, messages: list[Any]) -> str | None:
        """Tool calls answered in OpenAI's shape, and the one just issued sent back."""
        problem = messages_problem(messages)
        if problem or not self.issued:
            return problem
        sent = [
            {"id": c.get("id"), "name": c["function"].get("name"),
             "arguments": c["function"].get("arguments")}
            for m in messages if m.get("role") == "assistant"
            for c in m.get("tool_calls") or []
        ]  # fmt: skip
        missing = [call for call in self.issued if call not in sent]
        self.issued = []
        return f"the tool call {missing[0]['id']} was not sent back as given" if missing else None

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
        if mode == "held":
            await self.let_go.wait()
        if mode == "garbage":
            return web.Response(text="<html>gateway error</html>", content_type="text/html")
        return None


def _text_deltas(chunks: list[str]) -> list[dict[str, Any]]:
    return [
        {"content": text} if index else {"role": "assistant", "content": text}
        for index, text in enumerate(chunks)
    ]


_TOOL_NAME = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")
_JSON_TYPES = {"string": str, "integer": int, "number": (int, float), "boolean": bool}


_ROLES = {"system", "user", "assistant", "tool"}


def body_problem(body: dict[str, Any]) -> str | None:
    """What OpenAI would refuse in the body itself: a message without a known role or
    without text (only an assistant's tool call may come without), a `max_tokens` that is
    no positive whole number, a `temperature` outside 0..2."""
    if not isinstance(body["messages"], list):
        return "messages must be an array"
    for message in body["messages"]:
        if not isinstance(message, dict) or message.get("role") not in _ROLES:
            return "each message needs a role: system, user, assistant or tool"
        content = message.get("content")
        if not isinstance(content, str) and not (
            content is None and message["role"] == "assistant" and message.get("tool_calls")
        ):
            return f"a {message['role']} message's content must be a string"
    tokens = body.get("max_tokens", 1)
    if isinstance(tokens, bool) or not isinstance(tokens, int) or tokens < 1:
        return "max_tokens must be a positive integer"
    temperature = body.get("temperature", 1)
    if isinstance(temperature, bool) or not isinstance(temperature, int | float):
        return "temperature must be a number"
    if not 0 <= temperature <= 2:
        return "temperature must be between 0 and 2"
    return None


def tools_problem(tools: Any) -> str | None:
    """What OpenAI would refuse in `tools`: each a function with a valid name, a description
    and an object schema whose required fields are among its typed, described properties."""
    if tools is None:
        return None
    if not isinstance(tools, list) or not tools:
        return "tools must be a non-empty array"
    names = set()
    for tool in tools:
        function = tool.get("function") if isinstance(tool, dict) else None
        if tool.get("type") != "function" or not isinstance(function, dict):
            return "each tool must be {type: function, function: {...}}"
        name = function.get("name", "")
        if not isinstance(name, str) or not _TOOL_NAME.match(name) or name in names:
            return f"invalid or repeated tool name {name!r}"
        names.add(name)
        if not isinstance(function.get("description"), str) or not function["description"]:
            return f"{name}: a description says the model when to call it"
        schema = function.get("parameters")
        if not isinstance(schema, dict) or schema.get("type") != "object":
            return f"{name}: parameters must be a JSON schema of type object"
        properties = schema.get("properties", {})
        for field_name, spec in properties.items():
            if spec.get("type") not in _JSON_TYPES or not spec.get("description"):
                return f"{name}.{field_name}: each property needs a type and a description"
        if not set(schema.get("required", [])) <= set(properties):
            return f"{name}: required names a property that does not exist"
        if schema.get("additionalProperties") is not False:
            return f"{name}: additionalProperties must be false"
    return None


def arguments_problem(schema: dict[str, Any], arguments: dict[str, Any]) -> str | None:
    properties = schema.get("properties", {})
    if unknown := set(arguments) - set(properties):
        return f"unknown arguments {sorted(unknown)}"
    if missing := set(schema.get("required", [])) - set(arguments):
        return f"missing arguments {sorted(missing)}"
    for name, value in arguments.items():
        if not isinstance(value, _JSON_TYPES[properties[name]["type"]]):
            return f"{name} is not a {properties[name]['type']}"
    return None


def messages_problem(messages: list[Any]) -> str | None:
    """An assistant message with tool_calls must be followed by a tool message for each of
    its ids (and nothing else in between); a tool message must answer such a call."""
    waiting: list[str] = []
    for message in messages:
        role = message.get("role") if isinstance(message, dict) else None
        if role == "tool":
            if message.get("tool_call_id") not in waiting:
                return "a tool message must respond to a preceding message with tool_calls"
            if not isinstance(message.get("content"), str):
                return "a tool message's content must be a string"
            waiting.remove(message["tool_call_id"])
            continue
        if waiting:
            return (
                "an assistant message with 'tool_calls' must be followed by tool messages "
                f"responding to each 'tool_call_id' (missing: {', '.join(waiting)})"
            )
        if role == "assistant" and message.get("tool_calls"):
            for call in message["tool_calls"]:
                function = call.get("function") or {}
                if call.get("type") != "function" or not call.get("id"):
                    return "each tool call needs an id and type function"
                try:
                    json.loads(function.get("arguments", ""))
                except ValueError:
                    return "tool call arguments must be JSON text"
                waiting.append(call["id"])
    return f"tool calls left unanswered: {', '.join(waiting)}" if waiting else None


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
