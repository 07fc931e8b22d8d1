"""What every call starts with, before the owner's greeting: that the caller speaks with an
automated assistant and that the call is transcribed. The dialogue engines say it
(integrations.dialogue.phrases.opening); the portal's privacy page shows it in the words the
callers hear, from here."""

from __future__ import annotations

from integrations.dialogue.phrases import phrase


def call_notice(language: str) -> str:
    """The notice in `language` ("de-AT", "en-US"), exactly as callers hear it."""
    return phrase("notice", language)
