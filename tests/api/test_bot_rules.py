"""The API refuses exactly what services.bots refuses: at each limit and pattern of the
service, one value just inside and one just outside go through POST /bots and through
validate_spec, and both must answer alike. A schema that restated a limit by hand and then
drifted (stricter or looser) fails here."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import pytest
from fastapi.testclient import TestClient

from customer_ui.api.routes.bots import BotIn
from services import bot_faq, bots
from services.bots import BotSpec, validate_spec
from tests.api.conftest import Account
from tests.api.test_bots import SALON_BOT


def entries(count: int) -> list[dict[str, str]]:
    return [{"question": f"Frage {n}?", "answer": "Ja."} for n in range(count)]


CASES: dict[str, dict[str, Any]] = {
    "name at its limit, spaces around": {"name": "  " + "n" * bots.MAX_NAME + " "},
    "name over its limit": {"name": "n" * (bots.MAX_NAME + 1)},
    "name blank": {"name": "   "},
    "greeting at its limit": {"greeting": "g" * bots.MAX_GREETING},
    "greeting over its limit": {"greeting": "g" * (bots.MAX_GREETING + 1)},
    "instructions at their limit": {"instructions": "i" * bots.MAX_INSTRUCTIONS},
    "instructions over their limit": {"instructions": "i" * (bots.MAX_INSTRUCTIONS + 1)},
    "voice at its limit": {"voice": "v" * bots.MAX_VOICE},
    "voice over its limit": {"voice": "v" * (bots.MAX_VOICE + 1)},
    "as many questions as allowed": {"faq": entries(bot_faq.MAX_FAQ_ENTRIES)},
    "one question too many": {"faq": entries(bot_faq.MAX_FAQ_ENTRIES + 1)},
    "question at its limit": {"faq": [{"question": "q" * bot_faq.MAX_QUESTION, "answer": "a"}]},
    "question over its limit": {
        "faq": [{"question": "q" * (bot_faq.MAX_QUESTION + 1), "answer": "a"}]
    },
    "answer at its limit": {"faq": [{"question": "q", "answer": "a" * bot_faq.MAX_ANSWER}]},
    "answer over its limit": {"faq": [{"question": "q", "answer": "a" * (bot_faq.MAX_ANSWER + 1)}]},
    "blank answer": {"faq": [{"question": "q", "answer": " "}]},
    "as many phrasings as allowed": {
        "faq": [
            {
                "question": "q",
                "answer": "a",
                "phrasings": [f"p{n}" for n in range(bot_faq.MAX_PHRASINGS)],
            }
        ]
    },
    "one phrasing too many": {
        "faq": [
            {
                "question": "q",
                "answer": "a",
                "phrasings": [f"p{n}" for n in range(bot_faq.MAX_PHRASINGS + 1)],
            }
        ]
    },
    "phrasing at its limit": {
        "faq": [{"question": "q", "answer": "a", "phrasings": ["p" * bot_faq.MAX_PHRASING]}]
    },
    "phrasing over its limit": {
        "faq": [{"question": "q", "answer": "a", "phrasings": ["p" * (bot_faq.MAX_PHRASING + 1)]}]
    },
    "hand-over number written with spaces": {"handover_number": "+43 1 234567"},
    "hand-over number without its country": {"handover_number": "01 234567"},
    "no hand-over number": {"handover_number": ""},
    "shortest call": {"max_call_seconds": bots.MIN_CALL_SECONDS},
    "call too short": {"max_call_seconds": bots.MIN_CALL_SECONDS - 1},
    "longest call": {"max_call_seconds": bots.MAX_CALL_SECONDS},
    "call too long": {"max_call_seconds": bots.MAX_CALL_SECONDS + 1},
    "opening hours to midnight": {"business_hours": {"sun": [["09:00", "23:59"]]}},
    "opening hours past midnight": {"business_hours": {"sun": [["09:00", "24:00"]]}},
    "opening hours ending before they start": {"business_hours": {"mon": [["18:00", "09:00"]]}},
    "a weekday we do not know": {"business_hours": {"sunday": [["09:00", "17:00"]]}},
    **{
        f"{name} {engine}": {name: engine}
        for name, allowed in (
            ("stt_engine", bots.STT_ENGINES),
            ("tts_engine", bots.TTS_ENGINES),
            ("dialogue_engine", bots.DIALOGUE_ENGINES),
        )
        for engine in (*allowed, "whisper")
    },
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_api_refuses_what_the_service_refuses(
    client: TestClient, alpha: Account, case: str
) -> None:
    body = SALON_BOT | CASES[case]
    refused = validate_spec(BotSpec(**body))
    response = client.post("/bots", json=body, headers=alpha.headers())
    if not refused:
        assert response.status_code == 201, response.text
        return
    assert response.status_code == 422, response.text
    fields = response.json()["error"]["fields"]
    for name in refused:
        top = name.split(".")[0]
        assert any(field.split(".")[0] == top for field in fields), (refused, fields)


def test_a_bot_left_unsaid_is_the_services_default() -> None:
    assert BotIn(name="Rezeption").model_dump(mode="json") == asdict(BotSpec(name="Rezeption"))
