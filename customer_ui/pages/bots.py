"""Bots: the list with live status, create, edit, pause, resume, delete, and "Try it".

What a person is offered follows services.permissions: every member edits what a bot says and
knows and pauses or resumes it; only an administrator creates one, changes its set-up (name,
language, voice, engines, hand-over number, call length) or deletes it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from nicegui import ui

from core.catalogue import N_
from customer_ui.context import PortalContext
from customer_ui.i18n import LANGUAGE_NAMES, Texts
from customer_ui.layout import (
    MemberPage,
    clear_field_errors,
    guarded,
    member_page,
    not_found,
    parse_id,
    show_field_errors,
)
from customer_ui.number_fields import number_input, read_numbers
from customer_ui.pages.billing import number_fee_note
from customer_ui.pages.payment_method import second_number_notice
from customer_ui.pages.try_it import try_it_panel
from customer_ui.text_fields import deliver_any_text, text_input
from models import Bot, BotStatus
from services.bots import (
    CONTENT_FIELDS,
    MAX_ANSWER,
    MAX_CALL_SECONDS,
    MAX_GREETING,
    MAX_INSTRUCTIONS,
    MAX_NAME,
    MAX_PHRASING,
    MAX_PHRASINGS,
    MAX_QUESTION,
    MIN_CALL_SECONDS,
    WEEKDAYS,
    BotSpec,
    active_number,
    create_bot,
    delete_bot,
    get_bot,
    list_bots,
    pause_bot,
    resume_bot,
    update_bot,
)
from services.engine_regions import REGIONS
from services.errors import NotFound, ValidationFailed
from services.number_progress import NumberStep, number_progress
from services.payment_method import may_add_number
from services.permissions import Action
from services.text_input import TOO_LONG

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
DAY_NAMES = {
    "mon": N_("Monday"),
    "tue": N_("Tuesday"),
    "wed": N_("Wednesday"),
    "thu": N_("Thursday"),
    "fri": N_("Friday"),
    "sat": N_("Saturday"),
    "sun": N_("Sunday"),
}
VOICES = {"default": N_("Standard"), "female": N_("Female"), "male": N_("Male")}
# The engines in words an owner can choose by: where it runs, what it costs, what it can do.
ENGINE_NAMES = {
    "stt_engine": {
        "offline": N_("On our server (free, English only)"),
        "google": N_("Google (German and English)"),
    },
    "tts_engine": {
        "offline": N_("On our server (free, computer voice)"),
        "elevenlabs": N_("ElevenLabs (natural voice)"),
    },
    "dialogue_engine": {
        "offline": N_("On our server (free, answers with your questions and answers)"),
        "openai": N_("AI language model (OpenAI-compatible)"),
    },
}
ENGINE_FIELDS = {
    "stt_engine": N_("Listening"),
    "tts_engine": N_("Speaking"),
    "dialogue_engine": N_("Conversation engine"),
}
# How often a bot's page looks whether its number has come: a purchase takes seconds.
FOLLOW_SECONDS = 2.0
# Each step of getting a number (services.number_progress), as the bot's page says it.
NUMBER_STEPS = {
    NumberStep.WAITING: N_("We are about to get a phone number for this bot."),
    NumberStep.BUYING: N_("We are buying the phone number and connecting it to the bot."),
    NumberStep.RETRYING: N_("The last try did not work; we will try again in a moment."),
}
# What the browser sends at most for one entry's phrasings: all of them at full length, with
# room for blank lines and spaces that are dropped anyway.
PHRASINGS_TEXT = 2 * MAX_PHRASINGS * (MAX_PHRASING + 1)
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
# What the browser sends at most for a hand-over number or a day's opening hours; the
# services refuse anything that does not read as one.
SHORT_TEXT = 200


def register(ctx: PortalContext) -> None:
    @ui.page("/bots")
    def bots_page() -> None:
        with member_page(ctx, "Bots") as page:
            if page.refused(Action.VIEW_BOTS):
                return
            tr = page.tr
            if page.may(Action.CREATE_BOTS):
                ui.button(tr("New bot"), icon="add", on_click=lambda: ui.navigate.to("/bots/new"))
            bots = list_bots(session=page.db)
            if not bots:
                ui.label(tr("You have no bots yet. Create your first one!"))
                return
            with ui.column().classes("w-full gap-2"):
                for bot in bots:
                    number = active_number(session=page.db, bot=bot)
                    card = ui.card().classes("w-full cursor-pointer")
                    card.on("click", lambda b=bot.id: ui.navigate.to(f"/bots/{b}"))
                    with card, ui.row().classes("w-full items-center justify-between"):
                        with ui.column().classes("gap-0"):
                            ui.link(bot.name, f"/bots/{bot.id}").classes(
                                "text-lg font-semibold no-underline text-black"
                            )
                            ui.label(
                                f"{tr.language(bot.language.value)} · "
                                + (number.e164 if number else tr("no number yet"))
                            ).classes("text-sm text-gray-600")
                        status_badge(tr, bot.status)

    @ui.page("/bots/new")
    def new_bot_page() -> None:
        with member_page(ctx, "New bot") as page:
            if page.refused(Action.CREATE_BOTS):
                return
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
                clear_field_errors(form.inputs)
                try:
                    spec = form.read()
                    with ctx.tenant_db(page.who) as (db, user):
                        bot = create_bot(session=db, spec=spec, actor=user)
                except ValidationFailed as error:
                    show_field_errors(tr, form.inputs, error)
                    return
                ui.notify(tr("Bot created. We are getting a phone number for it."), type="positive")
                ui.navigate.to(f"/bots/{bot.id}")

            number_fee_note(page)
            ui.button(tr("Create bot"), icon="save", on_click=guarded(tr, save))

    @ui.page("/bots/{bot_id}")
    def bot_page(bot_id: str) -> None:
        with member_page(ctx, "Bot") as page:
            if page.refused(Action.VIEW_BOTS):
                return
            tr = page.tr
            try:
                bot = get_bot(session=page.db, bot_id=parse_id(bot_id))
            except NotFound:
                not_found(tr, tr("This bot does not exist."), "/bots")
                return
            _bot_heading(ctx, page, bot)

            with ui.tabs() as tabs:
                settings_tab = ui.tab(tr("Settings"))
                try_tab = ui.tab(tr("Try it"))
            with ui.tab_panels(tabs, value=settings_tab).classes("w-full"):
                with ui.tab_panel(settings_tab):
                    form = bot_form(
                        tr, BotSpec.from_bot(bot), configurable=page.may(Action.CONFIGURE_BOTS)
                    )

                    def save() -> None:
                        clear_field_errors(form.inputs)
                        try:
                            spec = form.read()
                            with ctx.tenant_db(page.who) as (db, user):
                                update_bot(
                                    session=db,
                                    bot=get_bot(session=db, bot_id=bot.id),
                                    spec=spec,
                                    actor=user,
                                )
                        except ValidationFailed as error:
                            show_field_errors(tr, form.inputs, error)
                            return
                        ui.notify(tr("Saved."), type="positive")

                    if page.may(Action.EDIT_BOT_CONTENT):
                        ui.button(tr("Save changes"), icon="save", on_click=guarded(tr, save))
                with ui.tab_panel(try_tab):
                    try_it_panel(
                        ctx,
                        page,
                        bot,
                        on_phrasing_added=form.append_phrasing,
                    )


def _bot_heading(ctx: PortalContext, page: MemberPage, bot: Bot) -> None:
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

    def confirm_delete() -> None:
        with ui.dialog() as dialog, ui.card():
            ui.label(tr("Delete this bot? Its phone number will be released."))
            with ui.row():
                ui.button(tr("Cancel"), on_click=dialog.close).props("flat")

                def really_delete() -> None:
                    with ctx.tenant_db(who) as (db, user):
                        delete_bot(session=db, bot=get_bot(session=db, bot_id=bot_id), actor=user)
                    dialog.close()
                    ui.notify(tr("Bot deleted."), type="positive")
                    ui.navigate.to("/bots")

                ui.button(tr("Delete"), color="negative", on_click=guarded(tr, really_delete)).mark(
                    "confirm-delete"
                )
        dialog.open()

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


def bot_form(tr: Texts, spec: BotSpec, *, configurable: bool = True) -> BotForm:
    """The bot's fields. Without `configurable` the set-up fields (all but
    services.bots.CONTENT_FIELDS) are shown but cannot be changed."""
    inputs: dict[str, Any] = {}
    with ui.card().classes("w-full gap-2"):
        ui.label(tr("Basics")).classes("font-semibold")
        inputs["name"] = text_input(tr("Name"), max_length=MAX_NAME, value=spec.name).classes(
            "w-full"
        )
        inputs["language"] = ui.select(
            {code: tr.language(code) for code in LANGUAGE_NAMES},
            value=spec.language,
            label=tr("Language"),
        ).classes("w-64")
        inputs["greeting"] = ui.textarea(tr("Greeting"), value=spec.greeting).classes("w-full")
        inputs["instructions"] = ui.textarea(
            tr("Instructions (what the bot should know and how it should behave)"),
            value=spec.instructions,
        ).classes("w-full")
        deliver_any_text(inputs["greeting"], max_length=MAX_GREETING)
        deliver_any_text(inputs["instructions"], max_length=MAX_INSTRUCTIONS)
        inputs["handover_number"] = text_input(
            tr("Hand-over number (a person takes over)"),
            max_length=SHORT_TEXT,
            value=spec.handover_number,
        ).classes("w-64")
        inputs["max_call_seconds"] = number_input(
            tr("Longest call (seconds)"),
            value=spec.max_call_seconds,
            min=MIN_CALL_SECONDS,
            max=MAX_CALL_SECONDS,
            step=30,
        ).classes("w-64")
        inputs["sms_confirmations"] = ui.checkbox(
            tr("Send callers an SMS when they book, move or cancel an appointment"),
            value=spec.sms_confirmations,
        )

    faq_rows: list[_FaqRow] = []
    # Every input by the name the services give its errors under; an entry's phrasings are
    # named by position ("faq.0.phrasings"), so this follows rows being added and removed.
    fields: dict[str, Any] = {}

    def refresh_phrasing_fields() -> None:
        for name in [name for name in fields if name.startswith("faq.")]:
            del fields[name]
        for position, row in enumerate(faq_rows):
            fields[f"faq.{position}.phrasings"] = row.phrasings

    with ui.card().classes("w-full gap-2"):
        ui.label(tr("Questions and answers")).classes("font-semibold")
        ui.label(
            tr(
                "Under “Other ways callers ask this” write how callers put a question in their "
                "own words, one per line, e.g. “How much is a haircut?”. The bot then "
                "understands them better."
            )
        ).classes("text-sm text-gray-600")
        faq_box = ui.column().classes("w-full gap-2")

        def add_faq(
            question: str = "", answer: str = "", phrasings: list[str] | None = None
        ) -> None:
            with faq_box, ui.card().props("flat bordered").classes("w-full gap-1 p-2") as box:
                with ui.row().classes("w-full items-start gap-1 no-wrap"):
                    with ui.element("div").classes(
                        "flex-1 grid grid-cols-1 sm:grid-cols-2 gap-x-2"
                    ):
                        q = text_input(tr("Question"), max_length=MAX_QUESTION, value=question)
                        a = ui.textarea(tr("Answer"), value=answer).props("autogrow")
                        deliver_any_text(a, max_length=MAX_ANSWER)
                    remove_button = ui.button(icon="close").props("flat dense round")
                    remove_button.mark("remove-question").tooltip(tr("Remove this question"))
                p = (
                    ui.textarea(tr("Other ways callers ask this"), value="\n".join(phrasings or []))
                    .props("autogrow")
                    .classes("w-full")
                )
                deliver_any_text(p, max_length=PHRASINGS_TEXT)
                row = _FaqRow(q, a, p)
                faq_rows.append(row)
                refresh_phrasing_fields()

                def remove() -> None:
                    faq_rows.remove(row)
                    faq_box.remove(box)
                    refresh_phrasing_fields()

                remove_button.on_click(remove)

        for entry in spec.faq:
            add_faq(entry.get("question", ""), entry.get("answer", ""), entry.get("phrasings"))
        ui.button(tr("Add a question"), icon="add", on_click=lambda: add_faq()).props("flat")
        inputs["faq"] = ui.label().classes("text-negative text-sm")

    with ui.card().classes("w-full gap-2"):
        ui.label(tr("Opening hours")).classes("font-semibold")
        ui.label(tr("For example 09:00-12:00, 13:00-17:00. Empty means closed.")).classes(
            "text-sm text-gray-600"
        )
        hours_inputs = {}
        with ui.grid(columns=2).classes("w-full gap-2"):
            for day in WEEKDAYS:
                ranges = spec.business_hours.get(day, [])
                hours_inputs[day] = text_input(
                    tr(DAY_NAMES[day]),
                    max_length=SHORT_TEXT,
                    value=", ".join(f"{a}-{b}" for a, b in ranges),
                )
        inputs["business_hours"] = ui.label().classes("text-negative text-sm")

    with ui.card().classes("w-full gap-2"):
        ui.label(tr("Voice and engines")).classes("font-semibold")
        with ui.element("div").classes("w-full grid grid-cols-1 sm:grid-cols-2 gap-2"):
            inputs["voice"] = ui.select(
                {k: tr(v) for k, v in VOICES.items()}
                | ({spec.voice: spec.voice} if spec.voice not in VOICES else {}),
                value=spec.voice,
                label=tr("Voice"),
            )
            for name, label in ENGINE_FIELDS.items():
                with ui.column().classes("gap-0"):
                    inputs[name] = ui.select(
                        _engine_choices(tr, ENGINE_NAMES[name], getattr(spec, name)),
                        value=getattr(spec, name),
                        label=tr(label),
                    ).classes("wrapping-select w-full")
                    _where_it_runs(tr, inputs[name])
        # The engines' names say what they cost and can do; on a phone they wrap instead of
        # being cut off after "Auf unserem Server (kostenlos, n…".
        ui.add_css(".wrapping-select .q-field__native > span { white-space: normal; }")
        german_note = ui.label().classes("text-sm text-orange-10")
        german_note.mark("german-listening-note")

        def explain_listening() -> None:
            # Offline recognition only hears English: a German bot left on it understands
            # nobody, so say so where it is chosen, in words an owner can act on.
            german = inputs["language"].value == "de-AT"
            offline = inputs["stt_engine"].value == "offline"
            german_note.visible = german and offline
            german_note.text = tr(
                "Our server only understands English on the phone. A German bot on it cannot "
                "understand what callers say: it tells them so and offers to put them through "
                "to a person (key 0). For callers of a German bot to be understood, choose "
                "Google under “Listening”."
            ) + ("" if configurable else " " + tr("Your account's administrators can change this."))

        inputs["language"].on_value_change(lambda _event: explain_listening())
        inputs["stt_engine"].on_value_change(lambda _event: explain_listening())
        explain_listening()

    if not configurable:
        for name, field in inputs.items():
            if name not in CONTENT_FIELDS and hasattr(field, "disable"):
                field.disable()

    def read() -> BotSpec:
        hours, problem = _parse_hours(
            {day: field.value or "" for day, field in hours_inputs.items()}
        )
        if problem:
            raise ValidationFailed({"business_hours": problem})
        numbers = read_numbers(inputs, whole=["max_call_seconds"])
        return BotSpec(
            name=inputs["name"].value or "",
            language=inputs["language"].value or "",
            greeting=inputs["greeting"].value or "",
            instructions=inputs["instructions"].value or "",
            faq=_read_faq(faq_rows),
            handover_number=inputs["handover_number"].value or "",
            voice=inputs["voice"].value or "",
            stt_engine=inputs["stt_engine"].value or "",
            tts_engine=inputs["tts_engine"].value or "",
            dialogue_engine=inputs["dialogue_engine"].value or "",
            business_hours=hours,
            max_call_seconds=numbers["max_call_seconds"],
            sms_confirmations=bool(inputs["sms_confirmations"].value),
        )

    def append_phrasing(entry: int, question: str, text: str) -> None:
        """Shows a phrasing that "Try it" saved in the form too, so saving the form keeps it."""
        if entry < len(faq_rows) and faq_rows[entry].question.value == question:
            box = faq_rows[entry].phrasings
            lines = (box.value or "").splitlines()
            if text not in lines:
                box.value = "\n".join([*[line for line in lines if line.strip()], text])

    fields.update(_LabelErrors.wrap(inputs))
    return BotForm(read, fields, append_phrasing)


@dataclass
class BotForm:
    """The bot form: `read` builds a BotSpec (or raises ValidationFailed for what cannot even
    be read, like opening hours written wrongly), `inputs` are its fields by the names the
    services give errors under, `append_phrasing` adds a phrasing saved elsewhere."""

    read: Callable[[], BotSpec]
    inputs: dict[str, Any]
    append_phrasing: Callable[[int, str, str], None]


@dataclass
class _FaqRow:
    question: ui.input
    answer: ui.textarea
    phrasings: ui.textarea


def _read_faq(rows: list[_FaqRow]) -> list[dict[str, Any]]:
    """The entries as the service takes them: phrasings one per line."""
    faq = []
    for position, row in enumerate(rows):
        text = row.phrasings.value or ""
        if len(text) > PHRASINGS_TEXT:
            raise ValidationFailed({f"faq.{position}.phrasings": TOO_LONG})
        faq.append(
            {
                "question": row.question.value or "",
                "answer": row.answer.value or "",
                "phrasings": text.splitlines(),
            }
        )
    return faq


def _where_it_runs(tr: Texts, field: ui.select) -> None:
    """Under an engine: where it processes the caller's audio or words, for the chosen one."""
    where = ui.label().classes("text-xs text-gray-600").mark("engine-region")

    def show() -> None:
        region = REGIONS.get(field.value or "")
        where.text = tr(region.where) if region else ""

    field.on_value_change(lambda _event: show())
    show()


