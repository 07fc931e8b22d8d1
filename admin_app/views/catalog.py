"""Bots, phone numbers and price plans."""

from __future__ import annotations

from flask import current_app, flash, request
from flask_admin.actions import action
from flask_login import current_user

from admin_app.database import db, staff_db
from admin_app.display import OWNER_COLUMNS
from admin_app.i18n import lazy, t
from admin_app.request_values import row_id
from admin_app.views.base import StaffModelView
from models import PhoneNumber
from services.errors import NotFound, ValidationFailed
from services.number_moves import in_own_account
from services.price_plans import make_default_plan


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
    column_formatters = OWNER_COLUMNS
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
        "sms_confirmations",
    )


def _account(_v: object, _c: object, number: PhoneNumber, _n: str) -> str:
    """Which Twilio account a number lives in, in words (services/number_moves.py)."""
    own = in_own_account(
        session=staff_db(), cipher=current_app.extensions["voiceagent.cipher"], number=number
    )
    if own is None:
        return "—"
    return t("Customer's own account") if own else t("Platform account")


class PhoneNumberView(StaffModelView):
    column_list = (
        "id",
        "tenant_id",
        "e164",
        "bot_id",
        "provider",
        "provider_sid",
        "provider_account",
        "status",
        "created_at",
        "released_at",
    )
    column_searchable_list = ("e164", "provider_sid")
    column_filters = ("tenant_id", "status", "provider", "country")
    column_sortable_list = ("id", "e164", "status", "created_at")
    column_default_sort = ("id", True)
    column_formatters = OWNER_COLUMNS | {"provider_account": _account}


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
        "is_default",
    )
    column_labels = {"is_default": lazy("Default for new sign-ups")}
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

    # The default moves only through this audited action (exactly one plan is the default),
    # never through the edit form.
    @action("make_default", lazy("Make the default for new sign-ups"), None)
    def action_make_default(self, ids: list[str]) -> None:
        if len(ids) != 1:
            flash(t("Please tick exactly one price plan."), "error")
            return
        try:
            plan = make_default_plan(
                session=staff_db(),
                plan_id=row_id(ids[0]),
                actor=current_user.user,
                ip_address=request.remote_addr,
            )
        except (ValueError, NotFound):
            flash(t("There is no such price plan."), "error")
            return
        except ValidationFailed:
            flash(t("Only an active price plan can be the default."), "error")
            return
        db.session.commit()
        flash(t("New sign-ups now start on {plan}.", plan=plan.name), "success")
