"""The summary line in the calls list and on the call page; the dashboard's unanswered
questions and "add to FAQ", which opens the bot to write the answer."""

from __future__ import annotations

from nicegui import ui
from nicegui.testing import User
from sqlalchemy.orm import Session

from models import Bot, Role, Tenant
from models.base import utcnow
from tests.customer_ui.conftest import WAIT, LoginAs
from tests.factories import Factory

FIELDS = {
    "intent": "question",
    "bookings_made": 0,
    "bookings_moved": 0,
    "bookings_cancelled": 0,
    "message_taken": False,
    "handed_over": False,
    "unanswered_questions": ["Habt ihr Gutscheine?"],
}


async def test_summary_in_the_list_and_on_the_call_page(
    login_as: LoginAs, user: User, make: Factory, tenant: Tenant
) -> None:
    bot = make.bot(tenant, name="Rezeption")
    call = make.call(tenant, bot, summary="Termin gebucht; 1 Frage offen.", summary_fields=FIELDS)
    make.session.commit()
    await login_as(Role.CUSTOMER_USER)
    await user.open("/calls")
    await user.should_see("All outcomes")
    rows = [row for table in user.find(kind=ui.table).elements for row in table.rows]
    assert [row["summary"] for row in rows] == ["Termin gebucht; 1 Frage offen."]
    await user.open(f"/calls/{call.id}")
    await user.should_see("Summary")
    await user.should_see("– Habt ihr Gutscheine?")


async def test_an_unanswered_question_goes_to_the_faq_in_one_click(
    login_as: LoginAs, user: User, make: Factory, tenant: Tenant, staff_db: Session
) -> None:
    bot = make.bot(tenant, name="Rezeption", faq=[{"question": "Wo?", "answer": "Wien"}])
    make.call(tenant, bot, summary="1 Frage offen.", summary_fields=FIELDS, started_at=utcnow())
    make.session.commit()
    await login_as(Role.CUSTOMER_USER)  # members edit what a bot knows
    await user.should_see("Unanswered questions")
    await user.should_see("“Habt ihr Gutscheine?”")
    user.find(marker="add-faq-0").click()
    await user.should_see("Added to the FAQ of Rezeption", retries=WAIT)
    staff_db.expire_all()
    assert staff_db.get(Bot, bot.id).faq[-1] == {"question": "Habt ihr Gutscheine?", "answer": ""}
    await user.open("/")
    await user.should_see("Minutes this month")
    await user.should_not_see("Unanswered questions")  # it is in the FAQ now
