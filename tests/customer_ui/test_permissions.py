"""The permission matrix in the portal (issue 10, item 7): every page and every control ×
every customer role, shown or refused exactly as services.permissions says — and what a
customer_user may do with a bot (its content, pausing) works through the page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from nicegui import ui
from nicegui.testing import User
from sqlalchemy.orm import Session

from models import Bot, BotStatus, Role, Tenant
from services.permissions import REFUSED, Action, allows
from tests.customer_ui.conftest import WAIT, LoginAs
from tests.factories import Factory

ROLES = (Role.CUSTOMER_ADMIN, Role.CUSTOMER_USER)
BOT_NAME = "Rezeption"

# Path (with {bot}, {ticket}, {invoice} for the ids of rows the test makes) → the action it
# needs (None: every member) and a text only the page itself shows.
PAGES: dict[str, tuple[Action | None, str]] = {
    "/": (None, "Minutes per day, last 30 days"),
    "/bots": (Action.VIEW_BOTS, BOT_NAME),
    "/bots/new": (Action.CREATE_BOTS, "Questions and answers"),
    "/bots/{bot}": (Action.VIEW_BOTS, "Opening hours"),
    "/bookings": (Action.BOOKINGS, "Services"),
    "/messages": (Action.MESSAGES, "No open messages"),
    "/calls": (Action.VIEW_CALLS, "All outcomes"),
    "/usage": (Action.VIEW_USAGE, "By bot"),
    "/billing": (Action.BILLING, "Your plan"),
    "/billing/invoices/{invoice}": (Action.BILLING, "Download PDF"),
    "/support": (Action.SUPPORT, "New ticket"),
    "/support/{ticket}": (Action.SUPPORT, "Your reply"),
    "/team": (Action.TEAM, "Send invitation"),
    "/settings": (None, "Change password"),
}

# Page → a control (button or card) on it, and the action that control needs.
CONTROLS: list[tuple[str, str, Action]] = [
    ("/", "Billing", Action.BILLING),  # navigation
    ("/", "Team", Action.TEAM),  # navigation
    ("/bots", "New bot", Action.CREATE_BOTS),
    ("/bots/{bot}", "Delete bot", Action.DELETE_BOTS),
    ("/bots/{bot}", "Pause", Action.PAUSE_BOTS),
    ("/bots/{bot}", "Save changes", Action.EDIT_BOT_CONTENT),
    ("/bookings", "Add service", Action.SERVICES),
    ("/support", "Send ticket", Action.SUPPORT),
    ("/settings", "Save company", Action.COMPANY_SETTINGS),
    ("/settings", "Your own provider keys", Action.CREDENTIALS),
    ("/settings", "API access", Action.API_TOKENS),
    ("/settings", "Webhooks", Action.WEBHOOKS),
]


@pytest.fixture
def path_to(make: Factory, tenant: Tenant) -> Callable[[str], str]:
    bot = make.bot(tenant, name=BOT_NAME, status=BotStatus.LIVE)
    ticket = make.ticket(tenant, subject="Frage")
    make.ticket_message(tenant, ticket)
    invoice = make.invoice_line(tenant).invoice_id
    return lambda path: path.format(bot=bot.id, ticket=ticket.id, invoice=invoice)


@pytest.mark.parametrize("role", ROLES, ids=str)
@pytest.mark.parametrize("path", list(PAGES))
async def test_each_page_opens_for_exactly_the_roles_the_matrix_names(
    login_as: LoginAs, user: User, path_to: Callable[[str], str], role: Role, path: str
) -> None:
    action, content = PAGES[path]
    await login_as(role)
    await user.open(path_to(path))
    if action is None or allows(role, action):
        await user.should_see(content)
        await user.should_not_see(marker="not-allowed")
    else:
        await user.should_see(REFUSED)
        await user.should_not_see(content)


@pytest.mark.parametrize("role", ROLES, ids=str)
@pytest.mark.parametrize(("path", "control", "action"), CONTROLS, ids=str)
async def test_each_control_shows_for_exactly_the_roles_the_matrix_names(
    login_as: LoginAs,
    user: User,
    path_to: Callable[[str], str],
    role: Role,
    path: str,
    control: str,
    action: Action,
) -> None:
    await login_as(role)
    await user.open(path_to(path))
    await user.should_see(PAGES[path][1])
    if allows(role, action):
        await user.should_see(control)
    else:
        await user.should_not_see(control)


async def test_a_member_edits_a_bots_content_but_not_its_set_up(
    login_as: LoginAs, user: User, make: Factory, tenant: Tenant, staff_db: Session
) -> None:
    bot = make.bot(tenant, name=BOT_NAME, status=BotStatus.LIVE)
    await login_as(Role.CUSTOMER_USER)
    await user.open(f"/bots/{bot.id}")
    inputs = {e.props.get("label"): e for e in user.find(kind=ui.input).elements}
    assert not inputs["Name"].enabled
    assert not inputs["Hand-over number"].enabled
    assert inputs["Monday"].enabled
    user.find(kind=ui.textarea, content="Grüß Gott!").clear().type("Servus, wie kann ich helfen?")
    inputs["Monday"].value = "08:00-12:00"
    user.find(kind=ui.button, content="Save changes").click()
    await user.should_see("Saved.", retries=WAIT)
    staff_db.expire_all()
    saved = staff_db.get(Bot, bot.id)
    assert saved.greeting == "Servus, wie kann ich helfen?"
    assert saved.business_hours == {"mon": [["08:00", "12:00"]]}

    user.find(kind=ui.button, content="Pause").click()
    await user.should_see("Bot paused.", retries=WAIT)
    staff_db.expire_all()
    assert staff_db.get(Bot, bot.id).status is BotStatus.PAUSED
