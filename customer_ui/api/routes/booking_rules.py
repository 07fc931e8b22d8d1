"""Booking rules: the days with no bookings, how far ahead callers may book and how late
before a start. Every member may read them; only administrators set them."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import Field

from customer_ui.api.fields import RequestBody
from customer_ui.api.routes.bookings import MANAGE, READ, Day
from customer_ui.api.routing import ThreadedRoute
from customer_ui.api.security import TenantDb, Writer, acting_user
from services.booking_rules import (
    DEFAULT_HORIZON_DAYS,
    DEFAULT_NOTICE_MINUTES,
    MAX_CLOSED_DAYS,
    MAX_HORIZON_DAYS,
    MAX_NOTICE_MINUTES,
    RulesSpec,
    booking_rules,
    update_booking_rules,
)

router = APIRouter(tags=["bookings"], route_class=ThreadedRoute)


class RulesBody(RequestBody):
    closed_days: list[Day] = Field(
        default_factory=list, max_length=MAX_CLOSED_DAYS, description="Days with no bookings."
    )
    horizon_days: int = Field(
        DEFAULT_HORIZON_DAYS,
        ge=1,
        le=MAX_HORIZON_DAYS,
        description="How many days ahead callers may book.",
    )
    min_notice_minutes: int = Field(
        DEFAULT_NOTICE_MINUTES,
        ge=0,
        le=MAX_NOTICE_MINUTES,
        description="How long before its start a booking may be made at the latest.",
    )


@router.get(
    "/booking-rules", response_model=RulesBody, summary="The booking rules", dependencies=[READ]
)
def rules(db: TenantDb) -> RulesBody:
    return RulesBody(**vars(booking_rules(session=db)))


@router.put(
    "/booking-rules",
    response_model=RulesBody,
    summary="Set the booking rules (administrators)",
    dependencies=[MANAGE],
)
def set_rules(body: RulesBody, caller: Writer, db: TenantDb) -> RulesBody:
    saved = update_booking_rules(
        session=db, spec=RulesSpec(**body.model_dump()), actor=acting_user(db, caller)
    )
    db.commit()
    return RulesBody(**vars(saved))
