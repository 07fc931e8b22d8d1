"""A bot's heading: its name, status and number, why it has no number yet, and what may be
done with it (pause, resume, delete). While its number is being got the heading follows the
purchase (services.number_progress)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from core.catalogue import N_
from customer_ui.confirmation import confirmation
from customer_ui.context import PortalContext
from customer_ui.i18n import Texts
from customer_ui.layout import MemberPage, guarded
from models import Bot, BotStatus
from services.bots import delete_bot, get_bot, pause_bot, resume_bot
from services.errors import NotFound
from services.number_progress import NumberStep, number_progress
from services.permissions import Action

STATUS_COLORS = {
    BotStatus.DRAFT: "grey",
    BotStatus.PROVISIONING: "orange",
    BotStatus.LIVE: "positive",
    BotStatus.PAUSED: "blue-grey",
    BotStatus.FAILED: "negative",
}
STATUS_LABELS = {
    BotStatus.DRAFT: N_("Draft"),
    BotStatus.PROVISIONING: N_("Getting a number"),
    BotStatus.LIVE: N_("Live"),
    BotStatus.PAUSED: N_("Paused"),
    BotStatus.FAILED: "Failed",
}
# How often a bot's page looks whether its number has come: a purchase takes seconds.
FOLLOW_SECONDS = 2.0
# Each step of getting a number (services.number_progress), as the bot's page says it.
NUMBER_STEPS = {
    NumberStep.WAITING: N_("We are about to get a phone number for this bot."),
    NumberStep.BUYING: N_("We are buying the phone number and connecting it to the bot."),
    NumberStep.RETRYING: N_("The last try did not work; we will try again in a moment."),
}
# Why a bot got no number (services.number_registration.number_problem), in the customer's
# words, and whether the administrator can fix it under Settings.
NUMBER_PROBLEMS = {
    "address_missing": (
        N_(
            "To get an Austrian phone number we need your business address in Austria. Please "
            "enter it under Settings → Billing address, then resume the bot."
        ),
        True,
    ),
    "address_refused": (
        N_(
            "The phone company did not accept your business address. Please check it under "
            "Settings → Billing address, then resume the bot."
        ),
        True,
    ),
    "bundle_missing": (
        N_(
            "Austrian phone numbers are only given to registered businesses. We are registering "
            "yours and will get the number as soon as the registration is approved. You need "
            "not do anything."
        ),
        False,
    ),
    "bundle_refused": (
        N_(
            "Your business's registration for Austrian phone numbers is not approved yet. We "
            "will get the number as soon as it is. You need not do anything."
        ),
        False,
    ),
    "other": (
        N_(
            "We could not get a phone number for this bot. Our team has been told and is "
            "looking into it."
        ),
        False,
    ),
}


def bot_heading(ctx: PortalContext, page: MemberPage, bot: Bot) -> None:
    """The bot's name, status, number and actions. While its number is being got they
    follow the purchase, checked every FOLLOW_SECONDS, until it is done or has failed."""
    tr, who, bot_id, name = page.tr, page.who, bot.id, bot.name
    shown = [number_progress(session=page.db, bot_id=bot_id)]

    @ui.refreshable
    def heading() -> None:
        progress = shown[0]
        with ui.row().classes("w-full items-center gap-4"):
            ui.label(name).classes("text-xl font-semibold")
            status_badge(tr, progress.status)
            ui.label(progress.number or tr("no number yet")).classes("text-gray-600")
        if not progress.settled:
            with ui.row().classes("items-center gap-2 no-wrap").mark("number-progress"):
                ui.spinner(size="1.5em")
                ui.label(tr(NUMBER_STEPS[progress.step]))
        _number_problem_notice(page, progress.problem)
        _status_actions(ctx, page, bot_id, progress.status)

    heading()
    if shown[0].settled:
        return

    def follow() -> None:
        try:  # three indexed reads: quick enough for the event loop, like a save
            with ctx.tenant_db(who) as (db, _user):
                latest = number_progress(session=db, bot_id=bot_id)
        except NotFound:  # deleted meanwhile, maybe in another tab
            timer.deactivate()
            ui.navigate.to("/bots")
            return
        if latest == shown[0]:
            return
        if latest.settled:
            timer.deactivate()
            if latest.number:
                ui.notify(tr("The bot can now be called at {number}.", number=latest.number))
        shown[0] = latest
        heading.refresh()

    timer = ui.timer(FOLLOW_SECONDS, guarded(tr, follow))


def status_badge(tr: Texts, status: BotStatus) -> None:
    ui.badge(tr(STATUS_LABELS.get(status, status.value)), color=STATUS_COLORS.get(status, "grey"))


def _number_problem_notice(page: MemberPage, problem: str | None) -> None:
    if problem is None:
        return
    text, fixed_in_settings = NUMBER_PROBLEMS.get(problem, NUMBER_PROBLEMS["other"])
    tr = page.tr
    with ui.card().classes("w-full bg-orange-50 gap-1").props("flat bordered id=number-problem"):
        with ui.row().classes("items-start gap-2 no-wrap"):
            ui.icon("report_problem", color="orange").classes("text-xl")
            ui.label(tr(text))
        if fixed_in_settings and page.may(Action.BILLING):
            ui.link(tr("Enter the address"), "/settings#billing-details")


def _status_actions(ctx: PortalContext, page: MemberPage, bot_id: int, status: BotStatus) -> None:
    tr, who = page.tr, page.who

    def change(action: Callable[..., Any], message: str) -> Callable[[], None]:
        def run() -> None:
            with ctx.tenant_db(who) as (db, user):
                action(session=db, bot=get_bot(session=db, bot_id=bot_id), actor=user)
            ui.notify(tr(message), type="positive")
            ui.navigate.reload()

        return guarded(tr, run)

    def really_delete() -> None:
        with ctx.tenant_db(who) as (db, user):
            delete_bot(session=db, bot=get_bot(session=db, bot_id=bot_id), actor=user)
        ui.notify(tr("Bot deleted."), type="positive")
        ui.navigate.to("/bots")

    confirm_delete = confirmation(
        tr,
        tr("Delete this bot? Its phone number will be released."),
        yes=tr("Delete"),
        do=really_delete,
    ).open

    with ui.row().classes("gap-2"):
        if page.may(Action.PAUSE_BOTS):
            if status in (BotStatus.LIVE, BotStatus.PROVISIONING):
                ui.button(tr("Pause"), icon="pause", on_click=change(pause_bot, N_("Bot paused.")))
            if status in (BotStatus.PAUSED, BotStatus.FAILED, BotStatus.DRAFT):
                ui.button(
                    tr("Resume"), icon="play_arrow", on_click=change(resume_bot, N_("Bot resumed."))
                )
        if page.may(Action.DELETE_BOTS):
            ui.button(
                tr("Delete bot"), icon="delete", color="negative", on_click=confirm_delete
            ).props("outline")
