"""Changing a live call from outside the media stream: hand-over to a human.

With Twilio credentials the call is updated with TwiML that says a line and dials the
bot's hand-over number (the stream ends and Twilio follows the new TwiML). Without them —
development, tests — the hand-over is only logged; the call's outcome records it either way.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Protocol

from voice_runtime.twiml import dial

log = logging.getLogger(__name__)


class CallControl(Protocol):
    async def hand_over(self, *, call_sid: str, number: str, text: str, language: str) -> bool:
        """Connect the caller to `number`; True when the telephony provider accepted it."""
        ...


class LoggingCallControl:
    """No telephony account: record the intent, change nothing."""

    def __init__(self) -> None:
        self.handovers: list[tuple[str, str]] = []

    async def hand_over(self, *, call_sid: str, number: str, text: str, language: str) -> bool:
        self.handovers.append((call_sid, number))
        log.info("hand-over of call %s to %s (no telephony account: not dialled)", call_sid, number)
        return False


class TwilioCallControl:
    def __init__(self, account_sid: str, auth_token: str, base_url: str | None = None) -> None:
        from twilio.rest import Client

        self._client = Client(account_sid, auth_token)
        if base_url:
            self._client.api.base_url = base_url

    async def hand_over(self, *, call_sid: str, number: str, text: str, language: str) -> bool:
        twiml = dial(number, text, language)
        try:
            await asyncio.to_thread(self._client.calls(call_sid).update, twiml=twiml)
        except Exception as error:  # the caller must not hear a crash; the outcome still counts
            log.warning("hand-over of call %s failed: %s", call_sid, type(error).__name__)
            return False
        return True
