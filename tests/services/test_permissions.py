"""Every change a service makes × every customer role: allowed or refused (NotAllowed) exactly
as services.permissions says, whichever front door calls it (issue 10, item 7)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from core.encryption import CredentialCipher
from core.settings import Settings
from core.tokens import TokenSigner
from models import BookingSource, Bot, BotStatus, Role, Tenant, TokenScope, User
from models.scoping import tenant_session
from services import bookings, bots, messages, retention, support, team, tenant_settings
from services.api_tokens import create_api_token, list_api_tokens
from services.call_events import set_webhook_endpoint
from services.offered_services import ServiceSpec, create_service
from services.permissions import ALLOWED, Action, NotAllowed, allows, require
from tests.factories import Factory

ROLES = (Role.CUSTOMER_ADMIN, Role.CUSTOMER_USER)


@pytest.fixture
def tenant(make: Factory) -> Tenant:
    return make.tenant()


@dataclass(frozen=True)
class Tools:
    signer: TokenSigner
    cipher: CredentialCipher


Change = Callable[[Session, User, Bot, Tools], object]


def _spec(bot: Bot, **change: object) -> bots.BotSpec:
    spec = bots.BotSpec.from_bot(bot)
    for name, value in change.items():
        setattr(spec, name, value)
    return spec


CHANGES: dict[str, tuple[Action, Change]] = {
    "create a bot": (
        Action.CREATE_BOTS,
        lambda db, me, bot, t: bots.create_bot(session=db, spec=bots.BotSpec(name="B"), actor=me),
    ),
    "change the greeting, FAQ and hours": (
        Action.EDIT_BOT_CONTENT,
        lambda db, me, bot, t: bots.update_bot(
            session=db,
            bot=bot,
            spec=_spec(
                bot,
                greeting="Servus!",
                faq=[{"question": "Wo?", "answer": "Wien"}],
                business_hours={"mon": [["08:00", "12:00"]]},
            ),
            actor=me,
        ),
    ),
    "rename a bot": (
        Action.CONFIGURE_BOTS,
        lambda db, me, bot, t: bots.update_bot(
            session=db, bot=bot, spec=_spec(bot, name="Neu"), actor=me
        ),
    ),
    "change the hand-over number": (
        Action.CONFIGURE_BOTS,
        lambda db, me, bot, t: bots.update_bot(
            session=db, bot=bot, spec=_spec(bot, handover_number="+4312345678"), actor=me
        ),
    ),
    "pause a bot": (
        Action.PAUSE_BOTS,
        lambda db, me, bot, t: bots.pause_bot(session=db, bot=bot, actor=me),
    ),
    "delete a bot": (
        Action.DELETE_BOTS,
        lambda db, me, bot, t: bots.delete_bot(session=db, bot=bot, actor=me),
    ),
    "open a ticket": (
        Action.SUPPORT,
        lambda db, me, bot, t: support.open_ticket(session=db, author=me, subject="A", body="B"),
    ),
    "see the team": (
        Action.TEAM,
        lambda db, me, bot, t: team.list_members(session=db, viewer=me),
    ),
    "invite someone": (
        Action.TEAM,
        lambda db, me, bot, t: team.invite(
            session=db,
            signer=t.signer,
            inviter=me,
            email="neu@example.at",
            name="Neu",
            role=Role.CUSTOMER_USER,
            portal_url="http://portal",
        ),
    ),
    "change the company profile": (
        Action.COMPANY_SETTINGS,
        lambda db, me, bot, t: tenant_settings.update_profile(
            session=db, actor=me, name="Neu GmbH", billing_email="", locale="de-AT"
        ),
    ),
    "choose how long callers' data is kept": (
        Action.PRIVACY,
        lambda db, me, bot, t: retention.update_retention(
            session=db, actor=me, wanted=retention.RetentionSettings(transcript_days=30)
        ),
    ),
    "see and store provider keys": (
        Action.CREDENTIALS,
        lambda db, me, bot, t: (
            tenant_settings.tenant_credentials(session=db, viewer=me),
            tenant_settings.save_tenant_credential(
                session=db,
                cipher=t.cipher,
                actor=me,
                provider="openai",
                value="sk-test-12345678",
            ),
        ),
    ),
    "see and create API tokens": (
        Action.API_TOKENS,
        lambda db, me, bot, t: (
            list_api_tokens(session=db, viewer=me),
            create_api_token(session=db, creator=me, name="T", scope=TokenScope.READ),
        ),
    ),
    "set the webhook": (
        Action.WEBHOOKS,
        lambda db, me, bot, t: set_webhook_endpoint(
            session=db,
            cipher=t.cipher,
            actor=me,
            url="https://hooks.example.at/",
            allow_loopback=False,
        ),
    ),
    "book an appointment by hand": (
        Action.BOOKINGS,
        lambda db, me, bot, t: bookings.book(
            session=db,
            service_id=create_service(
                session=db,
                spec=ServiceSpec(name="S", duration_minutes=30),
                actor=_admin_of(db, me),
            ).id,
            start=datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(days=7),
            caller_name="Maria",
            source=BookingSource.PORTAL,
            actor=me,
        ),
    ),
    "mark a message done": (
        Action.MESSAGES,
        lambda db, me, bot, t: messages.mark_done(
            session=db,
            message_id=messages.take_message(session=db, bot_id=bot.id, about="Rückruf").id,
            actor=me,
        ),
    ),
    "offer a service": (
        Action.SERVICES,
        lambda db, me, bot, t: create_service(
            session=db, spec=ServiceSpec(name="S", duration_minutes=30), actor=me
        ),
    ),
}


def _admin_of(db: Session, me: User) -> User:
    """Someone who may set up a service, so a member can book it."""
    admin = User(email=f"chef{me.id}@example.at", name="Chef", role=Role.CUSTOMER_ADMIN)
    admin.password_hash = "x"
    db.add(admin)
    db.flush()
    return admin


@pytest.mark.parametrize("role", ROLES, ids=str)
@pytest.mark.parametrize("change", list(CHANGES))
def test_each_change_is_allowed_for_exactly_the_roles_the_matrix_names(
    make: Factory,
    tenant: Tenant,
    session_factory: sessionmaker[Session],
    settings: Settings,
    cipher: CredentialCipher,
    role: Role,
    change: str,
) -> None:
    action, run = CHANGES[change]
    tools = Tools(TokenSigner.from_settings(settings), cipher)
    bot = make.bot(tenant, name="Empfang", status=BotStatus.LIVE)
    person = make.user(tenant, role=role)
    with tenant_session(session_factory, tenant.id) as db:
        me, row = db.get(User, person.id), db.get(Bot, bot.id)
        if allows(role, action):
            run(db, me, row, tools)
        else:
            with pytest.raises(NotAllowed):
                run(db, me, row, tools)


def test_every_action_is_covered_by_a_matrix() -> None:
    covered = {action for action, _ in CHANGES.values()}
    # Reads only front doors make (pages and API operations) are covered by their own
    # matrices: tests/customer_ui/test_permissions.py and tests/api/test_permission_matrix.py.
    front_door_reads = {
        Action.VIEW_BOTS,
        Action.VIEW_CALLS,
        Action.VIEW_USAGE,
        Action.VIEW_ACCOUNT,
        Action.BILLING,
    }
    assert covered | front_door_reads == set(Action)


def test_administrators_may_do_everything_and_members_less() -> None:
    assert ALLOWED[Role.CUSTOMER_ADMIN] == set(Action)
    assert ALLOWED[Role.CUSTOMER_USER] < ALLOWED[Role.CUSTOMER_ADMIN]


@pytest.mark.parametrize("role", [Role.PLATFORM_ADMIN, Role.SUPPORT, None], ids=str)
def test_staff_and_nobody_get_nothing_here(role: Role | None) -> None:
    assert not any(allows(role, action) for action in Action)


def test_an_inactive_member_may_do_nothing(make: Factory, tenant: Tenant) -> None:
    admin = make.user(tenant, role=Role.CUSTOMER_ADMIN, is_active=False)
    with pytest.raises(NotAllowed):
        require(admin, Action.VIEW_BOTS)
