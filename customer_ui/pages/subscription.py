"""The subscription on the billing page: cancel it (effective at the end of the month, or of
the trial), withdraw the cancellation until then, resume it after (services/subscriptions.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from nicegui import ui

from customer_ui.context import PortalContext
from customer_ui.layout import MemberPage, guarded
from models.base import utcnow
from services.subscriptions import (
    cancel_subscription,
    cancellation_end,
    resume_subscription,
    subscription,
    withdraw_cancellation,
)
from services.vienna_time import vienna_day


def subscription_state(ctx: PortalContext, page: MemberPage) -> bool:
    """What the subscription's state is, with the one button that changes it. False when
    the company has no subscription this can change (no plan, or one staff look after)."""
    tr = page.tr
    state = subscription(session=page.db)
    if state is None:
        return False
    with ui.column().classes("gap-1").mark("subscription"):
        if state.ended:
            assert state.ends_on is not None
            ui.label(
                tr(
                    "Your subscription ended on {day}. Your bots are paused and your phone "
                    "numbers were released.",
                    day=tr.day(state.ends_on),
                )
            ).classes("text-sm")
            _button(ctx, page, tr("Resume subscription"), resume_subscription)
        elif state.cancelled:
            assert state.ends_on is not None
            ui.label(
                tr(
                    "Cancelled: your subscription runs until {day} inclusive. After that your "
                    "bots are paused and your phone numbers released; no more fees are charged.",
                    day=tr.day(state.ends_on),
                )
            ).classes("text-sm")
            _button(ctx, page, tr("Withdraw cancellation"), withdraw_cancellation)
        else:
            _cancel_dialog(ctx, page)
    return True


def _cancel_dialog(ctx: PortalContext, page: MemberPage) -> None:
    tr = page.tr
    last_day = vienna_day(cancellation_end(page.tenant, now=utcnow())) - timedelta(days=1)
    with ui.dialog() as confirm, ui.card().classes("gap-2"):
        ui.label(tr("Cancel your subscription?")).classes("font-semibold")
        ui.label(
            tr(
                "It runs until {day} inclusive; your bots take calls as before until then. "
                "After that they are paused and your phone numbers released. You can withdraw "
                "the cancellation until then.",
                day=tr.day(last_day),
            )
        ).classes("text-sm")
        with ui.row().classes("gap-2"):
            _button(
                ctx, page, tr("Cancel subscription"), cancel_subscription, color="negative"
            ).mark("confirm-cancel")
            ui.button(tr("Keep subscription"), on_click=confirm.close).props("flat")
    ui.button(tr("Cancel subscription…"), on_click=confirm.open).props(
        "flat dense no-caps color=negative"
    ).mark("cancel-subscription")


def _button(
    ctx: PortalContext,
    page: MemberPage,
    label: str,
    change: Callable[..., object],
    color: str = "primary",
) -> ui.button:
    def run() -> None:
        with ctx.tenant_db(page.who) as (db, user):
            change(session=db, tenant_id=user.customer_tenant_id, actor=user)
        ui.navigate.to("/billing")

    return ui.button(label, color=color, on_click=guarded(page.tr, run)).props("no-caps")
