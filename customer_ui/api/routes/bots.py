"""Bots: list, create, read, update, pause, resume, delete.

Creating (and resuming a bot without a number) starts provisioning exactly as in the portal:
the bot shows `provisioning` until its number is live.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Response, status
from pydantic import ConfigDict, Field, StringConstraints
from sqlalchemy.orm import Session

from customer_ui.api.fields import RequestBody, ResourceId, ServiceChecked
from customer_ui.api.routing import ThreadedRoute
from customer_ui.api.security import TenantDb, Writer, acting_user, requires
from models import Bot, BotLanguage, BotStatus
from services.bot_faq import (
    MAX_ANSWER,
    MAX_FAQ_ENTRIES,
    MAX_PHRASING,
    MAX_PHRASINGS,
    MAX_QUESTION,
    answer_problem,
    faq_errors,
    phrasings_problem,
    question_problem,
)
from services.bot_list import ListedBot, bots_with_numbers
from services.bots import (
    MAX_CALL_SECONDS,
    MAX_GREETING,
    MAX_INSTRUCTIONS,
    MAX_NAME,
    MAX_VOICE,
    MIN_CALL_SECONDS,
    BotSpec,
    DialogueEngine,
    SttEngine,
    TtsEngine,
    active_number,
    create_bot,
    delete_bot,
    get_bot,
    greeting_problem,
    handover_number_problem,
    instructions_problem,
    name_problem,
    pause_bot,
    resume_bot,
    update_bot,
    voice_problem,
)
from services.errors import Wording
from services.opening_hours import CLOCK_PATTERN, Weekday
from services.permissions import Action

router = APIRouter(prefix="/bots", tags=["bots"], route_class=ThreadedRoute)

# Every limit, pattern, choice and default below is services.bots' own (with bot_faq's and
# opening_hours'): the schema documents what validate_spec refuses and never refuses more
# (tests/api/test_bot_rules.py). The service checks each text, list and hand-over number
# and words what is wrong, for the portal and here (ServiceChecked).
Clock = Annotated[str, StringConstraints(pattern=CLOCK_PATTERN)]
OpeningHours = dict[Weekday, list[tuple[Clock, Clock]]]
Name = Annotated[str, ServiceChecked(name_problem, minLength=1, maxLength=MAX_NAME)]
Greeting = Annotated[str, ServiceChecked(greeting_problem, maxLength=MAX_GREETING)]
Instructions = Annotated[str, ServiceChecked(instructions_problem, maxLength=MAX_INSTRUCTIONS)]
Voice = Annotated[str, ServiceChecked(voice_problem, minLength=1, maxLength=MAX_VOICE)]
HandoverNumber = Annotated[
    str,
    ServiceChecked(handover_number_problem),
    Field(
        description="International form, e.g. +43 1 234567 (spaces, slashes, dashes and "
        "brackets do not count); empty for none."
    ),
]
DEFAULT = BotSpec(name="")


class FaqEntry(RequestBody):
    """A question with its answer; that both are there is asked of the whole list, whose
    service words which question lacks one."""

    question: Annotated[str, ServiceChecked(question_problem, minLength=1, maxLength=MAX_QUESTION)]
    answer: Annotated[str, ServiceChecked(answer_problem, minLength=1, maxLength=MAX_ANSWER)]
    phrasings: Annotated[
        list[str],
        ServiceChecked(
            phrasings_problem,
            maxItems=MAX_PHRASINGS,
            items={"type": "string", "maxLength": MAX_PHRASING},
        ),
    ] = Field(
        default_factory=list,
        description="Other ways callers ask this question, in their own words; the offline "
        "dialogue engine matches a caller's sentence against them as well as against the "
        f"question and the answer. At most {MAX_PHRASINGS}, each at most {MAX_PHRASING} "
        "characters on one line. Stored trimmed, without empty ones and without repeats "
        "(ignoring case and spacing); the limits count what is stored.",
        examples=[["How much is a haircut?", "What do you charge for cutting hair?"]],
    )


def _faq_problem(faq: list[FaqEntry]) -> Wording | None:
    return faq_errors([entry.model_dump() for entry in faq]).get("faq")


Faq = Annotated[list[FaqEntry], ServiceChecked(_faq_problem, maxItems=MAX_FAQ_ENTRIES)]


class BotFields(RequestBody):
    """Everything a bot is made of; the same rules as the portal's form."""

    language: BotLanguage = BotLanguage(DEFAULT.language)
    greeting: Greeting = DEFAULT.greeting
    instructions: Instructions = DEFAULT.instructions
    faq: Faq = Field(default_factory=list)
    handover_number: HandoverNumber = DEFAULT.handover_number
    voice: Voice = DEFAULT.voice
    stt_engine: SttEngine = "offline"
    tts_engine: TtsEngine = "offline"
    dialogue_engine: DialogueEngine = "offline"
    business_hours: OpeningHours = Field(
        default_factory=dict,
        description='Weekday → list of ["09:00", "17:00"] ranges; each must end after it starts.',
    )
    max_call_seconds: int = Field(
        DEFAULT.max_call_seconds, ge=MIN_CALL_SECONDS, le=MAX_CALL_SECONDS
    )
    sms_confirmations: bool = Field(
        DEFAULT.sms_confirmations,
        description="Callers who book, move or cancel an appointment on the phone get an SMS "
        "from the bot's number, in the bot's language.",
    )


