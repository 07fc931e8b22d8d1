"""Bots, phone numbers and price plans."""

from __future__ import annotations

from admin_app.display import tenant_link
from admin_app.views.base import StaffModelView

_tenant = {"tenant_id": lambda _v, _c, m, _n: tenant_link(m.tenant_id)}


class BotView(StaffModelView):
    allow_edit = True
    column_list = (
        "id",
        "tenant_id",
        "name",
        "status",
        "language",
        "voice",
        "stt_engine",
        "tts_engine",
        "dialogue_engine",
        "created_at",
    )
    column_searchable_list = ("name",)
    column_filters = ("tenant_id", "status", "language", "created_at")
    column_sortable_list = ("id", "name", "status", "created_at")
    column_default_sort = ("id", True)
    column_formatters = _tenant
    form_columns = (
        "name",
        "status",
        "language",
        "greeting",
        "instructions",
        "handover_number",
        "voice",
        "stt_engine",
        "tts_engine",
        "dialogue_engine",
        "max_call_seconds",
        "silence_timeout_seconds",
    )


class PhoneNumberView(StaffModelView):
    column_list = (
        "id",
        "tenant_id",
        "e164",
        "bot_id",
        "provider",
        "provider_sid",
        "status",
        "created_at",
        "released_at",
    )
    column_searchable_list = ("e164", "provider_sid")
    column_filters = ("tenant_id", "status", "provider", "country")
    column_sortable_list = ("id", "e164", "status", "created_at")
    column_default_sort = ("id", True)
    column_formatters = _tenant


class PricePlanView(StaffModelView):
    allow_create = True
    allow_edit = True
    column_list = (
        "code",
        "name",
        "currency",
        "monthly_fee_cents",
        "included_minutes",
        "per_minute_cents",
        "number_monthly_fee_cents",
        "is_active",
    )
    column_searchable_list = ("code", "name")
    column_filters = ("is_active", "currency")
    column_default_sort = "code"
    form_columns = (
        "code",
        "name",
        "currency",
        "monthly_fee_cents",
        "included_minutes",
        "per_minute_cents",
        "number_monthly_fee_cents",
        "is_active",
    )
