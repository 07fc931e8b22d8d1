"""The services a tenant offers for booking (a haircut of 45 minutes, a table for the
evening), their limits, and which bots offer them on the phone.

Every function takes a tenant-bound session (models.scoping); changes are the members'
with the services role (services.permissions) and are audited.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.catalogue import N_, Phrase
from models import Bot, BotStatus, Service, User
from services.audit import audit_row
from services.errors import NotFound, ValidationFailed, Wording
from services.permissions import Action, require
from services.text_input import text_problem

MAX_NAME = 120
MAX_DURATION_MINUTES = 24 * 60
MAX_CAPACITY = 1000
MAX_PRICE_CENTS = 10_000_000

# Message id: the front doors translate it.
SERVICE_NOT_FOUND = N_("This service does not exist.")


@dataclass
class ServiceSpec:
    name: str
    duration_minutes: int
    price_cents: int = 0
    capacity: int = 1
    bot_ids: list[int] = field(default_factory=list)  # empty: every bot offers it

    @classmethod
    def from_service(cls, service: Service) -> ServiceSpec:
        return cls(
            name=service.name,
            duration_minutes=service.duration_minutes,
            price_cents=service.price_cents,
            capacity=service.capacity,
            bot_ids=list(service.bot_ids or []),
        )


def list_services(*, session: Session, include_archived: bool = False) -> list[Service]:
    query = select(Service).order_by(Service.name, Service.id)
    if not include_archived:
        query = query.where(Service.active.is_(True))
    return list(session.scalars(query))


def services_of_bot(*, session: Session, bot_id: int) -> list[Service]:
    """What a bot offers on the phone."""
    return [s for s in list_services(session=session) if not s.bot_ids or bot_id in s.bot_ids]


def get_service(*, session: Session, service_id: int) -> Service:
    service = session.get(Service, service_id)
    if service is None:
        raise NotFound(SERVICE_NOT_FOUND)
    return service


def create_service(*, session: Session, spec: ServiceSpec, actor: User) -> Service:
    require(actor, Action.SERVICES)
    _check_service(session, spec)
    service = Service(**_service_columns(spec), active=True)
    session.add(service)
    session.flush()
    audit_row(session, actor, "service.created", service, after=_service_columns(spec))
    return service


def update_service(
    *, session: Session, service: Service, spec: ServiceSpec, actor: User
) -> Service:
    """A new duration applies to new bookings; booked ones keep their times."""
    require(actor, Action.SERVICES)
    _check_service(session, spec)
    before = _service_columns(ServiceSpec.from_service(service))
    for name, value in _service_columns(spec).items():
        setattr(service, name, value)
    session.flush()
    after = _service_columns(spec)
    audit_row(session, actor, "service.updated", service, before=before, after=after)
    return service


def archive_service(*, session: Session, service: Service, actor: User) -> None:
    """The service takes no new bookings; its bookings stay in the book."""
    require(actor, Action.SERVICES)
    service.active = False
    session.flush()
    audit_row(session, actor, "service.archived", service)


def _check_service(session: Session, spec: ServiceSpec) -> None:
    errors: dict[str, Wording] = {}
    if problem := service_name_problem(spec.name):
        errors["name"] = problem
    if not 1 <= spec.duration_minutes <= MAX_DURATION_MINUTES:
        errors["duration_minutes"] = N_("Please choose a duration between 1 minute and 24 hours.")
    if not 0 <= spec.price_cents <= MAX_PRICE_CENTS:
        errors["price_cents"] = N_("Please enter a price between 0 and 100,000 euros.")
    if not 1 <= spec.capacity <= MAX_CAPACITY:
        errors["capacity"] = N_("Please choose how many bookings may overlap: 1 to 1,000.")
    if spec.bot_ids:
        known = set(
            session.scalars(
                select(Bot.id).where(Bot.id.in_(spec.bot_ids), Bot.status != BotStatus.DELETED)
            )
        )
        if set(spec.bot_ids) - known:
            errors["bot_ids"] = N_("Unknown bot.")
    if errors:
        raise ValidationFailed(errors)


def service_name_problem(name: str) -> Wording | None:
    """What is wrong with a service's name as typed; None when nothing is. The REST API's
    schema asks the same (customer_ui/api/routes/bookings.py)."""
    if not name.strip():
        return N_("Please give the service a name.")
    if len(name) > MAX_NAME:
        return Phrase("The name may have at most {count} characters.", count=MAX_NAME)
    return text_problem(name, max_length=MAX_NAME)


def _service_columns(spec: ServiceSpec) -> dict[str, Any]:
    return {
        "name": spec.name.strip(),
        "duration_minutes": spec.duration_minutes,
        "price_cents": spec.price_cents,
        "capacity": spec.capacity,
        "bot_ids": sorted(set(spec.bot_ids)),
    }
