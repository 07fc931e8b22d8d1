"""The privacy pages of the portal: administrators set the retention periods in the settings,
and on /privacy erase a caller by number (only their own tenant's calls); team members see
neither."""

from __future__ import annotations

from nicegui import ui
from nicegui.testing.user import User
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import AuditEvent, Call, Role, Tenant
from services.legal_documents import DPA_VERSION
from tests.customer_ui.conftest import WAIT, LoginAs
from tests.factories import Factory
from tests.services.test_processing_agreement import pdf_text

NUMBER = "+436641234567"


async def test_administrators_set_the_retention_periods(
    login_as: LoginAs, user: User, tenant: Tenant, staff_db: Session
) -> None:
    await login_as()
    await user.open("/settings")
    await user.should_see("How long we keep your callers' data")
    [field] = user.find(kind=ui.number, content="Transcripts").elements
    field.value = 30
    user.find(kind=ui.button, content="Save periods").click()
    await user.should_see("The next nightly run applies the new periods.", retries=WAIT)
    staff_db.expire_all()
    assert staff_db.get(Tenant, tenant.id).transcript_retention_days == 30  # type: ignore[union-attr]

    field.value = 0
    user.find(kind=ui.button, content="Save periods").click()
    await user.should_see("Please choose a whole number from 1 to 3650.", retries=WAIT)


async def test_a_caller_is_erased_in_this_tenant_only(
    login_as: LoginAs,
    user: User,
    tenant: Tenant,
    other_tenant: Tenant,
    make: Factory,
    staff_db: Session,
) -> None:
    mine = make.call(tenant, from_number=NUMBER)
    theirs = make.call(other_tenant, from_number=NUMBER)
    staff_db.commit()
    await login_as()
    await user.open("/settings/privacy")
    await user.should_see("What every call starts with")
    user.find(kind=ui.input, content="Phone number").type("0664 1234567")
    user.find(kind=ui.button, content="Erase caller…").click()
    await user.should_see("Erase everything about this caller?", retries=WAIT)
    user.find(kind=ui.button, content="Erase").click()
    await user.should_see("Erased for +436641234567:", retries=WAIT)
    staff_db.expire_all()
    assert staff_db.get(Call, mine.id).from_number == "+43"  # type: ignore[union-attr]
    assert staff_db.get(Call, theirs.id).from_number == NUMBER  # type: ignore[union-attr]


async def test_a_bad_number_is_a_field_error(login_as: LoginAs, user: User) -> None:
    await login_as()
    await user.open("/settings/privacy")
    user.find(kind=ui.input, content="Phone number").type("ruf an")
    user.find(kind=ui.button, content="Download data").click()
    await user.should_see("Please enter a phone number with digits only", retries=WAIT)


async def test_erasing_asks_only_about_a_number(login_as: LoginAs, user: User) -> None:
    """An empty or wrong number is the field's message at once; the question "Erase
    everything about this caller?" is asked only about a number that is one."""
    await login_as()
    await user.open("/settings/privacy")
    user.find(kind=ui.button, content="Erase caller…").click()
    await user.should_see("Please enter a phone number with digits only", retries=WAIT)
    [question] = user.find(kind=ui.dialog).elements
    assert question.value is False  # not opened
    user.find(kind=ui.input, content="Phone number").type("0664 1234567")
    user.find(kind=ui.button, content="Erase caller…").click()
    await user.should_see("Erase everything about this caller?", retries=WAIT)
    assert question.value is True


async def test_team_members_see_neither(login_as: LoginAs, user: User) -> None:
    await login_as(Role.CUSTOMER_USER)
    await user.open("/settings")
    await user.should_not_see("How long we keep your callers' data")
    await user.open("/settings/privacy")
    await user.should_see("Only an administrator of your account can do this.")


async def test_administrators_grant_and_withdraw_staff_access(
    login_as: LoginAs, user: User, tenant: Tenant, staff_db: Session
) -> None:
    await login_as()
    await user.open("/settings/privacy")
    await user.should_see("Our staff cannot see your transcripts now.")
    user.find(kind=ui.button, content="Allow for 7 days").click()
    await user.should_see("Our staff may see your transcripts until", retries=WAIT)
    staff_db.expire_all()
    granted = staff_db.get(Tenant, tenant.id).staff_transcript_access_until  # type: ignore[union-attr]
    assert granted is not None

    user.find(kind=ui.button, content="Withdraw access").click()
    await user.should_see("Our staff cannot see your transcripts now.", retries=WAIT)
    staff_db.expire_all()
    assert staff_db.get(Tenant, tenant.id).staff_transcript_access_until is None  # type: ignore[union-attr]
    actions = staff_db.scalars(
        select(AuditEvent.action).where(
            AuditEvent.tenant_id == tenant.id, AuditEvent.action.like("privacy.staff_access_%")
        )
    ).all()
    assert sorted(actions) == ["privacy.staff_access_granted", "privacy.staff_access_revoked"]


async def test_a_company_from_before_accepts_the_processing_agreement(
    login_as: LoginAs, user: User, tenant: Tenant, staff_db: Session
) -> None:
    await login_as()
    await user.open("/settings/privacy")
    await user.should_see("Not yet accepted.")
    user.find(kind=ui.button, content="Accept").click()
    await user.should_see("Accepted on", retries=WAIT)
    staff_db.expire_all()
    assert staff_db.get(Tenant, tenant.id).dpa_version == DPA_VERSION  # type: ignore[union-attr]
    user.find(kind=ui.button, content="Download PDF").click()
    response = await user.download.next()
    await user.should_not_see("Sorry", retries=WAIT)
    # The agreement itself, accepted, with this company as the controller.
    text = pdf_text(response.content)
    assert "Accepted on" in text and tenant.name in text
