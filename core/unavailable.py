"""What a front door answers while the database cannot be reached, or while every pooled
connection to it is taken (overload): 503, when to try again, and one plain sentence — on a
page German first, then English, since whose language it is lives in the database too. The
portal (customer_ui/outage.py), its REST API and the back office (admin_app/errors.py) all
answer with these.
"""

from __future__ import annotations

from html import escape

from core.catalogue import N_

UNAVAILABLE = N_("VoiceAgent is unavailable for a moment. Please try again in a minute.")
RETRY_AFTER = {"Retry-After": "30"}
# Every pooled database connection taken (models.database.is_database_busy): overload, refused
# at once rather than queued until it times out.
BUSY = N_("VoiceAgent is very busy right now. Please try again in a few seconds.")
BUSY_RETRY_AFTER = {"Retry-After": "5"}


def unavailable_page(german: str, english: str) -> str:
    """A page with no template and no stylesheet: both need nothing from the database."""
    lines = "".join(f"<p>{escape(text)}</p>" for text in (german, english))
    return (
        '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>VoiceAgent</title></head>"
        '<body style="font-family: sans-serif; margin: 2rem">'
        f"<h1>VoiceAgent</h1>{lines}</body></html>"
    )
