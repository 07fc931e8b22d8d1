"""The Messages page: open messages newest first, a member marks one done, the dashboard
counts the new ones; another tenant's messages never show."""

from __future__ import annotations

from nicegui import ui
from nicegui.testing import User
from sqlalchemy.orm import Session

from models import Message, MessageStatus, Role, Tenant
from tests.customer_ui.conftest import WAIT, LoginAs, log_in
from tests.factories import Factory


async def test_a_member_reads_and_marks_a_message_done(
    login_as: LoginAs,
    user: User,
    make: Factory,
    tenant: Tenant,
    other_tenant: Tenant,
    staff_db: Session,
) -> None:
    bot = make.bot(tenant, name="Rezeption")
    call = make.call(tenant, bot)
    older = make.message(tenant, bot, caller_name="Maria Huber", about="Gutschein?")
    newer = make.message(
        tenant, bot, caller_name="Karl Berger", about="Bitte um Rückruf", call_id=call.id
    )
    make.message(other_tenant, caller_name="Fremde Person")
    make.session.commit()
    member = await login_as(Role.CUSTOMER_USER, name="Lisa Lehrling")
    await user.should_see("2 new")  # the dashboard's card

    await user.open("/messages")
    await user.should_see("Karl Berger")
    await user.should_see("Bitte um Rückruf")
    await user.should_not_see("Fremde Person")
    order = [
        m for e in sorted(user.find(kind=ui.card).elements, key=lambda e: e.id) for m in e._markers
    ]
    assert order.index(f"message-{newer.id}") < order.index(f"message-{older.id}")

    user.find(marker=f"done-{older.id}").click()
    await user.should_see("Marked as done.", retries=WAIT)
    await user.should_see("Done by Lisa Lehrling")  # the card redrawn in place
    staff_db.expire_all()
    done = staff_db.get(Message, older.id)
    assert done.status is MessageStatus.DONE and done.handled_by_id == member.id

    await user.open("/messages")
    await user.should_not_see("Gutschein?")  # open ones only
    await user.open("/messages?show=all")
    await user.should_see("Done by Lisa Lehrling")


async def test_german_words_and_an_empty_list(user: User, make: Factory, tenant: Tenant) -> None:
    chef = make.user(tenant, role=Role.CUSTOMER_ADMIN, locale="de-AT")
    await log_in(user, chef.email, make.password)
    await user.should_see("0 neu", retries=WAIT)
    await user.open("/messages")
    await user.should_see("Nachrichten")
    await user.should_see("Keine offenen Nachrichten. Gut gemacht!")
