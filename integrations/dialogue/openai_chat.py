"""An OpenAI-compatible chat model as a bot's dialogue engine.

`POST {base}/chat/completions` with `stream: true`: the answer arrives as server-sent events
(`data: {json}` lines, `data: [DONE]` at the end), read as they come so a stalled model
is noticed after one timeout rather than after the whole answer. The system prompt carries
the bot's name, language, instructions, FAQ and business hours, and asks for two markers
the runtime acts on: `[HANDOVER]` (connect a human) and `[GOODBYE]` (end the call).

Any OpenAI-compatible server works (OpenAI, Azure-style gateways, a local vLLM/llama.cpp):
the base URL includes the version, as in the OpenAI SDKs, e.g. https://api.openai.com/v1.
Failures raise DialogueServiceError naming the status only, never the key or the prompt.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx

from integrations.dialogue.base import (
    Action,
    BotProfile,
    DialogueReply,
    DialogueServiceError,
    HistoryTurn,
)

DEFAULT_BASE_URL = "https://api.openai.com/v1"
HANDOVER_MARKER = "[HANDOVER]"
GOODBYE_MARKER = "[GOODBYE]"
MAX_HISTORY_TURNS = 20  # enough context for a phone call, bounded prompt size
MAX_ANSWER_TOKENS = 200  # a spoken answer: two or three sentences


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


def reply_from(text: str) -> DialogueReply:
    """The model's text without its markers, and the action they ask for."""
    action = Action.CONTINUE
    if HANDOVER_MARKER in text:
        action = Action.HANDOVER
    elif GOODBYE_MARKER in text:
        action = Action.HANGUP
    spoken = text.replace(HANDOVER_MARKER, "").replace(GOODBYE_MARKER, "")
    return DialogueReply(" ".join(spoken.split()), action)


def delta_of(data: str) -> str:
    """The text in one streamed chunk (`choices[0].delta.content`), empty if none."""
    try:
        chunk = json.loads(data)
        choices = chunk.get("choices") or []
        return (choices[0].get("delta") or {}).get("content") or "" if choices else ""
    except (ValueError, AttributeError, TypeError, IndexError):
        raise DialogueServiceError("the chat model streamed a malformed chunk") from None


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

    async def respond(self, text: str, history: list[HistoryTurn]) -> DialogueReply:
        body = chat_request(self._profile, text, history, self._model)
        try:
            # The client's timeout guards each read; this one the whole trickling answer.
            async with asyncio.timeout(self._answer_timeout):
                answer = await self._stream(body)
        except TimeoutError:
            raise DialogueServiceError("the chat model timed out") from None
        except httpx.TimeoutException:
            raise DialogueServiceError("the chat model timed out") from None
        except httpx.HTTPError as error:
            raise DialogueServiceError(
                f"the chat model is unreachable ({type(error).__name__})"
            ) from None
        reply = reply_from(answer)
        if not reply.text:
            raise DialogueServiceError("the chat model gave an empty answer")
        return reply

    async def _stream(self, body: dict[str, Any]) -> str:
        headers = {"Authorization": f"Bearer {self._api_key}", "Accept": "text/event-stream"}
        parts: list[str] = []
        async with self._client.stream("POST", self._url, json=body, headers=headers) as response:
            if response.status_code != 200:
                raise DialogueServiceError(f"the chat model answered HTTP {response.status_code}")
            async for line in response.aiter_lines():
                if not line.startswith("data:"):
                    continue  # blank separators, comments (": keep-alive"), event names
                data = line[5:].strip()
                if data == "[DONE]":
                    break
                parts.append(delta_of(data))
        return "".join(parts)

    async def aclose(self) -> None:
        return None  # the shared client is closed with the runtime
