"""Bots as customers manage them: create, edit, pause, resume, delete.

Every function takes a tenant-bound session, so a bot id of another tenant is simply not
found. Creating a bot (and resuming one without a number) asks provisioning for a number;
deleting one asks for its number to be released. Each change is audited, and allowed only
as services.permissions says: every member edits what a bot says and knows and pauses it;
only an administrator creates, sets up or deletes one.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, get_args

from sqlalchemy import ColumnExpressionArgument, Select, select
from sqlalchemy.orm import Session

from core.catalogue import N_, Phrase
from models import Bot, BotLanguage, BotStatus, PhoneNumber, PhoneNumberStatus, User
from models.base import utcnow
from services.audit import audit_row
from services.bot_faq import faq_errors, same_text, stored_faq_entry
from services.bot_list import ListedBot
from services.engine_regions import ENGINE_FIELDS, eu_errors, eu_only
from services.errors import NotFound, ValidationFailed, Wording
from services.number_requests import request_number, request_release
from services.opening_hours import WEEKDAYS, business_hours_error
from services.payment_method import require_room_for_a_number
from services.permissions import Action, require
from services.subscriptions import require_running_subscription
from services.text_input import text_problem

# The limits and choices below are the rule (the FAQ's in services.bot_faq, opening hours' in
# services.opening_hours); the REST API's schema (customer_ui/api/routes/bots.py) is built from
# them, so it documents exactly what validate_spec refuses.
SttEngine = Literal["offline", "google"]
TtsEngine = Literal["offline", "elevenlabs"]
DialogueEngine = Literal["offline", "openai"]
STT_ENGINES: tuple[SttEngine, ...] = get_args(SttEngine)
TTS_ENGINES: tuple[TtsEngine, ...] = get_args(TtsEngine)
DIALOGUE_ENGINES: tuple[DialogueEngine, ...] = get_args(DialogueEngine)
MIN_CALL_SECONDS, MAX_CALL_SECONDS = 30, 3600
MAX_NAME, MAX_GREETING, MAX_INSTRUCTIONS, MAX_VOICE = 120, 2000, 20_000, 60
QUESTION_CHANGED = N_("The questions have changed in the meantime. Please reload the page.")
_E164 = re.compile(r"^\+[1-9]\d{6,14}$")
# What a bot says and knows; every other field is its set-up (Action.CONFIGURE_BOTS).
CONTENT_FIELDS = frozenset({"greeting", "instructions", "faq", "business_hours"})


@dataclass
class BotSpec:
    """What a customer fills in for a bot. `faq` is a list of {"question", "answer"} with an
    optional "phrasings" (other ways callers ask it, a list of texts); `business_hours` maps
    "mon" … "sun" to lists of ["09:00", "17:00"] ranges."""

    name: str
    language: str = BotLanguage.DE_AT.value
    greeting: str = ""
    instructions: str = ""
    faq: list[dict[str, Any]] = field(default_factory=list)
    handover_number: str = ""
    voice: str = "default"
    stt_engine: str = "offline"
    tts_engine: str = "offline"
    dialogue_engine: str = "offline"
    business_hours: dict[str, list[list[str]]] = field(default_factory=dict)
    max_call_seconds: int = 600
    sms_confirmations: bool = True  # callers who book on the phone get an SMS

    @classmethod
    def from_bot(cls, bot: Bot | ListedBot) -> BotSpec:
        return cls(
            name=bot.name,
            language=bot.language.value,
            greeting=bot.greeting,
            instructions=bot.instructions,
            faq=[
                {**entry, "phrasings": list(entry.get("phrasings") or [])}
                for entry in bot.faq or []
            ],
            handover_number=bot.handover_number or "",
            voice=bot.voice,
            stt_engine=bot.stt_engine,
            tts_engine=bot.tts_engine,
            dialogue_engine=bot.dialogue_engine,
            business_hours={
                day: [list(r) for r in ranges] for day, ranges in (bot.business_hours or {}).items()
            },
            max_call_seconds=bot.max_call_seconds,
            sms_confirmations=bot.sms_confirmations,
        )


def validate_spec(spec: BotSpec) -> dict[str, Wording]:
    """Field name → message for everything wrong with `spec`; empty when it is fine."""
    errors: dict[str, Wording] = {}
    for name, problem_of in TEXT_PROBLEMS.items():
        if problem := problem_of(getattr(spec, name)):
            errors[name] = problem
    if spec.language not in {lang.value for lang in BotLanguage}:
        errors["language"] = N_("Please choose German (de-AT) or English (en-US).")
    if handover_problem := handover_number_problem(spec.handover_number):
        errors["handover_number"] = handover_problem
    for name, allowed in (
        ("stt_engine", STT_ENGINES),
        ("tts_engine", TTS_ENGINES),
        ("dialogue_engine", DIALOGUE_ENGINES),
    ):
        if getattr(spec, name) not in allowed:
            errors[name] = "Please choose one of: " + ", ".join(allowed) + "."
    if not MIN_CALL_SECONDS <= spec.max_call_seconds <= MAX_CALL_SECONDS:
        errors["max_call_seconds"] = Phrase(
            "Please choose between {low} and {high} seconds.",
            low=MIN_CALL_SECONDS,
            high=MAX_CALL_SECONDS,
        )
    if not isinstance(spec.sms_confirmations, bool):
        errors["sms_confirmations"] = N_("Please choose yes or no.")
    errors |= faq_errors(spec.faq)
    if hours_error := business_hours_error(spec.business_hours):
        errors["business_hours"] = hours_error
    return errors


# What is wrong with each of a bot's texts, in words for the person who typed it; None when
# nothing is. Besides each limit, text the database cannot store or that no keyboard types
# (NUL, control characters, broken characters): the field says so rather than the save
# failing. The REST API's schema asks the same (customer_ui/api/routes/bots.py).
def name_problem(name: str) -> Wording | None:
    """A name counts without the spaces around it, as it is stored."""
    if not name.strip():
        return N_("Please give the bot a name.")
    if len(name.strip()) > MAX_NAME:
        return Phrase("The name may have at most {count} characters.", count=MAX_NAME)
    return text_problem(name, max_length=len(name))


def greeting_problem(greeting: str) -> Wording | None:
    if len(greeting) > MAX_GREETING:
        return Phrase("The greeting may have at most {count} characters.", count=MAX_GREETING)
    return text_problem(greeting, max_length=MAX_GREETING, multiline=True)


def instructions_problem(instructions: str) -> Wording | None:
    if len(instructions) > MAX_INSTRUCTIONS:
        return Phrase(
            "The instructions may have at most {count} characters.", count=MAX_INSTRUCTIONS
        )
    return text_problem(instructions, max_length=MAX_INSTRUCTIONS, multiline=True)


def voice_problem(voice: str) -> Wording | None:
    if not voice.strip() or len(voice) > MAX_VOICE:
        return N_("Please choose a voice.")
    return text_problem(voice, max_length=MAX_VOICE)


TEXT_PROBLEMS = {
    "name": name_problem,
    "greeting": greeting_problem,
    "instructions": instructions_problem,
    "voice": voice_problem,
}


def handover_number_problem(number: str) -> str | None:
    """What is wrong with a hand-over number as typed, or None when it can be dialled (or is
    empty: no hand-over). Spaces, slashes, dashes and brackets do not count."""
    if number.strip() and not _E164.match(_compact_number(number)):
        return N_("Please enter the number in international form, e.g. +43 1 234567.")
    return None


def get_bot(*, session: Session, bot_id: int) -> Bot:
    """The bot, or NotFound — also for another tenant's bot and for a deleted one."""
    bot = session.get(Bot, bot_id)
    if bot is None or bot.status is BotStatus.DELETED:
        raise NotFound("This bot does not exist.")
    return bot


