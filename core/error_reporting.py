"""Errors to Sentry when SENTRY_DSN is set (sentry-sdk), with the log redaction applied.

Sentry receives what the logging integration sees (ERROR lines become events, lower lines
breadcrumbs) and unhandled exceptions of the web frameworks. Everything it would send runs
through `scrub` first, the same redaction as the log lines: secrets masked, phone numbers
shortened. No personal data by default (send_default_pii=False: no cookies, no user's
address), and request bodies are never attached.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sentry_sdk

from core.logging import redact_for_logs
from core.settings import Settings


def start_error_reporting(settings: Settings) -> bool:
    """Start sending errors to Sentry if SENTRY_DSN is set; True when it does."""
    if settings.sentry_dsn is None:
        return False
    sentry_sdk.init(
        dsn=settings.sentry_dsn.get_secret_value(),
        environment=settings.env,
        send_default_pii=False,
        max_request_body_size="never",
        before_send=lambda event, _hint: scrub(event),
        before_breadcrumb=lambda crumb, _hint: scrub(crumb),
    )
    return True


def scrub(value: Any) -> Any:
    """`value` (an event, a breadcrumb, or any part of one) with every string redacted."""
    if isinstance(value, str):
        return redact_for_logs(value)
    if isinstance(value, Mapping):
        return {key: scrub(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [scrub(item) for item in value]
    return value
