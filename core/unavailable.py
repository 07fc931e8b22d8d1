"""What a front door answers while the database cannot be reached, or while every pooled
connection to it is taken (overload): 503, when to try again, and one plain sentence — on a
page German first, then English, since whose language it is lives in the database too. The
portal (customer_ui/outage.py), its REST API and the back office (admin_app/errors.py) all
answer with these, and note their busy answers in one rate-limited log (busy_log).
"""

from __future__ import annotations

import logging
import time
from html import escape

from core.catalogue import N_, translate

UNAVAILABLE = N_("VoiceAgent is unavailable for a moment. Please try again in a minute.")
RETRY_AFTER = {"Retry-After": "30"}
# Every pooled database connection taken (models.database.is_database_busy): overload, refused
# at once rather than queued until it times out.
BUSY = N_("VoiceAgent is very busy right now. Please try again in a few seconds.")
BUSY_RETRY_AFTER = {"Retry-After": "5"}

log = logging.getLogger(__name__)


def refusal(*, busy: bool) -> tuple[str, dict[str, str]]:
    """The sentence and the Retry-After header of a front door's 503: `busy` when no pooled
    connection came free in time, else the database cannot be reached."""
    return (BUSY, BUSY_RETRY_AFTER) if busy else (UNAVAILABLE, RETRY_AFTER)


def refusal_page(*, busy: bool) -> tuple[str, dict[str, str]]:
    """The portal's and the back office's 503 page, German first, and its Retry-After. A page
    with no template and no stylesheet: both need nothing from the database."""
    message, retry_after = refusal(busy=busy)
    lines = "".join(f"<p>{escape(text)}</p>" for text in (translate("de", message), message))
    page = (
        '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>VoiceAgent</title></head>"
        '<body style="font-family: sans-serif; margin: 2rem">'
        f"<h1>VoiceAgent</h1>{lines}</body></html>"
    )
    return page, retry_after


class BusyLog:
    """Busy answers logged at most once every `every_s` seconds, with their count: under
    overload a line per refused request would add work where there is too much already."""

    def __init__(self, every_s: float = 10.0) -> None:
        self.every_s = every_s
        self.count = 0
        self.logged_at = -every_s

    def note(self, why: str) -> None:
        """`why` names the front door and the reason ("portal: …", "back office: …")."""
        self.count += 1
        now = time.monotonic()
        if now - self.logged_at >= self.every_s:
            log.warning("%s; answered busy (%d since the last line)", why, self.count)
            self.count, self.logged_at = 0, now


# One a process: each front door runs in its own.
busy_log = BusyLog()
