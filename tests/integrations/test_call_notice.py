"""Every call opens with the notice: an automated assistant, and the call is transcribed —
in the bot's language, before whatever greeting the owner wrote (which cannot remove it)."""

from __future__ import annotations

import pytest

from integrations.dialogue.base import BotProfile
from integrations.dialogue.phrases import phrase
from integrations.dialogue.scripted import ScriptedDialogue

NOTICE = {
    "de-AT": "Sie sprechen mit einem automatischen Assistenten. Das Gespräch wird transkribiert.",
    "en-US": "You are speaking with an automated assistant. This call is transcribed.",
}


@pytest.mark.parametrize("language", sorted(NOTICE))
@pytest.mark.parametrize("greeting", ["", "   ", "Servus, was darf's sein?", "Hi!"])
def test_the_notice_comes_first_whatever_the_greeting(language: str, greeting: str) -> None:
    profile = BotProfile(id=1, tenant_id=1, name="Salon Anna", language=language, greeting=greeting)
    words = ScriptedDialogue(profile).greeting()
    assert words.startswith(NOTICE[language] + " ")
    own = greeting.strip() or phrase("greeting", language, name="Salon Anna")
    assert words.endswith(own)


def test_the_notice_says_machine_and_transcribed_in_both_languages() -> None:
    assert "automatischen Assistenten" in phrase("notice", "de-AT")
    assert "transkribiert" in phrase("notice", "de-AT")
    assert "automated assistant" in phrase("notice", "en-US")
    assert "transcribed" in phrase("notice", "en-US")
