"""Messages the phone bots took, read-only for staff, per tenant: support can answer "the bot
said it would pass my message on" (taken when, on which call, handled by whom). Marking
them done is the customer's, in the portal or the API."""

from __future__ import annotations

from admin_app.display import tenant_cell
from admin_app.i18n import lazy
from admin_app.views.base import StaffModelView


class MessageView(StaffModelView):
    named_filter_urls = True  # support sends links like ?flt0_tenant_id_equals=7
    column_list = (
        "id",
        "tenant_id",
        "created_at",
        "bot",
        "caller_name",
        "caller_phone",
        "about",
        "status",
        "call_id",
        "handled_at",
    )
    column_details_list = (*column_list, "handled_by", "updated_at")
    column_labels = {
        "caller_name": lazy("Caller"),
        "caller_phone": lazy("Caller's number"),
        "about": lazy("About"),
        "handled_by": lazy("Done by"),
        "handled_at": lazy("Done at"),
    }
    column_filters = ("tenant_id", "status", "created_at", "caller_phone", "call_id")
    column_searchable_list = ("caller_name", "caller_phone")
    column_sortable_list = ("id", "created_at")
    column_default_sort = ("id", True)
    column_formatters = {
        "tenant_id": tenant_cell,
        "bot": lambda _v, _c, m, _n: m.bot.name,
        "handled_by": lambda _v, _c, m, _n: m.handled_by.name if m.handled_by else "—",
    }