def active_number(*, session: Session, bot: Bot) -> PhoneNumber | None:
    return session.scalars(_oldest_active_first(select(PhoneNumber), bot_id=bot.id)).first()


def _oldest_active_first(
    statement: Select, *, bot_id: int | ColumnExpressionArgument[int]
) -> Select:
    """`statement` over a bot's active numbers, oldest first: the first is the one the bot
    answers on."""
    return statement.where(
        PhoneNumber.bot_id == bot_id, PhoneNumber.status == PhoneNumberStatus.ACTIVE
    ).order_by(PhoneNumber.id)


def create_bot(*, session: Session, spec: BotSpec, actor: User) -> Bot:
    """A new bot, with a phone number requested for it (it shows as provisioning). A sign-up
    without a payment method gets one bot (services/payment_method.py); a company whose
    cancellation has taken effect none (services/subscriptions.py)."""
    require(actor, Action.CREATE_BOTS)
    _raise_if_invalid(spec, session, actor.tenant_id)
    require_running_subscription(session=session, tenant_id=actor.customer_tenant_id)
    require_room_for_a_number(session=session, tenant_id=actor.customer_tenant_id)
    bot = Bot(**_columns(spec))
    session.add(bot)
    session.flush()
    request_number(session=session, bot=bot)
    _audit(session, actor, "bot.created", bot, after=_columns(spec))
    return bot


def update_bot(*, session: Session, bot: Bot, spec: BotSpec, actor: User) -> Bot:
    """Changing only what the bot says and knows needs EDIT_BOT_CONTENT; changing anything
    else (name, language, voice, engines, hand-over number, call length) CONFIGURE_BOTS."""
    require(actor, Action.EDIT_BOT_CONTENT)
    _raise_if_invalid(spec, session, bot.tenant_id, BotSpec.from_bot(bot))
    before = _columns(BotSpec.from_bot(bot))
    after = _columns(spec)
    changed = {name for name, value in after.items() if before[name] != value}
    if changed - CONTENT_FIELDS:
        require(actor, Action.CONFIGURE_BOTS)
    for name, value in after.items():
        setattr(bot, name, value)
    session.flush()
    _audit(session, actor, "bot.updated", bot, before=before, after=after)
    return bot


