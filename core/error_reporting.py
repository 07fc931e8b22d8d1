"""Errors to Sentry when SENTRY_DSN is set (sentry-sdk), with the log redaction applied.

Sentry receives what the logging integration sees (ERROR lines become events, lower lines
breadcrumbs) and unhandled exceptions of the web frameworks. Everything it would send runs
through `scrub` first, the same redaction as the log lines: secrets masked, phone numbers
shortened. sentry-sdk 3 collects most of a request by default (`data_collection`); we turn
off what may hold a person's data: the user, cookies, request bodies and query strings, the
values of a failing frame's variables (a caller's words, a customer's address), database
query parameters and what went to or came from a language model. Headers stay, filtered by
the SDK's list of sensitive names.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import sentry_sdk
from sentry_sdk.integrations.logging import LoggingIntegration

from core.logging import redact_for_logs
from core.settings import Settings


def start_error_reporting(settings: Settings) -> bool:
    """Start sending errors to Sentry if SENTRY_DSN is set; True when it does."""
    if settings.sentry_dsn is None:
        return False
    sentry_sdk.init(
        dsn=settings.sentry_dsn.get_secret_value(),
        environment=settings.env,
        # sentry-sdk 3 no longer reads the logs unasked. ERROR lines become events, INFO and
        # up breadcrumbs; no line is sent as a Sentry log of its own (level=None).
        integrations=[
            LoggingIntegration(level=None, event_level=logging.ERROR, breadcrumb_level=logging.INFO)
        ],
        data_collection={
            "user_info": False,
            "cookies": {"mode": "off"},
            "http_bodies": [],
            "url_query_params": {"mode": "off"},
            "stack_frame_variables": False,
            "database_query_data": False,
            "gen_ai": {"inputs": False, "outputs": False},
            "mcp": {"inputs": False, "outputs": False},
        },
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
