"""A bot that got no Austrian number, in a real browser, in German, on a desktop and on a
390 px phone: the bot page says why and leads to the address, the settings card says the
address registers the numbers too. Screenshots land in test-artifacts/portal/."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from models import BotStatus, ProvisioningStatus, Role
from models.database import make_engine, make_session_factory
from models.scoping import staff_session
from tests.browser import logged_in_page, open_and_check_width
from tests.customer_ui.test_browser_journey import ARTIFACTS, portal_url, scratch_database_url
from tests.factories import Factory

__all__ = ["portal_url", "scratch_database_url"]  # the journey's fixtures: a real portal


@pytest.fixture(scope="module")
def failed_bot(scratch_database_url: str) -> Iterator[tuple[str, int]]:
    engine = make_engine(scratch_database_url)
    with staff_session(make_session_factory(engine)) as db:
        make = Factory(db)
        tenant = make.tenant(name="Salon Anna", locale="de-AT")
        admin = make.user(tenant, role=Role.CUSTOMER_ADMIN, locale="de-AT")
        bot = make.bot(tenant, name="Empfang", status=BotStatus.FAILED)
        make.provisioning_job(
            tenant,
            bot_id=bot.id,
            status=ProvisioningStatus.FAILED,
            failure_reason="address_missing",
        )
        db.commit()
        found = admin.email, bot.id
    yield found
    engine.dispose()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_missing_address_on_the_bot_page_in_german(
    portal_url: str, failed_bot: tuple[str, int], width: int
) -> None:
    email, bot_id = failed_bot
    folder = ARTIFACTS / "portal"
    folder.mkdir(parents=True, exist_ok=True)
    with logged_in_page(portal_url, email, width=width) as page:
        open_and_check_width(
            page,
            f"{portal_url}/bots/{bot_id}",
            "brauchen wir die Adresse Ihres Unternehmens in Österreich",
            folder / f"number-problem-bot-{width}.png",
        )
        page.get_by_text("Adresse eintragen").click()
        page.wait_for_url("**/settings*")
        open_and_check_width(
            page,
            f"{portal_url}/settings",
            "Auf diese Adresse werden auch Ihre österreichischen Telefonnummern angemeldet",
            folder / f"number-problem-settings-{width}.png",
        )
