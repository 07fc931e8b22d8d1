"""The chat model books through tools: the OpenAI-compatible engine with a call's real desk
on the test database, against the local stand-in, which checks the tool definitions and
every round trip (the call it issued sent back, one `tool` message per call id) — and
refuses a request that breaks them, as OpenAI does. Then the same through the runtime: a
phone call on the cloud engines that books."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session, sessionmaker

from integrations.dialogue.base import Action, BotProfile
from integrations.dialogue.booking_tools import TOOLS
from integrations.dialogue.openai_chat import OpenAIChatDialogue
from models import Booking, BookingStatus, BotLanguage, Message
from tests.integrations.cloud.local_cloud import (
    OPENAI_KEY,
    LocalCloud,
    tools_problem,
)
from tests.voice_runtime.conftest import CALLER, EVERY_DAY, run_now
from voice_runtime.call_desk import VIENNA, Desks

TOMORROW = (datetime.now(VIENNA) + timedelta(days=1)).strftime("%Y-%m-%d")


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=httpx.Timeout(2.0)) as client:
        yield client


@pytest.fixture
def model(
    make, local_cloud, http, session_factory: sessionmaker[Session]
) -> Callable[[], OpenAIChatDialogue]:
    tenant = make.tenant(name="Salon Schönhaar")
    bot = make.bot(
        tenant, language=BotLanguage.DE_AT, business_hours=EVERY_DAY, dialogue_engine="openai"
    )
    make.service(tenant, name="Herrenschnitt", duration_minutes=30)
    make.session.commit()

    def dial() -> OpenAIChatDialogue:
        call = make.call(tenant, bot, from_number=CALLER)
        make.session.commit()
        engine = OpenAIChatDialogue(
            BotProfile.from_bot(bot),
            api_key=OPENAI_KEY,
            client=http,
            base_url=local_cloud.url + "/v1",
            answer_timeout_s=5.0,
        )
        desk = Desks(session_factory, "http://portal.test").for_call(
            run_now, tenant_id=tenant.id, bot_id=bot.id, call_id=call.id
        )
        engine.use_desk(desk)
        return engine

    return dial


def tool_results(local_cloud: LocalCloud) -> list[dict[str, Any]]:
    """What the engine sent back to the model for each tool call, in order."""
    last = local_cloud.of("openai")[-1].body["messages"]
    return [json.loads(m["content"]) for m in last if m["role"] == "tool"]


def test_the_tool_definitions_are_what_openai_accepts() -> None:
    assert tools_problem(TOOLS) is None
    names = [tool["function"]["name"] for tool in TOOLS]
    assert names == [
        "check_availability", "book", "move", "cancel", "take_message", "transfer_to_person",
    ]  # fmt: skip


async def test_check_then_book_then_cancel(model, local_cloud, staff_db) -> None:
    local_cloud.plan = [
        {"tool": "check_availability", "arguments": {"service": "Herrenschnitt", "date": TOMORROW}},
        {"text": "Morgen wäre um acht Uhr frei."},
    ]  # fmt: skip
    engine = model()
    reply = await engine.respond("Haben Sie morgen einen Herrenschnitt frei?", [])
    assert reply.text == "Morgen wäre um acht Uhr frei."
    [free] = tool_results(local_cloud)
    assert free["ok"] and free["free"][0] == f"{TOMORROW}T08:00"
    first = local_cloud.of("openai")[0].body
    assert first["tools"] == TOOLS and "Herrenschnitt (30 min" in first["messages"][0]["content"]

    start = f"{TOMORROW}T08:00"
    local_cloud.plan = [
        {"tool": "book", "arguments": {"service": "Herrenschnitt", "start": start,
                                       "caller_name": "Maria Huber"}},
        {"text": "Gebucht, bis morgen!"},
    ]  # fmt: skip
    assert (await engine.respond("Ja, auf Maria Huber", [])).text == "Gebucht, bis morgen!"
    [done] = tool_results(local_cloud)
    assert done == {
        "ok": True,
        "booking": {"service": "Herrenschnitt", "start": start, "caller_name": "Maria Huber"},
    }
    [booking] = staff_db.scalars(select(Booking)).all()
    assert (booking.caller_phone, booking.status) == (CALLER, BookingStatus.BOOKED)

    local_cloud.plan = [
        {"tool": "cancel", "arguments": {"caller_name": "Huber"}},
        {"text": "Ihr Termin ist abgesagt."},
    ]
    assert (await model().respond("Ich muss absagen, Huber", [])).text == (
        "Ihr Termin ist abgesagt."
    )
    staff_db.expire_all()
    assert staff_db.get(Booking, booking.id).status is BookingStatus.CANCELLED
    assert local_cloud.refusals == []


async def test_a_call_reads_what_the_bot_offers_once(model, local_cloud, connection) -> None:
    """Each turn's prompt and each tool call need the bot's services; the call's desk reads
    them from the database once, not on every turn and tool call."""
    lists: list[str] = []

    def count(_conn, _cursor, statement: str, *_args: object) -> None:
        if "FROM services" in statement and "ORDER BY services.name" in statement:
            lists.append(statement)

    event.listen(connection, "before_cursor_execute", count)
    try:
        engine = model()
        for _turn in range(2):
            local_cloud.plan = [
                {"tool": "check_availability",
                 "arguments": {"service": "Herrenschnitt", "date": TOMORROW}},
                {"tool": "book", "arguments": {"service": "Dauerwelle",
                                               "start": f"{TOMORROW}T08:00",
                                               "caller_name": "Maria Huber"}},
                {"text": "Morgen wäre um acht Uhr frei."},
            ]  # fmt: skip
            await engine.respond("Haben Sie morgen einen Herrenschnitt frei?", [])
            free, unknown = tool_results(local_cloud)
            assert free["ok"] and "Herrenschnitt" in unknown["error"]
    finally:
        event.remove(connection, "before_cursor_execute", count)
    assert len(lists) == 1


async def test_a_bad_argument_goes_back_to_the_model(model, local_cloud) -> None:
    local_cloud.plan = [
        {"tool": "book", "arguments": {"service": "Dauerwelle", "start": "morgen",
                                       "caller_name": "Maria"}},
        {"text": "Welche Leistung darf es sein?"},
    ]  # fmt: skip
    assert (await model().respond("Eine Dauerwelle", [])).text == "Welche Leistung darf es sein?"
    [answer] = tool_results(local_cloud)
    assert answer == {"ok": False, "error": "Unknown service. The services are: Herrenschnitt."}


async def test_message_and_transfer(model, local_cloud, staff_db) -> None:
    local_cloud.plan = [
        {"tool": "take_message", "arguments": {"caller_name": "Eva", "about": "Rückruf bitte"}},
        {"tool": "transfer_to_person", "arguments": {}},
        {"text": "Ich habe es notiert und verbinde Sie."},
    ]
    reply = await model().respond("Bitte einen Rückruf, oder verbinden Sie mich", [])
    assert (reply.text, reply.action) == ("Ich habe es notiert und verbinde Sie.", Action.HANDOVER)
    [message] = staff_db.scalars(select(Message)).all()
    assert (message.caller_name, message.caller_phone) == ("Eva", CALLER)


async def test_the_stand_in_refuses_a_broken_round_trip(local_cloud, http) -> None:
    """The checks can fail: a tool call left unanswered, a tool result for no call."""
    headers = {"Authorization": f"Bearer {OPENAI_KEY}"}
    call = {"id": "call_1", "type": "function", "function": {"name": "book", "arguments": "{}"}}
    for messages in (
        [{"role": "user", "content": "Hi"}, {"role": "assistant", "tool_calls": [call]}],
        [{"role": "user", "content": "Hi"}, {"role": "tool", "tool_call_id": "x", "content": ""}],
    ):
        body = {"model": "m", "stream": True, "messages": messages, "tools": TOOLS}
        response = await http.post(
            local_cloud.url + "/v1/chat/completions", json=body, headers=headers
        )
        assert response.status_code == 400
    broken = [{**TOOLS[0], "function": {**TOOLS[0]["function"], "description": ""}}]
    body = {"model": "m", "stream": True, "messages": [{"role": "user", "content": "Hi"}]}
    response = await http.post(
        local_cloud.url + "/v1/chat/completions", json={**body, "tools": broken}, headers=headers
    )
    assert response.status_code == 400
    assert len(local_cloud.refusals) == 3
