""" "EU processing only" in the portal: the administrator switches it in the privacy settings
(audited), each engine on a bot's page says where it processes, and saving a bot with an
engine outside the EU puts the refusal on that engine's field."""

from __future__ import annotations

from nicegui import ui
from nicegui.testing import User
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import AuditEvent, Bot, BotStatus, Tenant
from tests.customer_ui.conftest import WAIT, LoginAs
from tests.factories import Factory


async def test_the_administrator_switches_eu_only(
    login_as: LoginAs, user: User, tenant: Tenant, staff_db: Session
) -> None:
    await login_as()
    await user.open("/settings/privacy")
    switch = user.find(kind=ui.switch, content="Process in the EU only").elements.pop()
    assert switch.value is False
    switch.value = True
    await user.should_see("Saved.", retries=WAIT)
    staff_db.expire_all()
    assert staff_db.get(Tenant, tenant.id).eu_processing_only is True  # type: ignore[union-attr]
    audited = staff_db.scalars(
        select(AuditEvent.after).where(AuditEvent.action == "privacy.eu_only_changed")
    ).all()
    assert audited == [{"eu_processing_only": True}]


async def test_engines_say_where_they_run_and_eu_only_refuses_google(
    login_as: LoginAs, user: User, make: Factory, tenant: Tenant, staff_db: Session
) -> None:
    tenant.eu_processing_only = True
    bot = make.bot(tenant, language="de-AT", stt_engine="offline", status=BotStatus.LIVE)
    staff_db.commit()
    await login_as()
    await user.open(f"/bots/{bot.id}")
    await user.should_see("Runs on our own servers in the EU.")
    listening = user.find(kind=ui.select, content="Listening").elements.pop()
    listening.value = "google"
    await user.should_see("Google processes the audio, also outside the EU (USA).")
    user.find(kind=ui.button, content="Save").click()
    await user.should_see(
        "Your account allows processing in the EU only, and this engine works outside the EU.",
        retries=WAIT,
    )
    assert listening.error and "outside the EU" in listening.error
    staff_db.expire_all()
    assert staff_db.get(Bot, bot.id).stt_engine == "offline"  # type: ignore[union-attr]
