"""The platform's Twilio account as a running voice runtime uses it — its SID, the checker of
its signatures, the control of its calls — read through a short-lived cache, so that a token
staff replace in the back office (services/platform_keys: stored keys win over the
environment) takes effect without a restart.

The stored keys are read again when the copy is MAX_AGE_SECONDS old, and at once when a
request fails the signature check against the copy: Twilio signs with a new token from the
moment it is changed, so the first request after staff stored it gets through. That re-read
happens at most every RECHECK_SECONDS, so requests with forged signatures cannot drive the
database. When the database cannot be read the runtime keeps the keys it has.

Why a cache and not a Redis pub/sub message from the back office: a message that is missed
(Redis restarting, the runtime reconnecting) would keep the old token until a restart; a copy
that expires cannot miss anything. A tenant's own account is read from the database on each
request anyway (CallStore.twilio_account), so its new token counts from the next request.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.exc import SQLAlchemyError

from core.settings import Settings
from voice_runtime.call_control import CallControl, LoggingCallControl, TwilioCallControl
from voice_runtime.signatures import SignatureChecker, twilio_auth_token

log = logging.getLogger(__name__)

MAX_AGE_SECONDS = 30.0
RECHECK_SECONDS = 5.0


@dataclass(frozen=True)
class PlatformKeys:
    account_sid: str | None
    signatures: SignatureChecker
    call_control: CallControl


class PlatformAccount:
    """`read()` gives the settings with the stored keys in (it may raise SQLAlchemyError);
    `call_control`, when given, is used whatever the keys (tests record hand-overs with it)."""

    def __init__(
        self,
        settings: Settings,
        *,
        read: Callable[[], Settings],
        call_control: CallControl | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._read, self._fixed_control, self._clock = read, call_control, clock
        self._lock = threading.Lock()
        self._token = ""
        self._keys = self._keys_of(self._stored(settings))
        self._read_at = clock()

    def fresh(self) -> PlatformKeys | None:
        """The keys, if the copy is young enough to use without reading (no blocking)."""
        return self._keys if self._clock() - self._read_at < MAX_AGE_SECONDS else None

    def keys(self) -> PlatformKeys:
        """The keys, read again first when the copy is old. Blocking: run off the loop."""
        with self._lock:
            if self._clock() - self._read_at >= MAX_AGE_SECONDS:
                self._refresh()
            return self._keys

    def recheck(self) -> PlatformKeys | None:
        """After a signature failed against the copy: the keys read again, if that is
        allowed yet and the token has changed; else None. Blocking: run off the loop."""
        with self._lock:
            if self._clock() - self._read_at < RECHECK_SECONDS:
                return None
            before = self._token
            self._refresh()
            return self._keys if self._token != before else None

    def _refresh(self) -> None:
        self._read_at = self._clock()
        settings = self._stored(None)
        now = (settings.twilio_account_sid, twilio_auth_token(settings))
        if now != (self._keys.account_sid, self._token):
            self._keys = self._keys_of(settings)

    def _stored(self, environment: Settings | None) -> Settings:
        """The settings with the stored keys in; when the database cannot be read, the
        `environment` (at start) or the keys as they are (later)."""
        try:
            return self._read()
        except SQLAlchemyError as error:
            log.warning("stored platform keys not read (%s)", type(error).__name__)
            return environment if environment is not None else self._settings

    def _keys_of(self, settings: Settings) -> PlatformKeys:
        token = twilio_auth_token(settings)  # refuses to start in production without one
        self._settings, self._token = settings, token
        control = self._fixed_control or LoggingCallControl()
        if (
            self._fixed_control is None
            and settings.twilio_account_sid
            and settings.twilio_auth_token
        ):
            control = TwilioCallControl(
                settings.twilio_account_sid, token, api_base_url=settings.twilio_api_base_url
            )
        return PlatformKeys(settings.twilio_account_sid, SignatureChecker(token), control)
