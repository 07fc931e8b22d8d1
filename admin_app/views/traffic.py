"""Calls, their transcripts and usage: the big tables.

They grow by millions of rows, so the lists page without counting (`simple_list_pager`),
sort only on indexed columns (the primary key by default) and filter on indexed ones.
"""

from __future__ import annotations

from markupsafe import Markup

from admin_app.views.base import StaffModelView
from admin_app.views.customers import tenant_link
from models import Call

_tenant = {"tenant_id": lambda _v, _c, m, _n: tenant_link(m.tenant_id)}


def transcript(_view: object, _context: object, call: Call, _name: str) -> Markup:
    line = Markup("<div><strong>{}</strong> <small class='text-muted'>{:.1f} s</small> {}</div>")
    lines = [
        line.format(turn.speaker.value, turn.started_ms / 1000, turn.text) for turn in call.turns
    ]
    return Markup("").join(lines) or Markup("—")


class BigTableView(StaffModelView):
    simple_list_pager = True
    can_set_page_size = False
    column_default_sort = ("id", True)
    column_sortable_list = ("id",)


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
    column_formatters = _tenant
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
    column_formatters_detail = {"turns": transcript, **_tenant}


class CallTurnView(BigTableView):
    column_list = (
        "id",
        "tenant_id",
        "call_id",
        "seq",
        "speaker",
        "text",
        "turn_latency_ms",
        "interrupted",
    )
    column_filters = ("tenant_id", "call_id", "speaker")
    column_formatters = _tenant


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
    column_formatters = _tenant
