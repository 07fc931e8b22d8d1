"""Messages the phone bot takes when it cannot help — the caller asks for a person outside
hours, nobody answers the hand-over, or the bot failed twice: who called, their number, what
it is about. A new message is e-mailed to the tenant's administrators (each in their own
language) and announced to the tenant's webhook (`message.taken`), in the transaction that
stores it. The team reads the messages in the portal or the API and marks them done.

Every function takes a tenant-bound session (models.scoping). The phone dialogue has no
person behind it, so `take_message` needs no actor. A call's booking desk
(voice_runtime/call_desk.py) stores what the dialogue gathered — the scripted engine's, or
the chat model's `take_message` tool call (integrations/dialogue/booking_tools.py) —
through `run_take_message_tool`, which answers with a small result instead of raising for
the caller's input, and stores through `take_message`.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.catalogue import N_, translate
from models import Bot, Call, Message, MessageStatus, Role, User
from models.base import utcnow
from services.audit import record_audit
from services.call_events import queue_message_taken
from services.email_outbox import queue_email
from services.email_texts import email_text
from services.errors import NotFound, ValidationFailed
from services.local_formats import moment
from services.permissions import Action, require
from services.text_input import text_errors
from services.vienna_time import as_utc, iso_utc

MAX_NAME = 120
MAX_PHONE = 20
MAX_ABOUT = 2000
MAX_PER_PAGE = 100
_PHONE = re.compile(r"^\+?[0-9]{3,16}$")

# Message ids: the front doors translate them.
MESSAGE_NOT_FOUND = N_("This message does not exist.")
ABOUT_MISSING = N_("Please say what the message is about.")
BAD_PHONE = N_("Please enter a phone number with digits only, e.g. +43 664 1234567.")
UNKNOWN_BOT = N_("Unknown bot.")
UNKNOWN_CALL = N_("Unknown call.")


def take_message(
    *,
    session: Session,
    bot_id: int,
    about: str,
    caller_name: str = "",
    caller_phone: str = "",
    call_id: int | None = None,
    portal_url: str | None = None,
) -> Message:
    """Store a message for the bot's tenant, e-mail its administrators and queue the
    `message.taken` webhook, all in the caller's transaction (the caller commits).

    Without a number, the call's caller number is taken. Raises ValidationFailed for bad
    input, also for a bot or call the session's tenant does not own."""
    caller_name, about = caller_name.strip(), about.strip()
    caller_phone = _compact(caller_phone)
    call = session.get(Call, call_id) if call_id is not None else None
    bot = session.get(Bot, bot_id)
    errors = text_errors(
        {"caller_name": (caller_name, MAX_NAME), "about": (about, MAX_ABOUT)},
        multiline={"about"},
    )
    if not about:
        errors["about"] = ABOUT_MISSING
    if caller_phone and not _PHONE.match(caller_phone):
        errors["caller_phone"] = BAD_PHONE
    if bot is None:
        errors["bot_id"] = UNKNOWN_BOT
    if call_id is not None and (call is None or call.bot_id != bot_id):
        errors["call_id"] = UNKNOWN_CALL
    if errors:
        raise ValidationFailed(errors)
    assert bot is not None  # noqa: S101 — checked above
    if not caller_phone and call is not None:
        caller_phone = _compact(call.from_number)[:MAX_PHONE]
    message = Message(
        tenant_id=bot.tenant_id,
        bot_id=bot.id,
        call_id=call_id,
        caller_name=caller_name,
        caller_phone=caller_phone,
        about=about,
        status=MessageStatus.NEW,
    )
    session.add(message)
    session.flush()
    _tell_the_admins(session, message, bot, portal_url)
    queue_message_taken(session=session, data=message_data(message))
    return message


def take_message_on_call(
    *,
    session: Session,
    call_id: int,
    about: str,
    caller_name: str = "",
    caller_phone: str = "",
    portal_url: str | None = None,
) -> Message:
    """`take_message` for the call in progress: its bot, and its caller's number unless
    another is given. What the runtime calls for the scripted dialogue."""
    call = session.get(Call, call_id)
    if call is None:
        raise ValidationFailed({"call_id": UNKNOWN_CALL})
    return take_message(
        session=session,
        bot_id=call.bot_id,
        call_id=call.id,
        about=about,
        caller_name=caller_name,
        caller_phone=caller_phone,
        portal_url=portal_url,
    )


