"""The bot form: its basics, questions and answers (customer_ui/pages/bot_faq.py), opening
hours, voice and engines. It reads into a services.bots.BotSpec; the service decides what is
valid. Without `configurable` the set-up fields are shown but cannot be changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from nicegui import ui

from core.catalogue import N_
from customer_ui.i18n import LANGUAGE_NAMES, Texts
from customer_ui.number_fields import number_input, read_numbers
from customer_ui.pages.bot_faq import FaqEditor
from customer_ui.text_fields import deliver_any_text, text_input
from services.bots import (
    CONTENT_FIELDS,
    MAX_CALL_SECONDS,
    MAX_GREETING,
    MAX_INSTRUCTIONS,
    MAX_NAME,
    MIN_CALL_SECONDS,
    BotSpec,
)
from services.engine_regions import REGIONS
from services.opening_hours import WEEKDAYS, opening_hours_text, read_opening_hours

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
# What the browser sends at most for a hand-over number or a day's opening hours; the
# services refuse anything that does not read as one.
SHORT_TEXT = 200


@dataclass
class BotForm:
    """The bot form: `read` builds a BotSpec (or raises ValidationFailed for what cannot even
    be read, like opening hours written wrongly), `inputs` are its fields by the names the
    services give errors under, `append_phrasing` adds a phrasing saved elsewhere."""

    read: Callable[[], BotSpec]
    inputs: dict[str, Any]
    append_phrasing: Callable[[int, str, str], None]


def bot_form(tr: Texts, spec: BotSpec, *, configurable: bool = True) -> BotForm:
    """The bot's fields. Without `configurable` the set-up fields (all but
    services.bots.CONTENT_FIELDS) are shown but cannot be changed."""
    # Every input by the name the services give its errors under.
    fields: dict[str, Any] = {}
    inputs = _basics(tr, spec)
    faq = FaqEditor(tr, spec.faq, fields)
    inputs["faq"] = faq.problem
    hours_inputs = _opening_hours(tr, spec, inputs)
    _voice_and_engines(tr, spec, inputs, configurable=configurable)
    if not configurable:
        for name, field in inputs.items():
            if name not in CONTENT_FIELDS and hasattr(field, "disable"):
                field.disable()

    def read() -> BotSpec:
        hours = read_opening_hours({day: field.value or "" for day, field in hours_inputs.items()})
        numbers = read_numbers(inputs, whole=["max_call_seconds"])
        return BotSpec(
            name=inputs["name"].value or "",
            language=inputs["language"].value or "",
            greeting=inputs["greeting"].value or "",
            instructions=inputs["instructions"].value or "",
            faq=faq.read(),
            handover_number=inputs["handover_number"].value or "",
            voice=inputs["voice"].value or "",
            stt_engine=inputs["stt_engine"].value or "",
            tts_engine=inputs["tts_engine"].value or "",
            dialogue_engine=inputs["dialogue_engine"].value or "",
            business_hours=hours,
            max_call_seconds=numbers["max_call_seconds"],
            sms_confirmations=bool(inputs["sms_confirmations"].value),
        )

    fields.update(_LabelErrors.wrap(inputs))
    fields.update(hours_inputs)  # a wrong day's error shows on that day (read_opening_hours)
    return BotForm(read, fields, faq.append_phrasing)


def _basics(tr: Texts, spec: BotSpec) -> dict[str, Any]:
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
        # A label is one line, cut with "…" where it is wider than its field (a phone):
        # the explanation goes in the hint below, which wraps.
        inputs["instructions"] = ui.textarea(tr("Instructions"), value=spec.instructions).classes(
            "w-full"
        )
        inputs["instructions"].props["hint"] = tr(
            "What the bot should know and how it should behave."
        )
        deliver_any_text(inputs["greeting"], max_length=MAX_GREETING)
        deliver_any_text(inputs["instructions"], max_length=MAX_INSTRUCTIONS)
        inputs["handover_number"] = text_input(
            tr("Hand-over number"), max_length=SHORT_TEXT, value=spec.handover_number
        ).classes("w-64 max-w-full")
        inputs["handover_number"].props["hint"] = tr("A person takes over the call.")
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
    return inputs


def _opening_hours(tr: Texts, spec: BotSpec, inputs: dict[str, Any]) -> dict[str, ui.input]:
    """A field a day, each showing its own error; what is wrong with the week as a whole
    goes to one line, `inputs["business_hours"]`."""
    with ui.card().classes("w-full gap-2"):
        ui.label(tr("Opening hours")).classes("font-semibold")
        ui.label(tr("For example 09:00-12:00, 13:00-17:00. Empty means closed.")).classes(
            "text-sm text-gray-600"
        )
        hours_inputs: dict[str, ui.input] = {}
        # hide-bottom-space: a day's error takes the lines it needs instead of running into
        # the next row.
        with ui.element("div").classes("w-full grid grid-cols-1 sm:grid-cols-2 gap-2"):
            for day in WEEKDAYS:
                hours_inputs[day] = text_input(
                    tr(DAY_NAMES[day]),
                    max_length=SHORT_TEXT,
                    value=opening_hours_text(spec.business_hours.get(day, [])),
                ).props("hide-bottom-space")
        inputs["business_hours"] = ui.label().classes("text-negative text-sm")
    return hours_inputs


def _voice_and_engines(
    tr: Texts, spec: BotSpec, inputs: dict[str, Any], *, configurable: bool
) -> None:
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
        _german_listening_note(tr, inputs, configurable=configurable)


def _german_listening_note(tr: Texts, inputs: dict[str, Any], *, configurable: bool) -> None:
    """Offline recognition only hears English: a German bot left on it understands nobody,
    so say so where it is chosen, in words an owner can act on."""
    german_note = ui.label().classes("text-sm text-orange-10")
    german_note.mark("german-listening-note")

    def explain_listening() -> None:
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
