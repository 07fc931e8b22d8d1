"""Who in a customer account may do what: the one permission table that the portal's pages,
the REST API and the services all ask.

Services call `require(actor, Action.…)` before every change, so no front door can forget
it; front doors ask `allows(role, Action.…)` to hide what a person may not use and to refuse
reads early. An API token acts with its creator's role as it is now (services.api_tokens),
so the same table caps what a token may do. README.md ("Who may do what") shows the table.
"""

from __future__ import annotations

import enum

from core.catalogue import N_
from models import Role, User
from services.errors import DomainError


class NotAllowed(DomainError):
    """The person's role does not allow this (the portal hides such actions anyway)."""


class Action(enum.StrEnum):
    VIEW_BOTS = "bots.read"
    # What a bot says and knows: greeting, instructions, questions and answers, opening hours.
    EDIT_BOT_CONTENT = "bots.edit_content"
    PAUSE_BOTS = "bots.pause_resume"
    # How a bot is set up: name, language, voice, engines, hand-over number, call length.
    CONFIGURE_BOTS = "bots.configure"
    CREATE_BOTS = "bots.create"
    DELETE_BOTS = "bots.delete"  # releases the bot's phone number
    VIEW_CALLS = "calls.read"
    VIEW_USAGE = "usage.read"
    VIEW_ACCOUNT = "account.read"  # the company's name, status and price plan
    SUPPORT = "support"  # read, open, answer and close tickets
    BILLING = "billing"  # invoices and payment details
    TEAM = "team"  # see, invite, change roles, remove
    COMPANY_SETTINGS = "company"
    CREDENTIALS = "credentials"  # the account's own provider keys
    API_TOKENS = "api_tokens"
    WEBHOOKS = "webhooks"
    # The appointment book: see, add, move and cancel bookings, see the services.
    BOOKINGS = "bookings"
    # What can be booked: services, their price and capacity, the booking rules.
    SERVICES = "bookings.services"
    # Privacy: how long callers' data is kept, and one caller's data exported or erased.
    PRIVACY = "privacy"
    # Messages the phone bot took: read them, mark them done.
    MESSAGES = "messages"


_EVERYONE = frozenset(
    {
        Action.VIEW_BOTS,
        Action.EDIT_BOT_CONTENT,
        Action.PAUSE_BOTS,
        Action.VIEW_CALLS,
        Action.VIEW_USAGE,
        Action.VIEW_ACCOUNT,
        Action.SUPPORT,
        Action.BOOKINGS,
        Action.MESSAGES,
    }
)

ALLOWED: dict[Role, frozenset[Action]] = {
    Role.CUSTOMER_ADMIN: frozenset(Action),
    Role.CUSTOMER_USER: _EVERYONE,
}

REFUSED = N_("Only an administrator of your account can do this.")


def allows(role: Role | None, action: Action) -> bool:
    """True if `role` may do `action`. Staff and unknown roles get nothing here: the back
    office has its own access rules (admin_app/access.py)."""
    return role is not None and action in ALLOWED.get(role, frozenset())


def require(actor: User | None, action: Action) -> None:
    """Raises NotAllowed unless `actor` is an active member whose role allows `action`."""
    if actor is None or not actor.is_active or not allows(actor.role, action):
        raise NotAllowed(REFUSED)
