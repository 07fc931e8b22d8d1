"""Bots: the list with live status, create, edit, pause, resume, delete, and "Try it".

What a person is offered follows services.permissions: every member edits what a bot says and
knows and pauses or resumes it; only an administrator creates one, changes its set-up (name,
language, voice, engines, hand-over number, call length) or deletes it. The form is
customer_ui/pages/bot_form.py, the heading with its actions customer_ui/pages/bot_heading.py."""

from __future__ import annotations

from nicegui import ui

from customer_ui.context import PortalContext
from customer_ui.layout import MemberPage, found, guarded, member_page
from customer_ui.pages.billing import number_fee_note
from customer_ui.pages.bot_form import ENGINE_NAMES as ENGINE_NAMES
from customer_ui.pages.bot_form import bot_form
from customer_ui.pages.bot_heading import bot_heading, status_badge
from customer_ui.pages.payment_method import second_number_notice
from customer_ui.pages.try_it import try_it_panel
from customer_ui.submit import submit
from models import Bot
from services.bot_list import bots_with_numbers
from services.bots import BotSpec, create_bot, get_bot, update_bot
from services.payment_method import may_add_number
from services.permissions import Action


def register(ctx: PortalContext) -> None:
    @ui.page("/bots")
    def bots_page() -> None:
        with member_page(ctx, "Bots") as page:
            if not page.refused(Action.VIEW_BOTS):
                bot_list(page)

    @ui.page("/bots/new")
    def new_bot_page() -> None:
        with member_page(ctx, "New bot") as page:
            if not page.refused(Action.CREATE_BOTS):
                new_bot(ctx, page)

    @ui.page("/bots/{bot_id}")
    def bot_page(bot_id: str) -> None:
        with member_page(ctx, "Bot") as page:
            if page.refused(Action.VIEW_BOTS):
                return
            missing = page.tr("This bot does not exist.")
            bot = found(
                page.tr, lambda n: get_bot(session=page.db, bot_id=n), bot_id, missing, "/bots"
            )
            if bot is None:
                return
            bot_heading(ctx, page, bot)
            bot_tabs(ctx, page, bot)


def bot_list(page: MemberPage) -> None:
    """A card a bot, with its language, number and status; bots and numbers in one query."""
    tr = page.tr
    if page.may(Action.CREATE_BOTS):
        ui.button(tr("New bot"), icon="add", on_click=lambda: ui.navigate.to("/bots/new"))
    bots = bots_with_numbers(session=page.db)
    if not bots:
        ui.label(tr("You have no bots yet. Create your first one!"))
        return
    with ui.column().classes("w-full gap-2"):
        for bot, number in bots:
            card = ui.card().classes("w-full cursor-pointer")
            card.on("click", lambda b=bot.id: ui.navigate.to(f"/bots/{b}"))
            with card, ui.row().classes("w-full items-center justify-between"):
                with ui.column().classes("gap-0"):
                    ui.link(bot.name, f"/bots/{bot.id}").classes(
                        "text-lg font-semibold no-underline text-black"
                    )
                    ui.label(
                        f"{tr.language(bot.language.value)} · " + (number or tr("no number yet"))
                    ).classes("text-sm text-gray-600")
                status_badge(tr, bot.status)


def new_bot(ctx: PortalContext, page: MemberPage) -> None:
    tr = page.tr
    if not may_add_number(session=page.db, tenant=page.tenant):
        second_number_notice(ctx, page)
        return
    spec = BotSpec(
        name="",
        language=page.user.locale if page.user.locale in ("de-AT", "en-US") else "de-AT",
    )
    form = bot_form(tr, spec)

    def save() -> None:
        created = submit(
            ctx,
            page,
            form.inputs,
            lambda db, user: create_bot(session=db, spec=form.read(), actor=user),
            done=tr("Bot created. We are getting a phone number for it."),
        )
        if created is not None:
            ui.navigate.to(f"/bots/{created.value.id}")

    number_fee_note(page)
    ui.button(tr("Create bot"), icon="save", on_click=guarded(tr, save))


def bot_tabs(ctx: PortalContext, page: MemberPage, bot: Bot) -> None:
    """The bot's settings (saved by those who may edit its content) and "Try it"."""
    tr, bot_id = page.tr, bot.id
    with ui.tabs() as tabs:
        settings_tab = ui.tab(tr("Settings"))
        try_tab = ui.tab(tr("Try it"))
    with ui.tab_panels(tabs, value=settings_tab).classes("w-full"):
        with ui.tab_panel(settings_tab):
            form = bot_form(tr, BotSpec.from_bot(bot), configurable=page.may(Action.CONFIGURE_BOTS))

            def save() -> None:
                submit(
                    ctx,
                    page,
                    form.inputs,
                    lambda db, user: update_bot(
                        session=db,
                        bot=get_bot(session=db, bot_id=bot_id),
                        spec=form.read(),
                        actor=user,
                    ),
                    done=tr("Saved."),
                )

            if page.may(Action.EDIT_BOT_CONTENT):
                ui.button(tr("Save changes"), icon="save", on_click=guarded(tr, save))
        with ui.tab_panel(try_tab):
            try_it_panel(ctx, page, bot, on_phrasing_added=form.append_phrasing)
