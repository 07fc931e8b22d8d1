"""Logging set-up with a filter that redacts anything that looks like a credential.

The filter runs on every handler we install, so a secret that reaches a log call by mistake
(an exception message, a request dump) is masked before it is written anywhere.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime

from core import log_context

REDACTED = "[redacted]"
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_PATTERNS = [
    # Stripe, OpenAI, ElevenLabs-style prefixed keys and webhook secrets.
    re.compile(r"\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{8,}"),
    re.compile(r"\bwhsec_[A-Za-z0-9]{8,}"),
    re.compile(r"\bsk-[A-Za-z0-9_\-]{16,}"),
    # Twilio account SIDs and API key SIDs followed by 32 hex digits.
    re.compile(r"\b(?:AC|SK)[0-9a-fA-F]{32}\b"),
    # Fernet tokens (our own ciphertexts) and Google API keys.
    re.compile(r"\bgAAAAA[A-Za-z0-9_\-=]{20,}"),
    re.compile(r"\bAIza[0-9A-Za-z_\-]{30,}"),
    # Our signed tokens (core/tokens.py, itsdangerous: payload.timestamp.signature): the
    # password-reset, invitation and sign-up links' — in a page's URL, which error reports
    # carry — and the API's access tokens.
    re.compile(r"[A-Za-z0-9_\-]{2,}\.[A-Za-z0-9_\-]{6}\.[A-Za-z0-9_\-]{27}(?![A-Za-z0-9_\-])"),
    # Bearer / Basic authorization values.
    re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=\-]{8,}"),
    # key=value and "key": "value" pairs whose key names a secret.
    re.compile(
        r"(?i)((?:password|passwd|secret|token|api[_-]?key|auth[_-]?token|private[_-]?key)"
        r"[\"']?\s*[:=]\s*[\"']?)([^\s\"',;&]+)"
    ),
]


# Phone numbers in international form (callers, hand-over numbers): personal data, masked in
# logs to "+43…67" — enough to tell two callers apart, not enough to call one. Only in logs:
# `redact()` also cleans texts that are stored and shown, where numbers belong.
_PHONE_NUMBER = re.compile(r"(?<![\w+])(\+\d{2})\d{4,11}(\d{2})\b")


def redact_for_logs(text: str) -> str:
    return _PHONE_NUMBER.sub(lambda m: f"{m.group(1)}…{m.group(2)}", redact(text))


def redact(text: str) -> str:
    for pattern in _PATTERNS:
        if pattern.groups >= 2:
            text = pattern.sub(lambda m: m.group(1) + REDACTED, text)
        elif pattern.groups == 1:
            text = pattern.sub(lambda m: m.group(1) + " " + REDACTED, text)
        else:
            text = pattern.sub(REDACTED, text)
    return text


class RedactingFilter(logging.Filter):
    """Rewrites the record's message (arguments and exception text included) redacted."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact_for_logs(record.exc_text)
        record.msg = redact_for_logs(message)
        record.args = None
        return True


def configure_logging(level: str = "INFO", log_format: str = "text") -> None:
    """Log to stderr — plain lines, or one JSON object a line with `log_format="json"` —
    and make every handler on the root logger redact. Safe to call twice."""
    root = logging.getLogger()
    ours = next((h for h in root.handlers if isinstance(h, _VoiceAgentHandler)), None)
    if ours is None:
        ours = _VoiceAgentHandler()
        root.addHandler(ours)
    ours.setFormatter(JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT))
    for handler in root.handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())
    root.setLevel(level.upper())


class _VoiceAgentHandler(logging.StreamHandler):  # type: ignore[type-arg,unused-ignore]
    """Our stderr handler, told apart from handlers others installed."""


class JsonFormatter(logging.Formatter):
    """One JSON object a line (LOG_FORMAT=json), for log drains that index fields: time,
    level, logger, message, the request and call ids of the context, and the traceback.
    It formats records the redacting filter has already rewritten."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name, variable in (
            ("request_id", log_context.request_id),
            ("call_id", log_context.call_id),
        ):
            value = variable.get()
            if value is not None:
                entry[name] = value
        if record.exc_info and not record.exc_text:
            record.exc_text = redact_for_logs(self.formatException(record.exc_info))
        if record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False)
