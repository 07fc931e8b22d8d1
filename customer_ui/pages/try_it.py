""" "Try it": chat with the bot in the page, as a caller would talk to it.

It talks to the engine a call would (services/try_it.py): the bot's AI language model with
its booking tools when it is on one, else the offline scripted dialogue, which costs nothing,
needs no keys, and answers from the bot's greeting, questions and opening hours as they are
saved — so a customer can check their answers before the first caller does. Under each
model answer the chat says so; when the model fails, the offline dialogue answers, as in a
call, and the chat says that too.

Under each answer it says which question the bot took the sentence for and how sure it was
(or which two it asked back about), and where that was wrong or unsure, one click saves the
typed sentence as another way callers ask the right question (services.bots.add_faq_phrasing).

It books, moves and cancels appointments and takes messages as a call does, against the real
appointment book but without storing anything (services/try_it.py says why):
under such an answer the chat says that this was a test and nothing was booked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import run, ui

from core.catalogue import N_
from customer_ui.context import PortalContext
from customer_ui.enter_key import on_enter
from customer_ui.i18n import Texts
from customer_ui.layout import MemberPage, guarded
from models import Bot
from services.bots import add_faq_phrasing, get_bot
from services.permissions import Action as Permission
from services.try_it import (
    MAX_TYPED,
    SURE_AT,
    Action,
    Answerer,
    DialogueReply,
    Pretended,
    TryItChat,
    chat_model_for,
)

# How sure the bot was, in words: from this confidence on (0..1), the first that fits.
SURENESS = ((0.9, N_("very sure")), (SURE_AT, N_("fairly sure")), (0.0, N_("not sure")))
NOTE = "text-xs text-gray-600"

PhrasingAdded = Callable[[int, str, str], None]  # (entry, its question, the new phrasing)
# Under an answer that would have changed the book or left a message in a real call.
NOTHING_STORED = {
    Pretended.BOOKED: N_("Test chat – nothing was booked."),
    Pretended.MOVED: N_("Test chat – nothing was moved."),
    Pretended.CANCELLED: N_("Test chat – nothing was cancelled."),
    Pretended.MESSAGE: N_("Test chat – no message was left."),
}


def try_it_panel(
    ctx: PortalContext, page: MemberPage, bot: Bot, *, on_phrasing_added: PhrasingAdded
) -> None:
    tr = page.tr
    ui.label(tr("Type what a caller would say. The bot answers with what you saved.")).classes(
        "text-sm text-gray-600"
    )
    ui.label(
        tr(
            "Bookings are checked against your calendar but not saved; "
            "appointments booked here can be moved or cancelled here."
        )
    ).classes("text-sm text-gray-600")
    _TryIt(ctx, page, bot, on_phrasing_added)


class _TryIt:
    """The chat: the greeting, then each sentence typed, the bot's answer and what it says
    about that answer (which engine, which question, how sure), with "teach" under it."""

    def __init__(
        self, ctx: PortalContext, page: MemberPage, bot: Bot, on_phrasing_added: PhrasingAdded
    ) -> None:
        self.ctx, self.page, self.tr, self.bot = ctx, page, page.tr, bot
        self.on_phrasing_added = on_phrasing_added
        self.may_teach = page.may(Permission.EDIT_BOT_CONTENT)

        def read(query: Callable) -> Any:
            return run.io_bound(ctx.read, page.who, query)

        self.talk = TryItChat(bot, read)
        # Reversed, a scrolling box stays at its end as the chat grows, with no script to run.
        with ui.element("div").classes("w-full max-h-[28rem] overflow-auto flex flex-col-reverse"):
            self.chat = ui.column().classes("w-full gap-1").mark("try-it-chat")
        self.bubble(self.talk.engine.greeting(), sent=False)
        with ui.row().classes("w-full items-center no-wrap"):
            self.message = ui.input(self.tr("Your message")).classes("flex-1")
            self.message.props(f"maxlength={MAX_TYPED}")
            on_enter(self.message, guarded(self.tr, self.say))
            ui.button(self.tr("Send"), icon="send", on_click=guarded(self.tr, self.send))

    async def send(self) -> None:
        await self.say(self.message.value or "")

    async def say(self, typed: str) -> None:
        text = typed.strip()[:MAX_TYPED]  # the input holds no more; a forged message is cut
        if not text:
            return
        self.message.value = ""
        self.bubble(text, sent=True)
        self.answer(text, await self.reply_to(text))

    async def reply_to(self, text: str) -> DialogueReply:
        ctx = self.ctx
        with ctx.tenant_db(self.page.who) as (db, _user):
            saved = get_bot(session=db, bot_id=self.bot.id)
        model = await run.io_bound(
            chat_model_for,
            factory=ctx.session_factory,
            cipher=ctx.cipher,
            settings=ctx.settings,
            bot=saved,
        )
        self.talk.follow(saved, model)
        return await self.talk.respond(text)

    def bubble(self, text: str, *, sent: bool) -> None:
        with self.chat:
            ui.chat_message(text, name=self.tr("You") if sent else self.bot.name, sent=sent)

    def answer(self, text: str, reply: DialogueReply) -> None:
        tr = self.tr
        with self.chat:
            if reply.silent:
                ui.label(
                    tr("(The bot says nothing to this – it was only an acknowledgement.)")
                ).classes("text-sm text-gray-600 italic").mark("try-it-silent")
                return
            self.bubble(reply.text, sent=False)
            for pretended in self.talk.desk.news():
                ui.label(tr(NOTHING_STORED[pretended])).classes(
                    "text-sm text-gray-600 italic"
                ).mark("try-it-nothing-stored")
            self.explain(text, reply)
            if reply.action is Action.HANDOVER:
                ui.label(tr("(Here the call would be handed over to a person.)")).classes(
                    "text-sm text-gray-600"
                )
            elif reply.action is Action.HANGUP:
                ui.label(tr("(Here the bot would end the call.)")).classes("text-sm text-gray-600")

    def explain(self, said: str, reply: DialogueReply) -> None:
        """Which engine answered; for the offline dialogue, which question answered and how
        sure the bot was, or what it asked back."""
        tr, talk, chat = self.tr, self.talk, self.chat
        if talk.answered_by is Answerer.MODEL:
            with chat:
                ui.label(tr("Answer from the AI language model.")).classes(NOTE).mark(
                    "try-it-model"
                )
            return  # the model reads the questions itself: no match to teach
        if talk.answered_by is Answerer.OFFLINE_FOR_MODEL:
            with chat:
                ui.label(
                    tr(
                        "The AI language model did not answer, so the offline dialogue "
                        "answered, as it would in a call."
                    )
                ).classes(NOTE).mark("try-it-model")
        if reply.booking:
            return  # a booking step: no question of the owner's was asked
        questions = [question for question, _answer in talk.engine.profile.faq]
        with chat:
            unsure = self.match_note(reply)
        if not (self.may_teach and questions) or reply.action is not Action.CONTINUE:
            return
        if unsure:
            self.teach(said, reply, questions)
        else:
            self.wrong_answer_button(said, reply, questions)

    def match_note(self, reply: DialogueReply) -> bool:
        """Which question answered and how sure (or what was asked back); True when unsure."""
        tr = self.tr
        if reply.match is not None:
            ui.label(
                tr(
                    "Answer from: “{question}” – {sureness} ({percent})",
                    question=reply.match.question,
                    sureness=tr(_sureness(reply.match.confidence)),
                    percent=_percent(tr, reply.match.confidence),
                )
            ).classes(NOTE).mark("try-it-match")
            return reply.match.confidence < SURE_AT
        if reply.alternatives:
            named = [tr("“{question}”", question=a.question) for a in reply.alternatives]
            ui.label(
                tr(
                    "The bot asked back whether {topics} was meant.",
                    topics=tr(" or ").join(named),
                )
            ).classes(NOTE).mark("try-it-match")
        elif reply.action is Action.CONTINUE:
            ui.label(tr("None of your questions fitted.")).classes(NOTE).mark("try-it-match")
        return True

    def wrong_answer_button(self, said: str, reply: DialogueReply, questions: list[str]) -> None:
        chat = self.chat
        with chat:
            wrong = ui.button(self.tr("Wrong answer?")).props("flat dense no-caps size=sm")

        def open_teach() -> None:
            # In the place of the button, under its answer, however far the chat went on.
            place = chat.default_slot.children.index(wrong)
            self.teach(said, reply, questions).move(chat, target_index=place)
            wrong.delete()

        wrong.on_click(open_teach)

    def teach(self, said: str, reply: DialogueReply, questions: list[str]) -> ui.row:
        """The question the sentence really asked, preset to the bot's guess, and one button
        that saves the sentence as another way to ask it."""
        tr = self.tr
        guess = reply.match.entry if reply.match else None
        if guess is None and reply.alternatives:
            guess = reply.alternatives[0].entry
        with self.chat, ui.row().classes("w-full items-center gap-2 pl-2") as row:
            chosen = (
                ui.select(dict(enumerate(questions)), value=guess, label=tr("Meant was"))
                .classes("w-full sm:w-80")
                .props("dense options-dense")
            )

            def add() -> None:
                entry = chosen.value
                if entry is None:
                    ui.notify(tr("Please choose the question this sentence asks."), type="warning")
                    return
                self.save_phrasing(row, entry, questions[entry], said)

            ui.button(tr("Add this as another way to ask"), on_click=guarded(tr, add)).props(
                "flat dense no-caps"
            ).mark("add-phrasing")
        return row

    def save_phrasing(self, row: ui.row, entry: int, question: str, said: str) -> None:
        tr = self.tr
        with self.ctx.tenant_db(self.page.who) as (db, user):
            added = add_faq_phrasing(
                session=db,
                bot=get_bot(session=db, bot_id=self.bot.id),
                entry=entry,
                question=question,
                phrasing=said,
                actor=user,
            )
        row.clear()
        with row:
            if added:
                self.on_phrasing_added(entry, question, said)
                message = tr("Saved as another way to ask “{question}”.", question=question)
            else:
                message = tr(
                    "The bot knows this way to ask “{question}” already.", question=question
                )
            ui.label(message).classes("text-xs text-positive").mark("phrasing-saved")


def _sureness(confidence: float) -> str:
    return next(words for at, words in SURENESS if confidence >= at)


def _percent(tr: Texts, confidence: float) -> str:
    """82 % in German, 82% in English."""
    percent = round(min(max(confidence, 0.0), 1.0) * 100)
    return f"{percent} %" if tr.german else f"{percent}%"