class BotIn(BotFields):
    name: Name


class BotPatch(RequestBody):
    """Only the fields sent are changed."""

    name: Name | None = None
    language: BotLanguage | None = None
    greeting: Greeting | None = None
    instructions: Instructions | None = None
    faq: Faq | None = None
    handover_number: HandoverNumber | None = None
    voice: Voice | None = None
    stt_engine: SttEngine | None = None
    tts_engine: TtsEngine | None = None
    dialogue_engine: DialogueEngine | None = None
    business_hours: OpeningHours | None = None
    max_call_seconds: int | None = Field(None, ge=MIN_CALL_SECONDS, le=MAX_CALL_SECONDS)
    sms_confirmations: bool | None = None


class BotOut(BotFields):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    status: BotStatus
    phone_number: str | None
    created_at: datetime
    updated_at: datetime


@router.get(
    "",
    response_model=list[BotOut],
    summary="Your bots, newest first",
    dependencies=[requires(Action.VIEW_BOTS)],
)
def bots(db: TenantDb) -> list[BotOut]:
    return [_out(bot, number) for bot, number in bots_with_numbers(session=db)]


@router.post(
    "",
    response_model=BotOut,
    status_code=status.HTTP_201_CREATED,
    summary="Create a bot (administrators)",
    dependencies=[requires(Action.CREATE_BOTS)],
)
def create(body: BotIn, caller: Writer, db: TenantDb) -> BotOut:
    bot = create_bot(session=db, spec=_spec(body.model_dump()), actor=acting_user(db, caller))
    db.commit()
    return _one(db, bot)


@router.get(
    "/{bot_id}",
    response_model=BotOut,
    summary="One bot",
    dependencies=[requires(Action.VIEW_BOTS)],
)
def read(bot_id: ResourceId, db: TenantDb) -> BotOut:
    return _one(db, get_bot(session=db, bot_id=bot_id))


@router.patch(
    "/{bot_id}",
    response_model=BotOut,
    summary="Change a bot",
    description="Every member may change greeting, instructions, faq and business_hours; "
    "only administrators change the other fields.",
    dependencies=[requires(Action.EDIT_BOT_CONTENT)],
)
def update(bot_id: ResourceId, body: BotPatch, caller: Writer, db: TenantDb) -> BotOut:
    bot = get_bot(session=db, bot_id=bot_id)
    merged = asdict(BotSpec.from_bot(bot)) | body.model_dump(exclude_unset=True, exclude_none=True)
    update_bot(session=db, bot=bot, spec=_spec(merged), actor=acting_user(db, caller))
    db.commit()
    return _one(db, bot)


@router.post(
    "/{bot_id}/pause",
    response_model=BotOut,
    summary="Pause a bot (keeps its number)",
    dependencies=[requires(Action.PAUSE_BOTS)],
)
def pause(bot_id: ResourceId, caller: Writer, db: TenantDb) -> BotOut:
    bot = pause_bot(
        session=db, bot=get_bot(session=db, bot_id=bot_id), actor=acting_user(db, caller)
    )
    db.commit()
    return _one(db, bot)


@router.post(
    "/{bot_id}/resume",
    response_model=BotOut,
    summary="Resume a paused bot",
    dependencies=[requires(Action.PAUSE_BOTS)],
)
def resume(bot_id: ResourceId, caller: Writer, db: TenantDb) -> BotOut:
    bot = resume_bot(
        session=db, bot=get_bot(session=db, bot_id=bot_id), actor=acting_user(db, caller)
    )
    db.commit()
    return _one(db, bot)


@router.delete(
    "/{bot_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    summary="Delete a bot (its number is released; administrators)",
    dependencies=[requires(Action.DELETE_BOTS)],
)
def delete(bot_id: ResourceId, caller: Writer, db: TenantDb) -> Response:
    delete_bot(session=db, bot=get_bot(session=db, bot_id=bot_id), actor=acting_user(db, caller))
    db.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


def _spec(values: dict) -> BotSpec:
    values["faq"] = [dict(entry) for entry in values.get("faq", [])]
    values["business_hours"] = {
        day: [list(span) for span in spans]
        for day, spans in values.get("business_hours", {}).items()
    }
    values["language"] = BotLanguage(values["language"]).value
    return BotSpec(**values)


def _one(db: Session, bot: Bot) -> BotOut:
    number = active_number(session=db, bot=bot)
    return _out(bot, number.e164 if number else None)


def _out(bot: Bot | ListedBot, number: str | None) -> BotOut:
    # from_bot makes its lists and mappings afresh: no deep copy (asdict) to make them again.
    spec = vars(BotSpec.from_bot(bot))
    return BotOut(
        **spec | {"language": bot.language},
        id=bot.id,
        status=bot.status,
        phone_number=number,
        created_at=bot.created_at,
        updated_at=bot.updated_at,
    )
