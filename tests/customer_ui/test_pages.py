"""Other tenants' ids, missing ids, German by default, transcripts. Who may open which page
and use which control: test_permissions.py."""

from __future__ import annotations

import re

import pytest
from nicegui import ui
from nicegui.testing import User

from models import Role, Speaker, Tenant
from tests.customer_ui.conftest import LoginAs
from tests.factories import Factory


@pytest.mark.parametrize("kind", ["bot", "call", "ticket", "invoice"])
async def test_another_tenants_id_is_simply_not_found(
    login_as: LoginAs, user: User, make: Factory, other_tenant: Tenant, kind: str
) -> None:
    secret = "Geheimprojekt Zebra"
    bot = make.bot(other_tenant, name=secret)
    rows = {
        "bot": lambda: (f"/bots/{bot.id}", bot),
        "call": lambda: (f"/calls/{make.call_turn(other_tenant, text=secret).call_id}", None),
        "ticket": lambda: (f"/support/{make.ticket(other_tenant, subject=secret).id}", None),
        "invoice": lambda: (
            f"/billing/invoices/{make.invoice_line(other_tenant, description=secret).invoice_id}",
            None,
        ),
    }
    path, _ = rows[kind]()
    await login_as()
    await user.open(path)
    await user.should_see("Not found")
    await user.should_not_see(secret)


@pytest.mark.parametrize(
    "path", ["/bots/99999999", "/bots/abc", "/calls/abc", "/support/-1", "/billing/invoices/1e9"]
)
async def test_missing_and_malformed_ids_are_not_found(
    login_as: LoginAs, user: User, path: str
) -> None:
    await login_as()
    await user.open(path)
    await user.should_see("Not found")


async def test_german_is_the_default_for_austrian_users(
    login_as: LoginAs, user: User, make: Factory, tenant: Tenant
) -> None:
    await login_as(locale="de-AT") if False else None  # noqa: SIM108 — see below
    account = make.user(tenant, role=Role.CUSTOMER_ADMIN, locale="de-AT")
    await user.open("/login")
    user.find("E-mail").type(account.email)
    user.find("Password").type(make.password)
    user.find(kind=ui.button, content="Log in").click()
    await user.should_see("Minuten diesen Monat", retries=30)
    await user.open("/bots")
    await user.should_see("Neuer Bot")


async def test_transcript_reads_as_a_conversation(
    login_as: LoginAs, user: User, make: Factory, tenant: Tenant
) -> None:
    bot = make.bot(tenant, name="Rezeption")
    call = make.call(tenant, bot)
    make.call_turn(tenant, call, seq=1, speaker=Speaker.BOT, text="Grüß Gott, Tischlerei Holzer!")
    make.call_turn(tenant, call, seq=2, speaker=Speaker.CALLER, text="Habt ihr morgen offen?")
    make.call_turn(
        tenant, call, seq=3, speaker=Speaker.BOT, text="Ja, von 8 bis 17 Uhr.", turn_latency_ms=640
    )
    await login_as()
    await user.open(f"/calls/{call.id}")
    await user.should_see("Grüß Gott, Tischlerei Holzer!")
    await user.should_see("Habt ihr morgen offen?")
    await user.should_see("0.6 seconds")  # the typical wait
    stamps = [m.props.get("stamp", "") for m in user.find(kind=ui.chat_message).elements]
    assert any("answered after 0.6 seconds" in stamp for stamp in stamps)


async def test_the_dashboard_chart_names_its_days_in_english(login_as: LoginAs, user: User) -> None:
    # An ISO date cut to five characters read "2026-" under every bar.
    await login_as()
    [chart] = user.find(kind=ui.echart).elements
    days = chart.options["xAxis"]["data"]
    assert len(days) == 30 and all(re.fullmatch(r"[A-Z][a-z]{2} \d{1,2}", day) for day in days), (
        days
    )
