"""The portal's login check, the same in its four forms (the middleware's, a page's
session with its User row, a read off the event loop, and a page's read that brings the
person and their company for its header): a person still active, on the same
auth epoch and a member of the stored tenant is let in; a bumped epoch, a deactivated
account or another tenant's id in the stored login is not."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import redis
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from core.settings import Settings
from customer_ui.context import PortalContext, PortalUser, SessionEnded
from models import Call, Role, Tenant, User
from tests.factories import Factory


@pytest.fixture
def ctx(
    settings: Settings, session_factory: sessionmaker[Session], redis_client: redis.Redis
) -> PortalContext:
    return PortalContext.build(settings, session_factory, redis_client)


def stored(user: User, **changed: int) -> PortalUser:
    login = {"id": user.id, "tenant_id": user.tenant_id, "auth_epoch": user.auth_epoch}
    return PortalUser(**{**login, **changed})


def verdicts(ctx: PortalContext, who: PortalUser) -> tuple[bool, bool, bool, bool]:
    """(middleware, page session, read, page read): whether each lets the login in."""

    def page() -> bool:
        try:
            with ctx.tenant_db(who):
                return True
        except SessionEnded:
            return False

    def read() -> bool:
        try:
            return ctx.read(who, lambda db: db.scalar(select(func.count()).select_from(Call))) >= 0
        except SessionEnded:
            return False

    def page_read() -> bool:
        try:
            found = ctx.read_page(who, lambda db: db.scalar(select(func.count()).select_from(Call)))
        except SessionEnded:
            return False
        assert (found.user.id, found.tenant.id, found.data) == (who.id, who.tenant_id, 0)
        return True

    return ctx.login_holds(who), page(), read(), page_read()


def test_a_member_in_good_standing_is_let_in(ctx: PortalContext, make: Factory) -> None:
    member = make.user(make.tenant(), role=Role.CUSTOMER_USER)
    make.session.commit()
    assert verdicts(ctx, stored(member)) == (True, True, True, True)


Change = Callable[[User, Tenant], PortalUser]
STALE: dict[str, Change] = {
    "epoch bumped": lambda user, _other: stored(user, auth_epoch=user.auth_epoch - 1),
    "another tenant stored": lambda user, other: stored(user, tenant_id=other.id),
}


@pytest.mark.parametrize("change", STALE.values(), ids=STALE.keys())
def test_a_stale_login_is_refused_by_every_check(
    ctx: PortalContext, make: Factory, change: Change
) -> None:
    member = make.user(make.tenant(), role=Role.CUSTOMER_ADMIN, auth_epoch=3)
    other = make.tenant()
    make.session.commit()
    assert verdicts(ctx, change(member, other)) == (False, False, False, False)


def test_a_deactivated_account_is_refused(ctx: PortalContext, make: Factory) -> None:
    person = make.user(make.tenant(), role=Role.CUSTOMER_USER, is_active=False)
    make.session.commit()
    assert verdicts(ctx, stored(person)) == (False, False, False, False)
