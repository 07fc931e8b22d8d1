"""Privacy (administrators): the account's retention periods, and one caller's data by phone
number — exported as a zip of JSON and CSV (GDPR Art. 15/20) or erased (Art. 17).

The number travels in the request body, never in the URL, so it stays out of access logs.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field, StringConstraints

from customer_ui.api.fields import RequestBody
from customer_ui.api.routing import ThreadedRoute
from customer_ui.api.security import TenantDb, Writer, acting_user, requires
from services import caller_data, retention
from services.permissions import Action
from services.tenant_settings import own_tenant

router = APIRouter(
    prefix="/privacy",
    tags=["privacy"],
    route_class=ThreadedRoute,
    dependencies=[requires(Action.PRIVACY)],
)

Number = Annotated[str, StringConstraints(min_length=1, max_length=40)]


class RetentionBody(RequestBody):
    transcript_days: int = Field(ge=1, le=3650, description="Transcripts are deleted after.")
    call_months: int = Field(
        ge=1, le=120, description="Caller numbers of calls are cut to the country code after."
    )
    booking_months: int = Field(
        ge=1, le=120, description="Finished bookings lose the caller's name and number after."
    )
    message_days: int = Field(ge=1, le=3650, description="Messages are deleted after.")


class CallerBody(RequestBody):
    number: Number = Field(description="The caller's phone number, e.g. +43 664 1234567.")


class ErasedOut(BaseModel):
    counts: dict[str, int] = Field(description="Rows erased or anonymised, per table.")


@router.get("/retention", response_model=RetentionBody, summary="How long callers' data is kept")
def read_retention(db: TenantDb) -> RetentionBody:
    return RetentionBody(**vars(retention.RetentionSettings.of(own_tenant(session=db))))


@router.put("/retention", response_model=RetentionBody, summary="Change the retention periods")
def change_retention(body: RetentionBody, caller: Writer, db: TenantDb) -> RetentionBody:
    wanted = retention.RetentionSettings(**body.model_dump())
    retention.update_retention(session=db, actor=acting_user(db, caller), wanted=wanted)
    db.commit()
    return body


@router.post(
    "/callers/export",
    response_class=Response,
    summary="Everything held about one caller (zip of JSON and CSV)",
    responses={200: {"content": {"application/zip": {}}, "description": "The zip file."}},
)
def export_caller(body: CallerBody, caller: Writer, db: TenantDb) -> Response:
    """A read-and-write token: the export is recorded in the audit log, and hands out more
    personal data than any read."""
    actor = acting_user(db, caller)
    content = caller_data.export_caller(session=db, actor=actor, number=body.number)
    db.commit()  # the audit event
    return Response(
        content=content,
        media_type="application/zip",
        headers={"Content-Disposition": 'attachment; filename="caller-data.zip"'},
    )


@router.post(
    "/callers/erase",
    response_model=ErasedOut,
    summary="Erase one caller: calls stay only as anonymous usage",
)
def erase_caller(body: CallerBody, caller: Writer, db: TenantDb) -> ErasedOut:
    erased = caller_data.erase_caller(session=db, actor=acting_user(db, caller), number=body.number)
    db.commit()
    return ErasedOut(counts=erased.counts)
