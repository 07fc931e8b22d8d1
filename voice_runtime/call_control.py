"""Changing a live call from outside the media stream: hand-over to a human.

With Twilio credentials the call is updated (`POST /Calls/{sid}.json` with new TwiML) to
`<Dial>` the bot's hand-over number: Twilio stops the media stream and connects the caller.
The bot has already said its hand-over line over the stream, so the TwiML does not repeat
it. Without credentials — development, tests — the hand-over is recorded as the call's
outcome and nothing is dialled.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Protocol

from voice_runtime.twiml import dial

log = logging.getLogger(__name__)

# Seconds Twilio's API may take to accept the update before the caller is told it failed.
TWILIO_TIMEOUT_S = 5.0


class CallControl(Protocol):
    async def hand_over(self, *, call_sid: str, number: str, text: str, language: str) -> bool:
        """Connect the caller to `number`. True when the call leaves the bot (handed over,
        or recorded as such without a telephony account); False when the provider refused,
        and the bot carries on with the caller."""
        ...


class LoggingCallControl:
    """No telephony account: record the intent, change nothing."""

    def __init__(self) -> None:
        self.handovers: list[tuple[str, str]] = []

    async def hand_over(self, *, call_sid: str, number: str, text: str, language: str) -> bool:
        self.handovers.append((call_sid, number))
        log.info("hand-over of call %s to %s (no telephony account: not dialled)", call_sid, number)
        return True


class TwilioCallControl:
    """`api_base_url` points the SDK at another server (a local one in tests)."""

    def __init__(
        self, account_sid: str, auth_token: str, *, api_base_url: str | None = None
    ) -> None:
        from twilio.http.http_client import TwilioHttpClient
        from twilio.rest import Client

        http_client = TwilioHttpClient(timeout=TWILIO_TIMEOUT_S)
        self._client = Client(account_sid, auth_token, http_client=http_client)
        if api_base_url:
            self._client.api.base_url = api_base_url.rstrip("/")

    async def hand_over(self, *, call_sid: str, number: str, text: str, language: str) -> bool:
        from twilio.base.exceptions import TwilioRestException

        update = self._client.calls(call_sid).update
        try:
            await asyncio.to_thread(update, twiml=dial(number))
        except TwilioRestException as error:
            log.warning(
                "hand-over of call %s refused by Twilio: HTTP %s, code %s",
                call_sid,
                error.status,
                error.code,
            )
            return False
        except Exception as error:  # the caller must not hear a crash
            log.warning("hand-over of call %s failed: %s", call_sid, type(error).__name__)
            return False
        log.info("call %s handed over", call_sid)
        return True
