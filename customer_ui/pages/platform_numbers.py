"""Settings → "Your own Twilio account": the numbers still in our account, from before the
company brought its own, each with the offer of a new number in its own account (the old one
is then released: services/number_moves.py)."""

from __future__ import annotations

from nicegui import ui

from customer_ui.context import PortalContext
from customer_ui.layout import MemberPage, guarded
from services.number_moves import (
    PlatformNumber,
    numbers_in_platform_account,
    replace_in_own_account,
)


def platform_numbers(ctx: PortalContext, page: MemberPage) -> None:
    tr = page.tr
    numbers = numbers_in_platform_account(
        session=page.db, cipher=ctx.cipher, tenant_id=page.tenant.id
    )
    if not numbers:
        return
    with ui.column().classes("w-full gap-1").mark("platform-numbers"):
        ui.label(tr("Still in our Twilio account")).classes("font-semibold text-sm")
        ui.label(
            tr(
                "These numbers were set up before you added your account and stay in ours: "
                "Twilio moves numbers between accounts only through its support. Instead, a "
                "bot can get a new number in your account; its old number is then released "
                "and no longer reachable."
            )
        ).classes("text-sm text-gray-600")
        for number in numbers:
            _number_row(ctx, page, number)


def _number_row(ctx: PortalContext, page: MemberPage, number: PlatformNumber) -> None:
    tr = page.tr

    def replace() -> None:
        with ctx.tenant_db(page.who) as (db, user):
            replace_in_own_account(
                session=db, cipher=ctx.cipher, number_id=number.number_id, actor=user
            )
        ui.notify(tr("A new number is being set up in your account."), type="positive")
        ui.navigate.reload()

    with ui.dialog() as confirm, ui.card().classes("gap-2"):
        ui.label(tr("A new number for {bot}?", bot=number.bot_name)).classes("font-semibold")
        ui.label(
            tr(
                "{bot} gets a new phone number in your Twilio account. As soon as it answers, "
                "{number} is released: callers of that number no longer reach the bot, so "
                "tell them the new one.",
                bot=number.bot_name,
                number=number.e164,
            )
        ).classes("text-sm")
        with ui.row().classes("gap-2"):
            ui.button(tr("Get a new number"), on_click=guarded(tr, replace)).mark(
                "confirm-new-number"
            )
            ui.button(tr("Cancel"), on_click=confirm.close).props("flat")
    with ui.row().classes("items-center gap-2 flex-wrap"):
        ui.label(f"{number.e164} · {number.bot_name}").classes("text-sm")
        ui.badge(tr("in our account")).props("outline")
        if number.replacement_requested:
            ui.label(tr("A new number is being set up in your account.")).classes("text-sm")
        else:
            ui.button(tr("New number in my account…"), on_click=confirm.open).props(
                "flat dense no-caps"
            ).mark("new-number")
