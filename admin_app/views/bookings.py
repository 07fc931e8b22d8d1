"""The appointment book, read-only for staff: each tenant's services and bookings, so support
can answer "my booking vanished" (cancelled? moved? by whom? from which call?). Changes are
the customer's, in the portal or the API; staff only read here."""

from __future__ import annotations

from admin_app.display import OWNER_COLUMNS
from admin_app.i18n import lazy
from admin_app.views.base import StaffModelView

LABELS = {
    "service": lazy("Service"),
    "service_id": lazy("Service"),
    "starts_at": lazy("Starts"),
    "ends_at": lazy("Ends"),
    "caller_name": lazy("Booked for"),
    "caller_phone": lazy("Phone number"),
    "party_size": lazy("Party size"),
    "source": lazy("Booked through"),
    "cancelled_at": lazy("Cancelled at"),
    "duration_minutes": lazy("Duration (minutes)"),
    "price_cents": lazy("Price"),
    "capacity": lazy("Bookings at once"),
    "bot_ids": lazy("Offered by bots"),
    "active": lazy("Offered"),
}


class BookingView(StaffModelView):
    named_filter_urls = True  # support sends links like ?flt0_tenant_id_equals=7
    column_list = (
        "id",
        "tenant_id",
        "service",
        "starts_at",
        "ends_at",
        "caller_name",
        "caller_phone",
        "status",
        "source",
        "call_id",
        "created_at",
        "updated_at",
    )
    column_details_list = (*column_list, "party_size", "cancelled_at")
    column_labels = LABELS
    column_filters = ("tenant_id", "status", "source", "starts_at", "caller_phone", "call_id")
    column_searchable_list = ("caller_name", "caller_phone")
    column_sortable_list = ("id", "starts_at", "created_at")
    column_default_sort = ("starts_at", True)
    column_formatters = {**OWNER_COLUMNS, "service": lambda _v, _c, m, _n: m.service.name}


class ServiceView(StaffModelView):
    named_filter_urls = True
    column_list = (
        "id",
        "tenant_id",
        "name",
        "duration_minutes",
        "price_cents",
        "capacity",
        "bot_ids",
        "active",
        "updated_at",
    )
    column_labels = LABELS
    column_filters = ("tenant_id", "active")
    column_searchable_list = ("name",)
    column_formatters = OWNER_COLUMNS
