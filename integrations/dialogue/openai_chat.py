"""An OpenAI-compatible chat model as a bot's dialogue engine.

`POST {base}/chat/completions` with `stream: true`: the answer arrives as server-sent events
(`data: {json}` lines, `data: [DONE]` at the end), read as they come so a stalled model
is noticed after one timeout rather than after the whole answer. A call hears the answer
as it is written (`stream`: text pieces, the markers held back until they are clear);
`respond` joins them, for the portal's "Try it" chat. The system prompt carries
the bot's name, language, instructions, FAQ and business hours, and asks for two markers
the runtime acts on: `[HANDOVER]` (connect a human) and `[GOODBYE]` (end the call).

With the call's booking desk (`use_desk`) the model also gets the appointment book as tools
(booking_tools.py) and the services and today's date in the prompt. A tool call streams
in as `delta.tool_calls` pieces; the engine runs each through the desk, sends the results
back (the assistant message with its `tool_calls`, then one `tool` message per call id)
and asks again, until the model answers in words — what the caller hears.

After the call the model writes the call's summary line (`summarise`), through the same
client; the runtime keeps the line composed from the call's records when it fails.

Any OpenAI-compatible server works (OpenAI, Azure-style gateways, a local vLLM/llama.cpp):
the base URL includes the version, as in the OpenAI SDKs, e.g. https://api.openai.com/v1.
Failures raise DialogueServiceError naming the status only, never the key or the prompt.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncGenerator, Awaitable
from contextlib import aclosing
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import httpx

from integrations.dialogue.base import (
    Action,
    AnswerStream,
    BotProfile,
    DialogueReply,
    DialogueServiceError,
    HistoryTurn,
)
from integrations.dialogue.booking_desk import BookingDesk, OfferedService
from integrations.dialogue.booking_tools import TOOLS, run_tool

DEFAULT_BASE_URL = "https://api.openai.com/v1"
HANDOVER_MARKER = "[HANDOVER]"
GOODBYE_MARKER = "[GOODBYE]"
MAX_HISTORY_TURNS = 20  # enough context for a phone call, bounded prompt size
MAX_ANSWER_TOKENS = 200  # a spoken answer: two or three sentences
MAX_TOOL_ROUNDS = 4  # check, book, answer: a model still calling tools after this is stuck
MAX_SUMMARY_TURNS = 60  # the end of a long call says most about what came of it
MAX_SUMMARY_TOKENS = 80
MAX_SUMMARY_CHARS = 300  # the calls list shows one line
VIENNA = ZoneInfo("Europe/Vienna")
T = TypeVar("T")


def system_prompt(profile: BotProfile) -> str:
    german = profile.is_german
    lines = [
        f"You are the telephone assistant of {profile.name}.",
        "Answer in German as spoken in Austria (formal 'Sie')." if german else "Answer in English.",
        "You are speaking on the phone: answer in one to three short sentences, plain text "
        "only, no lists, no markdown, no emoji. Spell out numbers and times as words.",
        "Only state facts from these instructions and the FAQ. If you do not know, say so and "
        "offer to connect the caller to a person.",
        f"If the caller wants to talk to a person, answer with one short sentence and end it "
        f"with {HANDOVER_MARKER}.",
        f"If the caller says goodbye or has no more questions, say goodbye and end with "
        f"{GOODBYE_MARKER}.",
    ]
    if profile.instructions.strip():
        lines += ["", "Instructions from the business:", profile.instructions.strip()]
    if profile.faq:
        lines += ["", "FAQ:"]
        lines += [f"Q: {question}\nA: {answer}" for question, answer in profile.faq]
    if profile.business_hours:
        hours = json.dumps(profile.business_hours, ensure_ascii=False, sort_keys=True)
        lines += ["", f"Business hours (Europe/Vienna): {hours}"]
    return "\n".join(lines)


def chat_request(
    profile: BotProfile, text: str, history: list[HistoryTurn], model: str
) -> dict[str, Any]:
    """The JSON body: system prompt, the conversation so far, the caller's latest words."""
    turns = list(history[-MAX_HISTORY_TURNS:])
    if not turns or turns[-1] != HistoryTurn("caller", text):
        turns.append(HistoryTurn("caller", text))
    messages = [{"role": "system", "content": system_prompt(profile)}]
    messages += [
        {"role": "user" if turn.speaker == "caller" else "assistant", "content": turn.text}
        for turn in turns
    ]
    return {
        "model": model,
        "messages": messages,
        "stream": True,
        "temperature": 0.3,
        "max_tokens": MAX_ANSWER_TOKENS,
    }


