"""Messages the phone bot took for you: the list (newest first, paged by id), one message,
and marking one done. Every member may read and handle them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from customer_ui.api.fields import MAX_ID, ResourceId
from customer_ui.api.routing import ThreadedRoute
from customer_ui.api.security import TenantDb, Writer, acting_user, requires
from models import Message, MessageStatus
from services import messages as inbox
from services.permissions import Action

router = APIRouter(
    prefix="/messages",
    tags=["messages"],
    route_class=ThreadedRoute,
    dependencies=[requires(Action.MESSAGES)],
)


class MessageOut(BaseModel):
    id: int
    bot_id: int
    bot_name: str
    call_id: int | None = Field(description="The call it was taken on; null once deleted.")
    caller_name: str
    caller_phone: str
    about: str
    status: MessageStatus
    created_at: datetime
    handled_at: datetime | None


class MessageList(BaseModel):
    items: list[MessageOut]
    next_before: int | None = Field(
        description="Pass as `before` for the next (older) page; null at the end."
    )


@router.get("", response_model=MessageList, summary="Messages taken by your bots, newest first")
def list_messages(
    db: TenantDb,
    status: MessageStatus | None = None,
    before: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="Only messages older than this id.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=inbox.MAX_PER_PAGE)] = 50,
) -> MessageList:
    found = inbox.list_messages(session=db, status=status, before_id=before, limit=limit + 1)
    page = found[:limit]
    return MessageList(
        items=[_out(m) for m in page],
        next_before=page[-1].id if len(found) > limit else None,
    )


@router.get("/{message_id}", response_model=MessageOut, summary="One message")
def message(message_id: ResourceId, db: TenantDb) -> MessageOut:
    return _out(inbox.get_message(session=db, message_id=message_id))


@router.post(
    "/{message_id}/done",
    response_model=MessageOut,
    summary="Mark a message done",
    description="Marking a done message again changes nothing.",
)
def mark_done(message_id: ResourceId, caller: Writer, db: TenantDb) -> MessageOut:
    done = inbox.mark_done(session=db, message_id=message_id, actor=acting_user(db, caller))
    db.commit()
    return _out(done)


def _out(message: Message) -> MessageOut:
    return MessageOut(
        id=message.id,
        bot_id=message.bot_id,
        bot_name=message.bot.name,
        call_id=message.call_id,
        caller_name=message.caller_name,
        caller_phone=message.caller_phone,
        about=message.about,
        status=message.status,
        created_at=message.created_at,
        handled_at=message.handled_at,
    )
