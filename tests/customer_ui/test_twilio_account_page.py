"""Settings → "Your own Twilio account": an administrator brings the company's Account SID and
auth token; what does not look like Twilio's is refused at its field and nothing is stored;
the token is never shown again (services/twilio_accounts.py)."""

from __future__ import annotations

from nicegui import ui
from nicegui.testing import User
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.encryption import CredentialCipher
from core.settings import Settings
from customer_ui.i18n import texts
from models import ApiKey, BotStatus, ProvisioningJob, ProvisioningKind, Role, Tenant
from services.twilio_accounts import own_twilio_account
from tests.customer_ui.conftest import WAIT, LoginAs, log_in
from tests.factories import Factory

SID, TOKEN = "AC" + "0123456789abcdef" * 2, "fedcba9876543210" * 2
DE = texts("de-AT")


def _fill(user: User, sid: str, token: str) -> None:
    user.find(kind=ui.input, content="Account SID").type(sid)
    user.find(kind=ui.input, content="Auth token").type(token)
    user.find(kind=ui.button, content="Save Twilio account").click()


async def test_an_administrator_brings_the_companys_twilio_account(
    login_as: LoginAs, user: User, tenant: Tenant, staff_db: Session, settings: Settings
) -> None:
    await login_as()
    await user.open("/settings")
    await user.should_see("Without it, your phone numbers are in our Twilio account")

    _fill(user, "AC123", "not a token")
    await user.should_see("An Account SID starts with AC and has 34 characters.")
    await user.should_see("An auth token has 32 characters (0-9, a-f).")
    assert staff_db.scalars(select(ApiKey).where(ApiKey.tenant_id == tenant.id)).all() == []

    await user.open("/settings")
    _fill(user, f" {SID} ", TOKEN)
    await user.should_see("Your Twilio account is set up", retries=WAIT)

    account = own_twilio_account(
        session=staff_db, cipher=CredentialCipher.from_settings(settings), tenant_id=tenant.id
    )
    assert account is not None and (account.sid, account.token) == (SID, TOKEN)
    await user.should_not_see(TOKEN)
    await user.should_see("••••••••" + TOKEN[-4:])


async def test_a_number_still_in_our_account_gets_a_new_one_in_the_companys(
    user: User, make: Factory, tenant: Tenant, staff_db: Session, settings: Settings
) -> None:
    make.twilio_account(tenant, SID, TOKEN, settings=settings)
    bot = make.bot(tenant, name="Empfang", status=BotStatus.LIVE)
    number = make.phone_number(
        tenant, bot, e164="+4315551234", provider="twilio", provider_account="AC" + "9" * 32
    )
    make.phone_number(tenant, make.bot(tenant), provider="twilio", provider_account=SID)
    admin = make.user(tenant, role=Role.CUSTOMER_ADMIN, locale="de-AT")
    await log_in(user, admin.email, make.password)
    await user.should_see(DE("Minutes this month"), retries=WAIT)
    await user.open("/settings")
    await user.should_see("Noch in unserem Twilio-Konto")
    await user.should_see("+4315551234 · Empfang")  # the one in its own account is not listed
    user.find(marker="new-number").click()
    await user.should_see("Sobald sie Anrufe annimmt, wird +4315551234 freigegeben")
    user.find(marker="confirm-new-number").click()
    await user.should_see("Eine neue Nummer wird in Ihrem Konto eingerichtet.", retries=WAIT)
    [job] = staff_db.scalars(
        select(ProvisioningJob).where(ProvisioningJob.kind == ProvisioningKind.BUY_NUMBER)
    ).all()
    assert (job.bot_id, job.intent) == (bot.id, {"replaces": number.id})