def summary_request(profile: BotProfile, history: list[HistoryTurn], model: str) -> dict[str, Any]:
    """The JSON body that asks for the call's summary line, for the business owner, in the
    bot's language: the whole conversation as one transcript, no tools."""
    german = profile.is_german
    instruction = " ".join(
        [
            f"You write the call log of {profile.name}'s telephone assistant.",
            "Summarise the phone call below in one line of at most 25 words, in German"
            if german
            else "Summarise the phone call below in one line of at most 25 words, in English",
            "for the business owner: what the caller wanted and what came of it (an "
            "appointment booked, moved or cancelled with service, day and time; a message "
            "taken; put through to a person; questions left unanswered).",
            "Plain text only: no quotes, no markdown, no names of speakers.",
        ]
    )
    transcript = "\n".join(
        f"{'Caller' if turn.speaker == 'caller' else 'Assistant'}: {turn.text}"
        for turn in history[-MAX_SUMMARY_TURNS:]
        if turn.text.strip()
    )
    return {
        "model": model,
        "messages": [
            {"role": "system", "content": instruction},
            {"role": "user", "content": transcript},
        ],
        "stream": True,
        "temperature": 0.2,
        "max_tokens": MAX_SUMMARY_TOKENS,
    }


def summary_line(text: str) -> str:
    """The model's summary as one line: markers, quotes and extra lines dropped, cut at
    MAX_SUMMARY_CHARS. Empty when nothing is left."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    line = " ".join(first.replace(HANDOVER_MARKER, "").replace(GOODBYE_MARKER, "").split())
    line = line.strip("\"'„“”«»*` ")
    if len(line) > MAX_SUMMARY_CHARS:
        line = line[: MAX_SUMMARY_CHARS - 1].rstrip() + "…"
    return line


def booking_prompt(services: list[OfferedService], now: datetime) -> str:
    """What the model needs to use the booking tools: the services and today's date."""
    listed = "; ".join(
        f"{s.name} ({s.duration_minutes} min, {s.price_cents / 100:.2f} EUR)" for s in services
    )
    return "\n".join(
        [
            "",
            f"Now it is {now.strftime('%A %Y-%m-%d %H:%M')} in Vienna.",
            f"Services you can book with the tools: {listed or 'none'}.",
            "To book: ask which service, day and time, check_availability, offer two or "
            "three free times, ask the caller's name, read it back, book after a yes. "
            "Moving and cancelling find the booking by the caller's number and name.",
            "If you cannot help, offer take_message; to put the caller through, call "
            "transfer_to_person. Say what a tool did in one short sentence.",
        ]
    )


MARKERS = ((HANDOVER_MARKER, Action.HANDOVER), (GOODBYE_MARKER, Action.HANGUP))


class SpokenText:
    """The model's text as the caller may hear it, piece by piece: the markers taken out
    (they set the action; a hand-over wins over a goodbye), and a piece that may be the
    start of one held back until it is clear it is not."""

    def __init__(self) -> None:
        self.action = Action.CONTINUE
        self.said = ""
        self._pending = ""

    def feed(self, text: str) -> str:
        self._pending += text
        for marker, action in MARKERS:
            if marker in self._pending:
                self._pending = self._pending.replace(marker, "")
                if self.action != Action.HANDOVER:
                    self.action = action
        cut = self._pending.rfind("[")
        held = self._pending[cut:] if cut >= 0 else ""
        if not any(marker.startswith(held) for marker, _action in MARKERS):
            held = ""
        ready = self._pending[: len(self._pending) - len(held)]
        self._pending = held
        self.said += ready
        return ready

    def between_rounds(self) -> None:
        """A tool round ends: what the model says next is a new sentence."""
        if self.said and not self.said[-1].isspace():
            self._pending = " " + self._pending

    def rest(self) -> str:
        """At the end: what was held back is no marker after all."""
        ready, self._pending = self._pending, ""
        self.said += ready
        return ready


async def _joined(pieces: AsyncGenerator[str, None]) -> str:
    return "".join([piece async for piece in pieces])


def delta_of(data: str) -> dict[str, Any]:
    """The `choices[0].delta` of one streamed chunk, empty if none."""
    try:
        chunk = json.loads(data)
        choices = chunk.get("choices") or []
        delta = (choices[0].get("delta") or {}) if choices else {}
        if not isinstance(delta, dict):
            raise TypeError
        return delta
    except (ValueError, AttributeError, TypeError, IndexError):
        raise DialogueServiceError("the chat model streamed a malformed chunk") from None


@dataclass
class Answer:
    """One streamed answer: its text and the tool calls it asks for, by index."""

    text: str = ""
    calls: dict[int, dict[str, Any]] = field(default_factory=dict)

    def add(self, delta: dict[str, Any]) -> None:
        self.text += delta.get("content") or ""
        for piece in delta.get("tool_calls") or []:
            if not isinstance(piece, dict):
                raise DialogueServiceError("the chat model streamed a malformed tool call")
            call = self.calls.setdefault(
                int(piece.get("index", 0)),
                {"id": "", "type": "function", "function": {"name": "", "arguments": ""}},
            )
            call["id"] = piece.get("id") or call["id"]
            function = piece.get("function") or {}
            call["function"]["name"] += function.get("name") or ""
            call["function"]["arguments"] += function.get("arguments") or ""

    def tool_calls(self) -> list[dict[str, Any]]:
        return [self.calls[index] for index in sorted(self.calls)]