def run_take_message_tool(
    *, session: Session, call_id: int, arguments: Any, portal_url: str | None = None
) -> dict[str, Any]:
    """The `take_message` tool call of the LLM engine, with the model's arguments (already
    parsed from JSON). Answers the model, never raises for its input: `{"ok": true,
    "message_id": …}`, or `{"ok": false, "errors": {field: message}}` so it can ask again."""
    if not isinstance(arguments, dict):
        return {"ok": False, "errors": {"arguments": "Expected an object."}}
    values = {name: arguments.get(name, "") for name in ("caller_name", "about", "caller_phone")}
    if not all(isinstance(value, str) for value in values.values()):
        return {"ok": False, "errors": {"arguments": "Every field is a string."}}
    try:
        message = take_message_on_call(
            session=session, call_id=call_id, portal_url=portal_url, **values
        )
    except ValidationFailed as error:
        return {"ok": False, "errors": error.fields}
    return {"ok": True, "message_id": message.id}


def list_messages(
    *,
    session: Session,
    status: MessageStatus | None = None,
    before_id: int | None = None,
    limit: int = 50,
) -> list[Message]:
    """The tenant's messages, newest first; `before_id` pages on from the last one seen."""
    limit = max(1, min(limit, MAX_PER_PAGE))
    query = select(Message).order_by(Message.id.desc()).limit(limit)
    if status is not None:
        query = query.where(Message.status == status)
    if before_id is not None:
        query = query.where(Message.id < before_id)
    return list(session.scalars(query))


def count_new_messages(*, session: Session) -> int:
    """How many messages nobody has marked done yet (the dashboard's figure)."""
    return session.scalar(_NEW_MESSAGES) or 0


_NEW_MESSAGES = (  # built once: the dashboard asks on every render
    select(func.count()).select_from(Message).where(Message.status == MessageStatus.NEW)
)


def get_message(*, session: Session, message_id: int) -> Message:
    message = session.get(Message, message_id)
    if message is None:
        raise NotFound(MESSAGE_NOT_FOUND)
    return message


def mark_done(*, session: Session, message_id: int, actor: User) -> Message:
    """Someone took care of it. Marking a done message again changes nothing."""
    require(actor, Action.MESSAGES)
    message = get_message(session=session, message_id=message_id)
    if message.status is MessageStatus.DONE:
        return message
    message.status, message.handled_by_id, message.handled_at = (
        MessageStatus.DONE,
        actor.id,
        utcnow(),
    )
    session.flush()
    record_audit(
        session=session,
        actor=actor,
        action="message.done",
        entity_type="Message",
        entity_id=message.id,
        tenant_id=message.tenant_id,
        before={"status": MessageStatus.NEW.value},
        after={"status": MessageStatus.DONE.value},
    )
    return message


def handled_by_name(*, session: Session, message: Message) -> str | None:
    """Who marked it done, as the team knows them (None while it is new or they are gone)."""
    return message.handled_by.name if message.handled_by else None


def message_data(message: Message) -> dict[str, Any]:
    """A message as the API and the webhooks show it."""
    return {
        "id": message.id,
        "bot": {"id": message.bot_id, "name": message.bot.name},
        "call_id": message.call_id,
        "caller_name": message.caller_name,
        "caller_phone": message.caller_phone,
        "about": message.about,
        "status": message.status.value,
        "created_at": _iso(message.created_at),
        "handled_at": _iso(message.handled_at),
    }


def _tell_the_admins(session: Session, message: Message, bot: Bot, portal_url: str | None) -> None:
    """One e-mail per active administrator, in their language. The message is the whole
    point, so it is in the e-mail; the link leads to the list where it is marked done."""
    admins = session.scalars(
        select(User).where(User.role == Role.CUSTOMER_ADMIN, User.is_active.is_(True))
    ).all()
    for admin in admins:
        if not admin.email:
            continue
        subject, body = _email(admin, message, bot, portal_url)
        queue_email(
            session=session, to=admin.email, subject=subject, body=body, tenant_id=bot.tenant_id
        )


def _email(admin: User, message: Message, bot: Bot, portal_url: str | None) -> tuple[str, str]:
    locale = admin.locale
    who = message.caller_name or translate(locale, N_("Unknown caller"))
    link = f"{portal_url.rstrip('/')}/messages" if portal_url else None
    body = email_text(
        "message_taken_body",
        locale,
        name=admin.name,
        bot=bot.name,
        when=moment(as_utc(message.created_at), locale, TAKEN_AT),
        who=who,
        number=message.caller_phone or translate(locale, N_("not known")),
        about=message.about,
        all_messages=email_text("all_messages_link", locale, link=link) if link else "",
    )
    return email_text("message_taken_subject", locale, who=who)[:200], body


# "30.11.2026 um 14:05" / "2026-11-30 at 14:05", Vienna's time.
TAKEN_AT = {"de": "dd.MM.yyyy 'um' HH:mm", "en": "yyyy-MM-dd 'at' HH:mm"}


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else iso_utc(moment)


def _compact(number: str) -> str:
    return re.sub(r"[\s/()-]", "", (number or "").strip())
