"""Settings → "Your own Twilio account": the Account SID and auth token a company brings, so
that its new numbers are bought, and their calls and text messages run, in its own account
(services/twilio_accounts.py). Administrators only (Action.CREDENTIALS)."""

from __future__ import annotations

from nicegui import ui

from customer_ui.context import PortalContext
from customer_ui.layout import MemberPage, guarded
from customer_ui.pages.platform_numbers import platform_numbers
from customer_ui.submit import submit
from customer_ui.text_fields import text_input
from services.twilio_accounts import own_twilio_account, save_own_twilio_account

MAX_FIELD = 40  # Twilio's SID has 34 characters, its token 32; the service checks the form


def twilio_account_card(ctx: PortalContext, page: MemberPage) -> None:
    tr = page.tr
    has_own = (
        own_twilio_account(session=page.db, cipher=ctx.cipher, tenant_id=page.tenant.id) is not None
    )
    with ui.card().classes("w-full gap-2").props("id=twilio-account"):
        ui.label(tr("Your own Twilio account")).classes("font-semibold")
        ui.label(
            tr(
                "Your Twilio account is set up: new phone numbers are bought in it, and "
                "their calls and text messages go through it."
            )
            if has_own
            else tr(
                "Optional. Without it, your phone numbers are in our Twilio account. "
                "With it, new phone numbers are bought in yours, and their calls and text "
                "messages go through it."
            )
        ).classes("text-sm text-gray-600")
        inputs = {
            "account_sid": text_input(tr("Account SID"), max_length=MAX_FIELD),
            "auth_token": text_input(tr("Auth token"), max_length=MAX_FIELD, password=True),
        }
        for name, field in inputs.items():
            field.classes("w-full sm:w-96").props(f"id=twilio-{name} autocomplete=off")

        def save() -> None:
            saved = submit(
                ctx,
                page,
                inputs,
                lambda db, user: save_own_twilio_account(
                    session=db,
                    cipher=ctx.cipher,
                    actor=user,
                    account_sid=inputs["account_sid"].value or "",
                    auth_token=inputs["auth_token"].value or "",
                ),
                done=tr("Saved. New phone numbers are bought in your account."),
            )
            if saved is not None:
                ui.navigate.reload()

        ui.button(tr("Save Twilio account"), icon="save", on_click=guarded(tr, save))
        if has_own:
            platform_numbers(ctx, page)
