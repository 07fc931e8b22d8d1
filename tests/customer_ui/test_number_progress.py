"""A new bot's page follows the purchase of its number without a reload: the steps in
words, then the number and "Live" as soon as the job has bought it — or, when getting it
fails for good, why, in plain words. The job runs inline (services.provisioning.carry_out
with the local number pool), as the worker runs it."""

from __future__ import annotations

from pathlib import Path

import pytest
from nicegui.testing import User
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from integrations.telephony import LocalTelephony
from models import Bot, PhoneNumber, Role, Tenant
from services.number_requests import request_number
from services.provisioning import ProvisioningSetup, carry_out, record_failure
from tests.customer_ui.conftest import WAIT, log_in
from tests.factories import Factory


@pytest.fixture
async def watched_bot(
    user: User, make: Factory, staff_db: Session, tenant: Tenant
) -> tuple[Bot, int]:
    """A bot whose number is requested, and its job's id; its page is open, in German."""
    bot = make.bot(tenant, name="Empfang")
    job = request_number(session=staff_db, bot=bot)
    admin = make.user(tenant, role=Role.CUSTOMER_ADMIN, locale="de-AT")
    staff_db.commit()
    await log_in(user, admin.email, make.password)
    await user.should_see("Minuten diesen Monat", retries=WAIT)
    await user.open(f"/bots/{bot.id}")
    await user.should_see("Nummer wird besorgt", retries=WAIT)
    return bot, job.id


async def test_the_number_shows_as_soon_as_it_is_bought(
    watched_bot: tuple[Bot, int],
    user: User,
    staff_db: Session,
    session_factory: sessionmaker[Session],
    tmp_path: Path,
) -> None:
    bot, job_id = watched_bot
    await user.should_see("Wir besorgen gleich eine Telefonnummer für diesen Bot.")
    await user.should_see("noch keine Nummer")

    setup = ProvisioningSetup(
        telephony=LocalTelephony(tmp_path / "numbers.json"),
        public_base_url="http://127.0.0.1:8090",
    )
    carry_out(session_factory=session_factory, job_id=job_id, setup=setup)
    e164 = staff_db.scalars(select(PhoneNumber.e164).where(PhoneNumber.bot_id == bot.id)).one()

    # The same page, not reopened: the number, the status, and no more steps.
    await user.should_see(e164, retries=WAIT)
    await user.should_see("Aktiv")
    await user.should_see(f"Der Bot ist jetzt unter {e164} erreichbar.")
    await user.should_not_see("Nummer wird besorgt")
    await user.should_not_see("Wir besorgen gleich eine Telefonnummer für diesen Bot.")


async def test_a_retry_and_then_the_failure_show_in_plain_words(
    watched_bot: tuple[Bot, int], user: User, session_factory: sessionmaker[Session]
) -> None:
    _bot, job_id = watched_bot
    await user.should_see("Wir besorgen gleich eine Telefonnummer für diesen Bot.")

    record_failure(
        session_factory=session_factory, job_id=job_id, error="Twilio: 503", will_retry=True
    )
    await user.should_see(
        "Der letzte Versuch hat nicht geklappt, wir versuchen es gleich noch einmal.",
        retries=WAIT,
    )
    record_failure(
        session_factory=session_factory,
        job_id=job_id,
        error="Numbers in AT need the business address in AT",
        will_retry=False,
        reason="address_missing",
    )
    await user.should_see("Für eine österreichische Telefonnummer brauchen wir", retries=WAIT)
    await user.should_see("Fehlgeschlagen")
    await user.should_not_see("Nummer wird besorgt")
    await user.should_not_see("Twilio")
