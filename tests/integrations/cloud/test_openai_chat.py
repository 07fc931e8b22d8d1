"""The OpenAI-compatible chat model: prompt, streamed answer, actions, failures."""

from __future__ import annotations

import pytest

from integrations.dialogue.base import Action, BotProfile, DialogueServiceError, HistoryTurn
from integrations.dialogue.openai_chat import OpenAIChatDialogue, system_prompt
from tests.integrations.cloud.local_cloud import OPENAI_KEY

PROFILE = BotProfile(
    id=7,
    tenant_id=3,
    name="Salon Anna",
    language="de-AT",
    instructions="Termine nur telefonisch. Keine Preise für Färben nennen.",
    faq=(("Wann habt ihr offen?", "Montag bis Freitag von neun bis fünf."),),
    business_hours={"mon": [["09:00", "17:00"]]},
    handover_number="+43155500999",
    dialogue_engine="openai",
)


def dialogue(local_cloud, http, key: str = OPENAI_KEY) -> OpenAIChatDialogue:
    return OpenAIChatDialogue(
        PROFILE,
        api_key=key,
        client=http,
        model="gpt-4o-mini",
        base_url=local_cloud.url + "/v1",
        answer_timeout_s=1.0,
    )


async def test_streamed_answer_with_instructions_and_faq_in_the_prompt(local_cloud, http) -> None:
    local_cloud.answer_chunks = ["Wir haben ", "Montag bis Freitag ", "offen."]
    history = [
        HistoryTurn("bot", "Grüß Gott, hier ist Salon Anna."),
        HistoryTurn("caller", "Wann habt ihr offen?"),
    ]

    reply = await dialogue(local_cloud, http).respond("Wann habt ihr offen?", history)

    assert (reply.text, reply.action) == ("Wir haben Montag bis Freitag offen.", Action.CONTINUE)
    (request,) = local_cloud.of("openai")
    assert request.path == "/v1/chat/completions"
    assert request.headers["Authorization"] == f"Bearer {OPENAI_KEY}"
    assert request.body["model"] == "gpt-4o-mini"
    assert request.body["stream"] is True
    messages = request.body["messages"]
    assert messages[0] == {"role": "system", "content": system_prompt(PROFILE)}
    assert "Termine nur telefonisch" in messages[0]["content"]
    assert "Montag bis Freitag von neun bis fünf." in messages[0]["content"]
    assert "Austria" in messages[0]["content"]
    # The caller's words once, after the greeting: history already ends with them.
    assert messages[1:] == [
        {"role": "assistant", "content": "Grüß Gott, hier ist Salon Anna."},
        {"role": "user", "content": "Wann habt ihr offen?"},
    ]


@pytest.mark.parametrize(
    ("chunks", "text", "action"),
    [
        (["Ich verbinde Sie.", " [HANDOVER]"], "Ich verbinde Sie.", Action.HANDOVER),
        (["Auf Wiederhören! [GOOD", "BYE]"], "Auf Wiederhören!", Action.HANGUP),
    ],
)
async def test_markers_become_actions(local_cloud, http, chunks, text, action) -> None:
    local_cloud.answer_chunks = chunks

    reply = await dialogue(local_cloud, http).respond("Einen Menschen bitte", [])

    assert (reply.text, reply.action) == (text, action)


async def test_the_answer_streams_piece_by_piece_without_its_markers(local_cloud, http) -> None:
    # A bracket that begins no marker is said at once; a marker split over pieces never is.
    local_cloud.answer_chunks = ["Gern [kurz", "] gesagt.", " Auf Wiederhören! [GOOD", "BYE]"]

    answer = dialogue(local_cloud, http).stream("Danke, das war alles", [])
    pieces = [piece async for piece in answer.pieces]

    assert pieces == ["Gern [kurz", "] gesagt.", " Auf Wiederhören! "]
    assert answer.action == Action.HANGUP


@pytest.mark.parametrize(
    ("mode", "key", "message"),
    [
        ("error", OPENAI_KEY, "HTTP 500"),
        ("hang", OPENAI_KEY, "timed out"),
        ("garbage", OPENAI_KEY, "empty answer"),
        ("ok", "sk-wrong-key-000000000000000000", "HTTP 401"),
    ],
)
async def test_failures_raise_a_loggable_error(local_cloud, http, mode, key, message) -> None:
    local_cloud.mode["openai"] = mode

    with pytest.raises(DialogueServiceError, match=message) as failure:
        await dialogue(local_cloud, http, key).respond("Hallo", [])

    assert key not in str(failure.value)


async def test_malformed_stream_chunk(local_cloud, http) -> None:
    local_cloud.mode["openai"] = "broken-stream"

    with pytest.raises(DialogueServiceError, match="malformed"):
        await dialogue(local_cloud, http).respond("Hallo", [])


CALL = [
    HistoryTurn("bot", "Grüß Gott, hier ist Salon Anna."),
    HistoryTurn("caller", "Ich hätte gern morgen um zehn einen Herrenschnitt."),
    HistoryTurn("bot", "Gebucht: Herrenschnitt morgen um zehn Uhr, auf Maria Huber."),
    HistoryTurn("caller", "Danke, auf Wiederhören."),
]


async def test_the_model_writes_the_calls_summary_line(local_cloud, http) -> None:
    local_cloud.answer_chunks = ['"Herrenschnitt für Maria Huber ', 'morgen 10:00 gebucht."\n', "x"]

    line = await dialogue(local_cloud, http).summarise(CALL)

    assert line == "Herrenschnitt für Maria Huber morgen 10:00 gebucht."
    (request,) = local_cloud.of("openai")
    assert local_cloud.refusals == []
    assert "tools" not in request.body
    system, transcript = request.body["messages"]
    assert system["role"] == "system" and "in German" in system["content"]
    assert "Salon Anna" in system["content"]
    assert transcript == {
        "role": "user",
        "content": "Assistant: Grüß Gott, hier ist Salon Anna.\n"
        "Caller: Ich hätte gern morgen um zehn einen Herrenschnitt.\n"
        "Assistant: Gebucht: Herrenschnitt morgen um zehn Uhr, auf Maria Huber.\n"
        "Caller: Danke, auf Wiederhören.",
    }


@pytest.mark.parametrize(
    ("mode", "chunks", "message"),
    [
        ("error", ["x"], "HTTP 500"),
        ("hang", ["x"], "timed out"),
        ("ok", ["  ", '""'], "no summary"),
    ],
)
async def test_a_failed_summary_raises_a_loggable_error(
    local_cloud, http, mode, chunks, message
) -> None:
    local_cloud.mode["openai"], local_cloud.answer_chunks = mode, chunks

    with pytest.raises(DialogueServiceError, match=message):
        await dialogue(local_cloud, http).summarise(CALL)


async def test_a_call_without_caller_words_is_not_sent_to_the_model(local_cloud, http) -> None:
    with pytest.raises(DialogueServiceError, match="nothing to summarise"):
        await dialogue(local_cloud, http).summarise(CALL[:1])
    assert local_cloud.of("openai") == []
