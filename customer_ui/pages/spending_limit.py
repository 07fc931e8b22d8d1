"""Settings → "Spending limit": an optional monthly limit on the net cost; at 80 % and 100 %
the administrators get an e-mail, at 100 % the bots take no calls until it is raised.
Administrators only (Action.BILLING); the rules are services/spending.py's."""

from __future__ import annotations

from nicegui import ui
from sqlalchemy.orm import Session

from customer_ui.context import PortalContext
from customer_ui.layout import MemberPage, guarded
from customer_ui.number_fields import amount_input, read_numbers
from customer_ui.submit import submit
from models import User
from services.spending import set_spending_limit, spending


def spending_limit_card(ctx: PortalContext, page: MemberPage) -> None:
    tr = page.tr
    state = spending(session=page.db, tenant=page.tenant)
    with ui.card().classes("w-full gap-2").props("id=spending-limit"):
        ui.label(tr("Spending limit")).classes("font-semibold")
        ui.label(
            tr(
                "Optional. We e-mail you at 80 % and at 100 % of the limit. From 100 % your "
                "bots take no calls — callers hear that the line cannot be reached — until "
                "you raise the limit or the next month begins."
            )
        ).classes("text-sm text-gray-600")
        if state.limit_cents is not None:
            ui.label(
                tr(
                    "This month so far: {spent} of {limit} ({percent} %).",
                    spent=tr.money(state.spent_cents),
                    limit=tr.money(state.limit_cents),
                    percent=state.percent,
                )
            ).mark("spending-so-far")
        if state.blocked:
            ui.label(
                tr("Limit reached: your bots are taking no calls. Raise the limit to go on.")
            ).classes("text-red-700 font-semibold").mark("spending-blocked")
        inputs = {
            "limit": amount_input(
                tr("Monthly limit in € (net)"), cents=state.limit_cents, locale=tr.locale
            )
            .classes("w-full sm:w-64")
            .props("id=spending-limit-input clearable")
        }

        def save() -> None:
            def set_limit(db: Session, user: User) -> None:
                cents = read_numbers(
                    inputs, amounts=["limit"], optional=["limit"], locale=tr.locale
                ).get("limit")
                set_spending_limit(session=db, actor=user, limit_cents=cents)

            if submit(ctx, page, inputs, set_limit) is not None:
                ui.navigate.reload()

        ui.button(tr("Save limit"), icon="save", on_click=guarded(tr, save))
