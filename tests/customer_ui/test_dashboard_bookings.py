"""The dashboard's card of what the phone bot booked this week: its count and the last few,
for every member; another tenant's bookings never show."""

from __future__ import annotations

from datetime import timedelta

from nicegui import ui
from nicegui.testing import User

from models import BookingSource, BookingStatus, Role, Tenant
from models.base import utcnow
from tests.customer_ui.conftest import LoginAs
from tests.factories import Factory


async def test_the_bots_bookings_of_this_week_on_the_dashboard(
    login_as: LoginAs, user: User, make: Factory, tenant: Tenant, other_tenant: Tenant
) -> None:
    service = make.service(tenant, name="Haarschnitt")
    phone = {"source": BookingSource.PHONE, "created_at": utcnow()}
    make.booking(tenant, service, caller_name="Maria Huber", **phone)
    make.booking(
        tenant, service, caller_name="Karl Berger", status=BookingStatus.CANCELLED, **phone
    )
    make.booking(tenant, service, caller_name="Hand Gebucht", created_at=utcnow())
    make.booking(
        tenant,
        service,
        caller_name="Letzte Woche",
        source=BookingSource.PHONE,
        created_at=utcnow() - timedelta(days=8),
    )
    make.booking(other_tenant, caller_name="Fremder Anrufer", **phone)
    make.session.commit()

    await login_as(Role.CUSTOMER_USER)
    await user.should_see("Booked by the bot this week")
    card = user.find(marker="bot-bookings").elements.pop()
    texts = [label.text for label in card.descendants() if isinstance(label, ui.label)]
    headline = next(html.content for html in card.descendants() if isinstance(html, ui.html))
    assert ">2</div>" in headline  # the count, as the headline's figure
    assert any("Haarschnitt · Maria Huber" in text for text in texts)
    await user.should_see("Cancelled")
    for hidden in ("Hand Gebucht", "Letzte Woche", "Fremder Anrufer"):
        await user.should_not_see(hidden)
    await user.should_see("Open the calendar")


async def test_a_week_without_bot_bookings_shows_none(login_as: LoginAs, user: User) -> None:
    await login_as()
    await user.should_see("Booked by the bot this week")
    await user.should_not_see("Haarschnitt")
