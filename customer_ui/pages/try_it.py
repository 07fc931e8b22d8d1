""" "Try it": chat with the bot in the page, as a caller would talk to it.

It always uses the offline scripted dialogue engine (integrations.dialogue.scripted): it costs
nothing, needs no keys, and answers from the bot's greeting, questions and opening hours as
they are saved — so a customer can check their answers before the first caller does.
"""

from __future__ import annotations

from nicegui import ui

from customer_ui.context import PortalContext
from customer_ui.i18n import Texts
from models import Bot


def try_it_panel(ctx: PortalContext, tr: Texts, bot: Bot) -> None:
    try:
        from integrations.dialogue.base import Action, BotProfile
        from integrations.dialogue.scripted import ScriptedDialogue
    except ImportError:  # the dialogue engine ships with the voice runtime's work
        ui.label(tr("Trying the bot in the page is not available yet."))
        return
    ui.label(tr("Type what a caller would say. The bot answers with what you saved.")).classes(
        "text-sm text-gray-600"
    )
    engine = ScriptedDialogue(BotProfile.from_bot(bot))
    chat = ui.column().classes("w-full gap-1 max-h-96 overflow-auto")

    def say(text: str, *, sent: bool) -> None:
        with chat:
            ui.chat_message(text, name=tr("You") if sent else bot.name, sent=sent)

    say(engine.greeting(), sent=False)
    with ui.row().classes("w-full items-center"):
        message = ui.input(tr("Your message")).classes("flex-1")

        def send() -> None:
            text = (message.value or "").strip()
            if not text:
                return
            message.value = ""
            say(text, sent=True)
            reply = engine.reply(text)
            say(reply.text, sent=False)
            if reply.action is Action.HANDOVER:
                ui.label(tr("(Here the call would be handed over to a person.)")).classes(
                    "text-sm text-gray-600"
                ).move(chat)
            elif reply.action is Action.HANGUP:
                ui.label(tr("(Here the bot would end the call.)")).classes(
                    "text-sm text-gray-600"
                ).move(chat)

        message.on("keydown.enter", send)
        ui.button(tr("Send"), icon="send", on_click=send)
