"""The appointment book: services (what can be booked), their free slots, booking rules, and
bookings (list, create, move, cancel).

Every member may read the book and book, move and cancel; only administrators set up
services and rules. Bookings made here follow the same rules as the phone bot's (opening
hours, closed days, notice, horizon) and never overbook: a time that is full answers 409
with the next free time in the message.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from pydantic import AwareDatetime, BaseModel, Field, field_validator

from core.catalogue import N_, Phrase
from customer_ui.api.errors import ApiError
from customer_ui.api.fields import EARLIEST, LATEST, MAX_ID, RequestBody, ResourceId, ServiceChecked
from customer_ui.api.routing import ThreadedRoute
from customer_ui.api.security import TenantDb, Writer, acting_user, requires
from models import Booking, BookingSource, BookingStatus, Service
from services import bookings as book
from services import offered_services as offered
from services.availability import VIENNA, Slot
from services.booking_places import SlotTaken
from services.bookings import caller_name_problem
from services.errors import ValidationFailed, Wording
from services.free_slots import find_free_slots
from services.offered_services import (
    MAX_CAPACITY,
    MAX_DURATION_MINUTES,
    MAX_NAME,
    MAX_PRICE_CENTS,
    ServiceSpec,
    service_name_problem,
)
from services.permissions import Action

services_router = APIRouter(prefix="/services", tags=["bookings"], route_class=ThreadedRoute)
router = APIRouter(tags=["bookings"], route_class=ThreadedRoute)

# A name is checked and worded by its service, for the portal and here (ServiceChecked).
ServiceName = Annotated[str, ServiceChecked(service_name_problem, minLength=1, maxLength=MAX_NAME)]
CallerName = Annotated[str, ServiceChecked(caller_name_problem, minLength=1, maxLength=MAX_NAME)]
Day = Annotated[date, Field(ge=EARLIEST, le=LATEST)]
FromDay = Annotated[
    date | None, Query(alias="from", ge=EARLIEST, le=LATEST, description="First day (Vienna).")
]
ToDay = Annotated[
    date | None, Query(alias="to", ge=EARLIEST, le=LATEST, description="Last day (Vienna).")
]
READ, MANAGE = requires(Action.BOOKINGS), requires(Action.SERVICES)


# -- services ------------------------------------------------------------------------------


class ServiceIn(RequestBody):
    name: ServiceName
    duration_minutes: int = Field(ge=1, le=MAX_DURATION_MINUTES)
    price_cents: int = Field(0, ge=0, le=MAX_PRICE_CENTS, description="Price in EUR cents.")
    capacity: int = Field(1, ge=1, le=MAX_CAPACITY, description="How many bookings may overlap.")
    bot_ids: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(
        default_factory=list,
        max_length=100,
        description="The bots that offer it on the phone; empty for every bot.",
    )


class ServicePatch(RequestBody):
    """Only the fields sent are changed."""

    name: ServiceName | None = None
    duration_minutes: int | None = Field(None, ge=1, le=MAX_DURATION_MINUTES)
    price_cents: int | None = Field(None, ge=0, le=MAX_PRICE_CENTS)
    capacity: int | None = Field(None, ge=1, le=MAX_CAPACITY)
    bot_ids: list[Annotated[int, Field(ge=1, le=MAX_ID)]] | None = Field(None, max_length=100)


class ServiceOut(BaseModel):
    id: int
    name: str
    duration_minutes: int
    price_cents: int
    capacity: int
    bot_ids: list[int]
    active: bool


class SlotOut(BaseModel):
    start: datetime
    end: datetime


@services_router.get(
    "", response_model=list[ServiceOut], summary="What can be booked", dependencies=[READ]
)
def services(db: TenantDb) -> list[ServiceOut]:
    return [_service_out(s) for s in offered.list_services(session=db)]


@services_router.post(
    "",
    response_model=ServiceOut,
    status_code=status.HTTP_201_CREATED,
    summary="Offer a service (administrators)",
    dependencies=[MANAGE],
)
def create_service(body: ServiceIn, caller: Writer, db: TenantDb) -> ServiceOut:
    service = offered.create_service(
        session=db, spec=ServiceSpec(**body.model_dump()), actor=acting_user(db, caller)
    )
    db.commit()
    return _service_out(service)


@services_router.get(
    "/{service_id}", response_model=ServiceOut, summary="One service", dependencies=[READ]
)
def service(service_id: ResourceId, db: TenantDb) -> ServiceOut:
    return _service_out(offered.get_service(session=db, service_id=service_id))


@services_router.patch(
    "/{service_id}",
    response_model=ServiceOut,
    summary="Change a service (administrators)",
    description="A new duration applies to new bookings; booked ones keep their times.",
    dependencies=[MANAGE],
)
def update_service(
    service_id: ResourceId, body: ServicePatch, caller: Writer, db: TenantDb
) -> ServiceOut:
    found = offered.get_service(session=db, service_id=service_id)
    spec = ServiceSpec.from_service(found)
    for name, value in body.model_dump(exclude_unset=True, exclude_none=True).items():
        setattr(spec, name, value)
    offered.update_service(session=db, service=found, spec=spec, actor=acting_user(db, caller))
    db.commit()
    return _service_out(found)


@services_router.delete(
    "/{service_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    summary="Stop offering a service (administrators; its bookings stay)",
    dependencies=[MANAGE],
)
def archive_service(service_id: ResourceId, caller: Writer, db: TenantDb) -> Response:
    found = offered.get_service(session=db, service_id=service_id)
    offered.archive_service(session=db, service=found, actor=acting_user(db, caller))
    db.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@services_router.get(
    "/{service_id}/availability",
    response_model=list[SlotOut],
    summary="Free slots of a service, day by day",
    description="Within the opening hours of the bots that offer it, on open days, within "
    "the booking rules. At most 62 days at a time; `to` defaults to `from`, `from` to today.",
    dependencies=[READ],
)
def availability(
    service_id: ResourceId, db: TenantDb, day_from: FromDay = None, day_to: ToDay = None
) -> list[SlotOut]:
    first = day_from or datetime.now(VIENNA).date()
    last = day_to or first
    with _api_field_names():
        slots = find_free_slots(
            session=db, service_id=service_id, day_from=first, days=(last - first).days + 1
        )
    return [SlotOut(start=s.start, end=s.end) for s in slots]


# -- bookings ------------------------------------------------------------------------------


class BookingOut(BaseModel):
    id: int
    service_id: int
    service_name: str
    starts_at: datetime
    ends_at: datetime
    caller_name: str
    caller_phone: str
    party_size: int | None
    status: BookingStatus
    source: BookingSource
    call_id: int | None


def _in_our_years(moment: datetime) -> datetime:
    if not EARLIEST <= moment.date() <= LATEST:
        raise ValueError(Phrase("Please choose a time between 2000 and 2100."))
    return moment


class BookingIn(RequestBody):
    service_id: int = Field(ge=1, le=MAX_ID)
    start: AwareDatetime = Field(description="With its offset, e.g. 2026-12-07T09:30:00+01:00.")
    caller_name: CallerName
    caller_phone: str = Field("", max_length=20, pattern=r"^[+\d\s/()-]*$")
    party_size: int | None = Field(None, ge=1, le=book.MAX_PARTY_SIZE)

    _start_in_range = field_validator("start")(_in_our_years)


class MoveIn(RequestBody):
    start: AwareDatetime

    _start_in_range = field_validator("start")(_in_our_years)


@router.get(
    "/bookings",
    response_model=list[BookingOut],
    summary="Bookings by day, earliest first",
    description="Bookings starting on the Vienna days `from`–`to` (at most 62 days; `to` "
    "defaults to `from` + 6, `from` to today). Cancelled ones are included.",
    dependencies=[READ],
)
def list_bookings(
    db: TenantDb,
    day_from: FromDay = None,
    day_to: ToDay = None,
    service_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> list[BookingOut]:
    first = day_from or datetime.now(VIENNA).date()
    last = day_to or min(first + timedelta(days=6), LATEST)
    with _api_field_names():
        found = book.list_bookings(session=db, day_from=first, day_to=last, service_id=service_id)
    return [_booking_out(b) for b in found]


@router.post(
    "/bookings",
    response_model=BookingOut,
    status_code=status.HTTP_201_CREATED,
    summary="Book",
    description="409 when the time is full; the message names the next free time.",
    dependencies=[READ],
)
def create_booking(body: BookingIn, caller: Writer, db: TenantDb) -> BookingOut:
    with _slot_taken():
        booking = book.book(
            session=db,
            **body.model_dump(),
            source=BookingSource.API,
            actor=acting_user(db, caller),
        )
    db.commit()
    return _booking_out(booking)


@router.get(
    "/bookings/{booking_id}", response_model=BookingOut, summary="One booking", dependencies=[READ]
)
def booking(booking_id: ResourceId, db: TenantDb) -> BookingOut:
    return _booking_out(book.get_booking(session=db, booking_id=booking_id))


@router.post(
    "/bookings/{booking_id}/move",
    response_model=BookingOut,
    summary="Move a booking to another start",
    dependencies=[READ],
)
def move_booking(booking_id: ResourceId, body: MoveIn, caller: Writer, db: TenantDb) -> BookingOut:
    with _slot_taken():
        moved = book.move(
            session=db,
            booking_id=booking_id,
            start=body.start,
            source=BookingSource.API,
            actor=acting_user(db, caller),
        )
    db.commit()
    return _booking_out(moved)


@router.post(
    "/bookings/{booking_id}/cancel",
    response_model=BookingOut,
    summary="Cancel a booking",
    dependencies=[READ],
)
def cancel_booking(booking_id: ResourceId, caller: Writer, db: TenantDb) -> BookingOut:
    cancelled = book.cancel(
        session=db, booking_id=booking_id, source=BookingSource.API, actor=acting_user(db, caller)
    )
    db.commit()
    return _booking_out(cancelled)


# -- inside --------------------------------------------------------------------------------


def _service_out(service: Service) -> ServiceOut:
    return ServiceOut(
        id=service.id,
        name=service.name,
        duration_minutes=service.duration_minutes,
        price_cents=service.price_cents,
        capacity=service.capacity,
        bot_ids=list(service.bot_ids or []),
        active=service.active,
    )


def _booking_out(booking: Booking) -> BookingOut:
    data = book.booking_data(booking)
    service = data.pop("service")
    return BookingOut(**data, service_id=service["id"], service_name=service["name"])


@contextmanager
def _slot_taken() -> Iterator[None]:
    """A full time is a 409 that names the next free one, so a client can offer it."""
    try:
        yield
    except SlotTaken as taken:
        raise ApiError(409, _taken_message(taken.next_slot)) from None


def _taken_message(offer: Slot | None) -> Wording:
    if offer is None:
        return N_(
            "This time is no longer free, and no other time is free within the booking horizon."
        )
    return Phrase(
        "This time is no longer free. The next free time is {start}.",
        start=offer.local_start().isoformat(),
    )


@contextmanager
def _api_field_names() -> Iterator[None]:
    """The service names the first day `date_from`; the API calls it `from`."""
    try:
        yield
    except ValidationFailed as error:
        fields = {"from" if k == "date_from" else k: v for k, v in error.fields.items()}
        raise ValidationFailed(fields) from None