def add_faq_phrasing(
    *, session: Session, bot: Bot, entry: int, question: str, phrasing: str, actor: User
) -> bool:
    """Adds `phrasing` as another way callers ask the FAQ entry at position `entry` (from 0),
    as the portal's "Try it" offers where the bot guessed wrong. `question` is the entry's
    question as the person saw it: when the list changed since, nothing is added to the
    wrong entry. False when the entry already has it (or it is the question itself)."""
    require(actor, Action.EDIT_BOT_CONTENT)
    spec = BotSpec.from_bot(bot)
    if not 0 <= entry < len(spec.faq) or spec.faq[entry]["question"] != question:
        raise ValidationFailed({"phrasing": QUESTION_CHANGED})
    current = spec.faq[entry]["phrasings"]
    if not phrasing.strip():
        raise ValidationFailed({"phrasing": N_("Please type what a caller would say first.")})
    if same_text(phrasing) in {same_text(text) for text in (question, *current)}:
        return False
    spec.faq[entry]["phrasings"] = [*current, phrasing]
    try:
        update_bot(session=session, bot=bot, spec=spec, actor=actor)
    except ValidationFailed as error:
        problem = error.fields.get(f"faq.{entry}.phrasings")
        raise ValidationFailed({"phrasing": problem} if problem else error.fields) from error
    return True


def pause_bot(*, session: Session, bot: Bot, actor: User) -> Bot:
    """Calls to a paused bot get a polite message; its number is kept."""
    require(actor, Action.PAUSE_BOTS)
    if bot.status not in (BotStatus.LIVE, BotStatus.PROVISIONING):
        raise ValidationFailed({"status": N_("Only a live bot can be paused.")})
    before = bot.status.value
    bot.status = BotStatus.PAUSED
    session.flush()
    _audit(session, actor, "bot.paused", bot, before={"status": before})
    return bot


def resume_bot(*, session: Session, bot: Bot, actor: User) -> Bot:
    """A paused bot with its number goes live again at once; a bot without one (paused while
    provisioning, or failed) asks for a number again — not once the company's cancellation
    has taken effect (its numbers were released then)."""
    require(actor, Action.PAUSE_BOTS)
    if bot.status not in (BotStatus.PAUSED, BotStatus.FAILED, BotStatus.DRAFT):
        raise ValidationFailed({"status": N_("This bot is already running.")})
    require_running_subscription(session=session, tenant_id=bot.tenant_id)
    before = bot.status.value
    if bot.status is BotStatus.PAUSED and active_number(session=session, bot=bot) is not None:
        bot.status = BotStatus.LIVE
    else:
        request_number(session=session, bot=bot)
    session.flush()
    _audit(session, actor, "bot.resumed", bot, before={"status": before})
    return bot


def delete_bot(*, session: Session, bot: Bot, actor: User) -> None:
    """The bot stops answering at once and its number is released. The row stays (status
    deleted) so its calls and usage keep their history."""
    require(actor, Action.DELETE_BOTS)
    before = bot.status.value
    bot.status = BotStatus.DELETED
    bot.deleted_at = utcnow()
    session.flush()
    request_release(session=session, bot=bot)
    _audit(session, actor, "bot.deleted", bot, before={"status": before})


def _raise_if_invalid(
    spec: BotSpec, session: Session, tenant_id: int | None, before: BotSpec | None = None
) -> None:
    """`before` is the bot as stored: an engine it already had is not refused again when the
    account turned "EU processing only" on later (its calls fall back to the offline engine),
    so a team member can still edit the greeting."""
    chosen = {
        name: getattr(spec, name)
        for name in ENGINE_FIELDS
        if before is None or getattr(before, name) != getattr(spec, name)
    }
    eu = eu_only(session=session, tenant_id=tenant_id)
    errors = eu_errors(chosen, eu_only=eu) | validate_spec(spec)
    if errors:
        raise ValidationFailed(errors)


def _columns(spec: BotSpec) -> dict[str, Any]:
    values = asdict(spec)
    values["name"] = spec.name.strip()
    values["language"] = BotLanguage(spec.language)
    values["greeting"] = spec.greeting.strip()
    values["instructions"] = spec.instructions.strip()
    values["handover_number"] = _compact_number(spec.handover_number) or None
    values["faq"] = [stored_faq_entry(entry) for entry in spec.faq]
    values["business_hours"] = {
        day: spec.business_hours[day] for day in WEEKDAYS if spec.business_hours.get(day)
    }
    return values


def _compact_number(number: str) -> str:
    return re.sub(r"[\s/()-]", "", number.strip())


def _audit(
    session: Session,
    actor: User,
    action: str,
    bot: Bot,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    audit_row(session, actor, action, bot, before=_jsonable(before), after=_jsonable(after))


def _jsonable(values: dict[str, Any] | None) -> dict[str, Any] | None:
    if values is None:
        return None
    return {k: (v.value if isinstance(v, BotLanguage) else v) for k, v in values.items()}
