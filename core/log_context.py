"""Which request or call a log line belongs to, carried in context variables.

Front doors set the request id as a request starts (Heroku's router sends X-Request-ID; else
we make one), the voice runtime the call's SID once a media stream is accepted. asyncio tasks
copy the context they are created in, so every line a call's tasks log carries its call, and
no other call's. core/logging.py's JSON lines print them."""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
call_id: ContextVar[str | None] = ContextVar("call_id", default=None)

# What we accept from a client as a request id: short, and nothing that could forge a log line.
_ACCEPTABLE_ID = re.compile(r"[A-Za-z0-9._\-]{1,128}")


def request_id_from(header: str | None) -> str:
    """The router's request id when it is a plain token, else a new one."""
    if header and _ACCEPTABLE_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex
