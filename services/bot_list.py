"""The tenant's bots as lists show them: the API's and the portal's bot lists (each bot
with its number, in one query) and the names a filter by bot offers.

Statements built once. The list of bots with their numbers is a Core statement
(models.scoping.core_connection: the tenant named where no row security would hold it)
read through the driver (models.driver_reads), as the API asks for it on every GET /bots;
the names go through the ORM and its tenant filter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, String, bindparam, select, type_coerce
from sqlalchemy.orm import Session

from models import Bot, BotLanguage, BotStatus, PhoneNumber, PhoneNumberStatus
from models.driver_reads import read_rows
from models.scoping import core_connection


def bot_names(*, session: Session) -> dict[int, str]:
    """The tenant's bots' names by id (deleted ones left out), newest first: what a filter
    by bot offers. Two columns, not the bots' rows (their FAQ, instructions and settings)."""
    names = session.execute(_BOT_NAMES, {"deleted": BotStatus.DELETED})
    return {bot_id: name for bot_id, name in names}


def _listed(statement: Select) -> Select:
    """`statement` over bots, as the lists show them: deleted ones (the parameter `deleted`)
    left out, newest first. The state is a parameter: a value written into a statement is
    taken out of it again on every run."""
    return statement.where(Bot.status != bindparam("deleted")).order_by(
        Bot.created_at.desc(), Bot.id.desc()
    )


@dataclass(frozen=True)
class ListedBot:
    """A bot as its lists show it (the API's and the portal's): what BotSpec.from_bot
    reads, its state and its times."""

    id: int
    name: str
    status: BotStatus
    language: BotLanguage
    greeting: str
    instructions: str
    faq: list[dict[str, Any]] | None
    handover_number: str | None
    voice: str
    stt_engine: str
    tts_engine: str
    dialogue_engine: str
    business_hours: dict[str, Any] | None
    max_call_seconds: int
    sms_confirmations: bool
    created_at: datetime
    updated_at: datetime


def bots_with_numbers(*, session: Session) -> list[tuple[ListedBot, str | None]]:
    """The tenant's bots (deleted ones left out, newest first), each with its active
    number (E.164) as `active_number` chooses it, or None, in one query: the list pages of
    the API and the portal need nothing else, and a second query for the numbers cost
    ~0.4 ms of CPU a request (an in-process A/B; bench/api_load.py cannot tell that apart on
    this machine). A Core statement of the columns a list shows (models.scoping
    .core_connection), read through the driver (models.driver_reads): through the ORM, the
    bots' rows cost the API's list ~0.5 ms more of CPU (an in-process A/B), most of it the
    ORM's statement handling, not the rows."""
    connection, tenant_id = core_connection(session)
    values: dict[str, Any] = {"deleted": BotStatus.DELETED, "active": PhoneNumberStatus.ACTIVE}
    if tenant_id is None:
        rows = read_rows(connection, _BOTS_WITH_NUMBERS, values)
    else:
        rows = read_rows(connection, _TENANT_BOTS_WITH_NUMBERS, values | {"tenant_id": tenant_id})
    return [_listed_bot(*row) for row in rows]


def _listed_bot(
    bot_id: int, name: str, status: str, language: str, *rest: Any
) -> tuple[ListedBot, str | None]:
    """A row of _LISTED_COLUMNS and the number: the states read as text (models.driver_reads)."""
    *settings_and_times, number = rest
    bot = ListedBot(bot_id, name, BotStatus(status), BotLanguage(language), *settings_and_times)
    return bot, number


def _bots_with_numbers(*, tenant_named: bool) -> Select:
    """The list's statement: the bots' listed columns and their active number, the tenant
    named for each table when `tenant_named` (Core is not held by the ORM's tenant filter;
    row security holds it on PostgreSQL)."""
    number = select(PhoneNumber.e164).where(
        PhoneNumber.bot_id == Bot.id, PhoneNumber.status == bindparam("active")
    )
    if tenant_named:
        number = number.where(PhoneNumber.tenant_id == bindparam("tenant_id"))
    first_number = number.order_by(PhoneNumber.id).limit(1).correlate(Bot).scalar_subquery()
    statement = _listed(select(*_LISTED_COLUMNS, first_number.label("phone_number")))
    if tenant_named:
        statement = statement.where(Bot.tenant_id == bindparam("tenant_id"))
    return statement


# What a bot list shows of each bot, in ListedBot's order; the states as the text they are
# stored as (the driver does not make enum members of them).
_LISTED_COLUMNS = (
    Bot.id,
    Bot.name,
    type_coerce(Bot.status, String),
    type_coerce(Bot.language, String),
    Bot.greeting,
    Bot.instructions,
    Bot.faq,
    Bot.handover_number,
    Bot.voice,
    Bot.stt_engine,
    Bot.tts_engine,
    Bot.dialogue_engine,
    Bot.business_hours,
    Bot.max_call_seconds,
    Bot.sms_confirmations,
    Bot.created_at,
    Bot.updated_at,
)
# Built once: every API and portal bot list runs one, and building it cost a request more
# CPU than running it (as for the call list, services.call_history._list_statement).
_BOTS_WITH_NUMBERS = _bots_with_numbers(tenant_named=False)
_TENANT_BOTS_WITH_NUMBERS = _bots_with_numbers(tenant_named=True)


_BOT_NAMES = _listed(select(Bot.id, Bot.name))  # built once: the call list asks on every page