def _engine_choices(tr: Texts, names: dict[str, str], current: str) -> dict[str, str]:
    """Engine value → what it means for the owner; an unknown stored value shows as itself."""
    choices = {value: tr(label) for value, label in names.items()}
    return choices if current in choices else choices | {current: current}


def _parse_hours(texts: dict[str, str]) -> tuple[dict[str, list[list[str]]], str | None]:
    hours: dict[str, list[list[str]]] = {}
    for day, text in texts.items():
        ranges = []
        for part in filter(None, (p.strip() for p in text.replace(";", ",").split(","))):
            bounds = [b.strip() for b in part.replace("–", "-").split("-")]
            if len(bounds) != 2:
                return {}, N_("Please write opening hours as 09:00-17:00.")
            ranges.append([_pad_clock(bounds[0]), _pad_clock(bounds[1])])
        if ranges:
            hours[day] = ranges
    return hours, None


def _pad_clock(value: str) -> str:
    """'9:00' → '09:00', '9' → '09:00'; anything else is left for the validator to refuse."""
    if value.isdigit():
        value += ":00"
    if len(value) == 4 and value[1] == ":":
        value = "0" + value
    return value


class _LabelErrors:
    """Lets a plain label stand where show_field_errors expects an input with `.error`."""

    def __init__(self, label: ui.label) -> None:
        self._label = label

    @property
    def error(self) -> str | None:
        return self._label.text or None

    @error.setter
    def error(self, message: str | None) -> None:
        self._label.text = message or ""

    def props(self, *_args: Any, **_kwargs: Any) -> None:
        return None

    @classmethod
    def wrap(cls, inputs: dict[str, Any]) -> dict[str, Any]:
        return {
            name: cls(field) if type(field) is ui.label else field for name, field in inputs.items()
        }
