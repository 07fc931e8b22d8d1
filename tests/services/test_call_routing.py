"""Which bot answers a dialled number (services.call_records.route_call): the active number's
bot and that bot's company — a released number bought again by another company reaches the
new owner, and a number with no bot, or none active, reaches nobody."""

from __future__ import annotations

from sqlalchemy.orm import Session

from models import BotLanguage, BotStatus, PhoneNumberStatus
from services.call_records import RouteStatus, route_call
from tests.factories import Factory

DIALLED = "+4315550777"


def route(session: Session, number: str = DIALLED):  # noqa: ANN201
    return route_call(session=session, to_number=number, default_language="de-AT")


def test_the_active_number_reaches_its_bot_and_company(make: Factory, staff_db: Session) -> None:
    before, now = make.tenant(), make.tenant(max_concurrent_calls=7)
    old_bot = make.bot(before, status=BotStatus.LIVE)
    make.phone_number(before, old_bot, e164=DIALLED, status=PhoneNumberStatus.RELEASED)
    bot = make.bot(now, status=BotStatus.LIVE, language=BotLanguage.EN_US)
    number = make.phone_number(now, bot, e164=DIALLED)

    found = route(staff_db)

    assert found.status is RouteStatus.ACCEPT
    assert (found.tenant_id, found.bot_id, found.phone_number_id) == (now.id, bot.id, number.id)
    assert (found.language, found.max_concurrent_calls) == (BotLanguage.EN_US.value, 7)


def test_a_number_without_a_bot_or_not_active_reaches_nobody(
    make: Factory, staff_db: Session
) -> None:
    tenant = make.tenant()
    make.phone_number(tenant, None, e164=DIALLED)
    released = make.phone_number(tenant, make.bot(tenant), status=PhoneNumberStatus.RELEASED)

    for number in (DIALLED, released.e164, "+4315550000"):
        found = route(staff_db, number)
        assert (found.status, found.tenant_id, found.language) == (
            RouteStatus.UNKNOWN_NUMBER,
            None,
            "de-AT",
        )