class OpenAIChatDialogue:
    def __init__(
        self,
        profile: BotProfile,
        *,
        api_key: str,
        client: httpx.AsyncClient,
        model: str = "gpt-4o-mini",
        base_url: str = DEFAULT_BASE_URL,
        answer_timeout_s: float = 8.0,
    ) -> None:
        self._profile = profile
        self._api_key = api_key
        self._client = client
        self._model = model
        self._url = base_url.rstrip("/") + "/chat/completions"
        self._answer_timeout = answer_timeout_s
        self._desk: BookingDesk | None = None

    def stream(self, text: str, history: list[HistoryTurn]) -> AnswerStream:
        """The answer as the model writes it, for the caller to hear its first sentence
        while the model writes the rest. Raises DialogueServiceError from `pieces` when the
        model fails, answers nothing, or stalls longer than a read timeout."""
        return AnswerStream(lambda answer: self._written(answer, text, history))

    async def respond(self, text: str, history: list[HistoryTurn]) -> DialogueReply:
        answer = self.stream(text, history)
        spoken = await self._in_time(_joined(answer.pieces))
        return DialogueReply(" ".join(spoken.split()), answer.action)

    async def summarise(self, history: list[HistoryTurn]) -> str:
        """The call's summary line, written by the model after the call. Raises
        DialogueServiceError when it fails, answers nothing usable, or takes longer than
        `answer_timeout_s`: the caller then keeps the summary composed from the call's
        records."""
        if not any(turn.speaker == "caller" and turn.text.strip() for turn in history):
            raise DialogueServiceError("the call has nothing to summarise")
        answer = await self._in_time(
            self._stream(summary_request(self._profile, history, self._model))
        )
        line = summary_line(answer.text)
        if not line or answer.calls:
            raise DialogueServiceError("the chat model gave no summary")
        return line

    async def _in_time(self, asking: Awaitable[T]) -> T:
        """`asking`'s answer, or DialogueServiceError naming what went wrong. The client's
        timeout guards each read; this one the whole trickling answer."""
        try:
            async with asyncio.timeout(self._answer_timeout):
                return await asking
        except (TimeoutError, httpx.TimeoutException):
            raise DialogueServiceError("the chat model timed out") from None
        except httpx.HTTPError as error:
            raise DialogueServiceError(
                f"the chat model is unreachable ({type(error).__name__})"
            ) from None

    async def _written(
        self, answer: AnswerStream, text: str, history: list[HistoryTurn]
    ) -> AsyncGenerator[str, None]:
        """Ask, speak what the model writes as it comes, run the tools it calls, ask again,
        until it has answered in words."""
        spoken = SpokenText()
        hand_over = False
        try:
            body = chat_request(self._profile, text, history, self._model)
            if self._desk is not None:
                services = await self._desk.services()
                body["messages"][0]["content"] += booking_prompt(services, datetime.now(VIENNA))
                body["tools"] = TOOLS
            for _round in range(MAX_TOOL_ROUNDS):
                streamed = Answer()
                async with aclosing(self._deltas(body)) as deltas:
                    async for delta in deltas:
                        streamed.add(delta)
                        if piece := spoken.feed(delta.get("content") or ""):
                            yield piece
                calls = streamed.tool_calls()
                if not calls or self._desk is None:
                    break
                spoken.between_rounds()
                body["messages"].append(
                    {"role": "assistant", "content": streamed.text or None, "tool_calls": calls}
                )
                for call in calls:
                    function = call["function"]
                    outcome = await run_tool(self._desk, function["name"], function["arguments"])
                    hand_over = hand_over or outcome.hand_over
                    body["messages"].append(
                        {
                            "role": "tool",
                            "tool_call_id": call["id"],
                            "content": json.dumps(outcome.result, ensure_ascii=False),
                        }
                    )
            else:
                raise DialogueServiceError("the chat model kept calling tools")
        except httpx.TimeoutException:
            raise DialogueServiceError("the chat model timed out") from None
        except httpx.HTTPError as error:
            raise DialogueServiceError(
                f"the chat model is unreachable ({type(error).__name__})"
            ) from None
        if rest := spoken.rest():
            yield rest
        if not spoken.said.strip():
            raise DialogueServiceError("the chat model gave an empty answer")
        answer.action = Action.HANDOVER if hand_over else spoken.action

    async def _stream(self, body: dict[str, Any]) -> Answer:
        answer = Answer()
        async with aclosing(self._deltas(body)) as deltas:
            async for delta in deltas:
                answer.add(delta)
        return answer

    async def _deltas(self, body: dict[str, Any]) -> AsyncGenerator[dict[str, Any], None]:
        headers = {"Authorization": f"Bearer {self._api_key}", "Accept": "text/event-stream"}
        async with self._client.stream("POST", self._url, json=body, headers=headers) as response:
            if response.status_code != 200:
                raise DialogueServiceError(f"the chat model answered HTTP {response.status_code}")
            async for line in response.aiter_lines():
                if not line.startswith("data:"):
                    continue  # blank separators, comments (": keep-alive"), event names
                data = line[5:].strip()
                if data == "[DONE]":
                    break
                yield delta_of(data)

    def use_desk(self, desk: BookingDesk) -> None:
        self._desk = desk

    async def aclose(self) -> None:
        return None  # the shared client is closed with the runtime
