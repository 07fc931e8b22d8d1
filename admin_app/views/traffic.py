"""Calls, their transcripts and usage: the big tables.

They grow by millions of rows, so the lists page by cursor without counting
(admin_app/views/keyset.py), sort by the primary key only and filter on indexed columns.
"""

from __future__ import annotations

from typing import Any

from flask_login import current_user
from markupsafe import Markup

from admin_app.database import staff_db
from admin_app.display import OWNER_COLUMNS
from admin_app.i18n import t
from admin_app.labels import enum_label
from admin_app.numbers import seconds
from admin_app.views.keyset import KeysetPagedView
from models import Call
from services.staff_access import TranscriptRefused, staff_transcript


def transcript(_view: object, _context: object, call: Call, _name: str) -> Markup:
    """The transcript, when the tenant has opened it to staff (services/staff_access.py);
    the view or the refusal is audited and committed here, as the page is shown."""
    session = staff_db()
    try:
        turns = staff_transcript(session=session, staff=current_user.user, call=call)
    except TranscriptRefused:
        session.commit()
        return Markup("<em class='transcript-refused'>{}</em>").format(
            t(
                "Not shown: the customer has not given our staff access to transcripts and "
                "has no open support ticket."
            )
        )
    session.commit()
    line = Markup("<div><strong>{}</strong> <small class='text-muted'>{}</small> {}</div>")
    lines = [
        line.format(enum_label(turn.speaker), seconds(turn.started_ms / 1000), turn.text)
        for turn in turns
    ]
    return Markup("").join(lines) or Markup("—")


class BigTableView(KeysetPagedView):
    """A list of millions of rows: cursor paging, id order, indexed filters."""


class CallView(BigTableView):
    column_list = (
        "id",
        "tenant_id",
        "bot_id",
        "from_number",
        "to_number",
        "status",
        "outcome",
        "language",
        "started_at",
        "duration_seconds",
    )
    column_searchable_list = ("provider_call_sid",)
    column_filters = ("tenant_id", "bot_id", "status", "outcome", "started_at")
    column_formatters = OWNER_COLUMNS
    column_details_list = (
        "id",
        "tenant_id",
        "bot_id",
        "provider_call_sid",
        "from_number",
        "to_number",
        "status",
        "outcome",
        "language",
        "started_at",
        "answered_at",
        "ended_at",
        "duration_seconds",
        "turns",
    )
    column_formatters_detail = {"turns": transcript, **OWNER_COLUMNS}

    def _apply_search(
        self, query: Any, count_query: Any, joins: Any, count_joins: Any, search: str
    ) -> tuple[Any, Any, Any, Any]:
        """A call is looked up by its whole Twilio SID, on the unique index: Flask-Admin's
        substring search would read every one of a million calls."""
        query = query.filter(Call.provider_call_sid == search.strip())
        return query, count_query, joins, count_joins

    def search_placeholder(self) -> str:
        return t("Call SID (CA…, complete)")


class CallTurnView(BigTableView):
    """Turns by their timing, without what was said: the words are read on the call's page,
    where the tenant's grant is checked and the view audited."""

    column_list = (
        "id",
        "tenant_id",
        "call_id",
        "seq",
        "speaker",
        "turn_latency_ms",
        "interrupted",
    )
    column_details_list = column_export_list = column_list
    column_filters = ("tenant_id", "call_id", "speaker")
    column_formatters = OWNER_COLUMNS


class UsageEventView(BigTableView):
    column_list = (
        "id",
        "tenant_id",
        "kind",
        "quantity",
        "occurred_at",
        "bot_id",
        "call_id",
        "idempotency_key",
    )
    column_filters = ("tenant_id", "kind", "occurred_at", "bot_id")
    column_formatters = OWNER_COLUMNS
