"""Which price plan a new company starts on.

Exactly one active plan is the default: a self-service sign-up gets it (services/signup.py),
and a platform admin moves the flag in the back office. The database holds at most one
default (a partial unique index); moving it is one audited step, so there is never a moment
with two.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from models import PricePlan, User
from services.audit import record_audit
from services.errors import NotFound, ValidationFailed


def default_price_plan(session: Session) -> PricePlan | None:
    """The plan new companies start on; None only on a platform without plans yet."""
    return session.scalars(select(PricePlan).where(PricePlan.is_default.is_(True))).first()


def make_default_plan(
    *, session: Session, plan_id: int, actor: User | None, ip_address: str | None = None
) -> PricePlan:
    """Make plan `plan_id` the default (the old default stops being one), audited.
    Needs a staff session; NotFound for no such plan, ValidationFailed for an inactive one."""
    plan = session.get(PricePlan, plan_id)
    if plan is None:
        raise NotFound("There is no such price plan.")
    if not plan.is_active:
        raise ValidationFailed({"is_default": "Only an active price plan can be the default."})
    before = default_price_plan(session)
    if before is not None and before.id == plan.id:
        return plan
    # Clear first, then set: the unique index never sees two defaults.
    session.execute(
        update(PricePlan).where(PricePlan.is_default.is_(True)).values(is_default=False)
    )
    session.flush()
    session.refresh(plan)
    plan.is_default = True
    record_audit(
        session=session,
        actor=actor,
        action="price_plan.made_default",
        entity_type="PricePlan",
        entity_id=plan.id,
        before={"default_plan": before.code if before is not None else None},
        after={"default_plan": plan.code},
        ip_address=ip_address,
    )
    session.flush()
    return plan
