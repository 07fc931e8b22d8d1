"""Cloud engines for a bot, or None when the key is missing (the offline engine is used)."""

from __future__ import annotations

from integrations.dialogue.base import BotProfile, DialogueEngine
from integrations.speech.base import Synthesizer, Transcriber

Credentials = dict[str, str]


def transcriber(profile: BotProfile, credentials: Credentials) -> Transcriber | None:
    return None


def synthesizer(profile: BotProfile, credentials: Credentials) -> Synthesizer | None:
    return None


def dialogue(profile: BotProfile, credentials: Credentials) -> DialogueEngine | None:
    return None
