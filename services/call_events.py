"""Signed call events for the customer's own webhook: the endpoint and the events queued
for it.

A tenant's administrator saves one URL in the portal and gets a signing secret, shown once.
When a call is finished, `queue_call_completed` writes one delivery per enabled endpoint in
the same transaction (bookings and messages likewise, through `queue_booking_event` and
`queue_message_taken`); services/webhook_delivery.py POSTs what is due, signed, and retries.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.catalogue import N_
from core.encryption import CredentialCipher
from models import Call, CallTurn, DeliveryStatus, User, WebhookDelivery, WebhookEndpoint
from models.base import utcnow
from models.scoping import session_tenant_id
from services.audit import audit_row
from services.errors import Conflict, NotFound
from services.permissions import Action, require
from services.vienna_time import iso_utc
from services.webhook_http import check_webhook_url

CALL_COMPLETED = "call.completed"
BOOKING_CREATED = "booking.created"
BOOKING_MOVED = "booking.moved"
BOOKING_CANCELLED = "booking.cancelled"
MESSAGE_TAKEN = "message.taken"
TEST_EVENT = "webhook.test"
SECRET_PREFIX = "whsec_"  # noqa: S105 — a label, not a secret (and core.logging redacts it)
NO_ENDPOINT = N_("There is no webhook address yet.")


# -- the customer's endpoint (portal) ------------------------------------------------------


@dataclass(frozen=True)
class IssuedEndpoint:
    endpoint: WebhookEndpoint
    secret: str  # shown once, then only stored encrypted


def webhook_endpoint(*, session: Session) -> WebhookEndpoint | None:
    """The endpoint of the session's tenant (the portal offers one)."""
    if session_tenant_id(session) is None:  # a staff session would find anybody's
        raise ValueError("webhook endpoints are managed through the tenant's own session")
    return session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id)).first()


def set_webhook_endpoint(
    *, session: Session, cipher: CredentialCipher, actor: User, url: str, allow_loopback: bool
) -> IssuedEndpoint:
    """Save the tenant's webhook URL and give it a new signing secret, returned once.

    An existing endpoint is changed in place and switched on, so deliveries still waiting
    go to the new address, signed with the new secret."""
    require(actor, Action.WEBHOOKS)
    url = check_webhook_url(url, allow_loopback=allow_loopback)
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    endpoint = webhook_endpoint(session=session)
    before = {"url": endpoint.url, "enabled": endpoint.enabled} if endpoint else None
    if endpoint is None:
        endpoint = WebhookEndpoint(tenant_id=actor.tenant_id)
        session.add(endpoint)
    endpoint.url, endpoint.encrypted_secret, endpoint.enabled = url, cipher.encrypt(secret), True
    session.flush()
    _audit(session, actor, endpoint, "webhook.saved", before=before)
    return IssuedEndpoint(endpoint=endpoint, secret=secret)


def switch_webhook_endpoint(*, session: Session, actor: User, enabled: bool) -> None:
    """Turn deliveries off (they wait) or on again."""
    require(actor, Action.WEBHOOKS)
    endpoint = _existing_endpoint(session)
    endpoint.enabled = enabled
    session.flush()
    _audit(session, actor, endpoint, "webhook.enabled" if enabled else "webhook.disabled")


def delete_webhook_endpoint(*, session: Session, actor: User) -> None:
    """Forget the endpoint, its secret and its deliveries."""
    require(actor, Action.WEBHOOKS)
    endpoint = _existing_endpoint(session)
    _audit(session, actor, endpoint, "webhook.deleted")
    session.delete(endpoint)
    session.flush()


def queue_test_event(*, session: Session, actor: User) -> str:
    """A `webhook.test` event for the tenant's endpoint, due now; returns its event id.
    It is tried once: a test shows what happens now, it does not wait for a fix."""
    require(actor, Action.WEBHOOKS)
    endpoint = _existing_endpoint(session)
    if not endpoint.enabled:
        raise Conflict(N_("The webhook is turned off. Please turn it on first."))
    event_id, created = _new_event_id(), utcnow()
    payload = _envelope(event_id, TEST_EVENT, created, {"message": "Hello from VoiceAgent!"})
    session.add(_delivery(endpoint, event_id, TEST_EVENT, payload, call_id=None, due=created))
    session.flush()
    return event_id


def recent_deliveries(*, session: Session, limit: int = 10) -> list[WebhookDelivery]:
    """The session's tenant's latest deliveries, newest first."""
    query = select(WebhookDelivery).order_by(WebhookDelivery.id.desc()).limit(limit)
    return list(session.scalars(query))


def _existing_endpoint(session: Session) -> WebhookEndpoint:
    endpoint = webhook_endpoint(session=session)
    if endpoint is None:
        raise NotFound(NO_ENDPOINT)
    return endpoint


def _audit(
    session: Session,
    actor: User,
    endpoint: WebhookEndpoint,
    action: str,
    before: dict[str, Any] | None = None,
) -> None:
    after = {"url": endpoint.url, "enabled": endpoint.enabled}
    audit_row(session, actor, action, endpoint, before=before, after=after)


# -- queueing events -----------------------------------------------------------------------


def queue_call_completed(*, session: Session, call: Call) -> int:
    """One `call.completed` delivery per enabled endpoint of the call's tenant, in the
    caller's transaction; returns how many were queued. A call already queued for an
    endpoint is skipped, so repeating this does nothing.

    `session` must be bound to the call's tenant (models.scoping.tenant_session)."""
    if session_tenant_id(session) != call.tenant_id:
        raise ValueError("queue_call_completed needs a session bound to the call's tenant")
    endpoints = session.scalars(
        select(WebhookEndpoint).where(WebhookEndpoint.enabled.is_(True))
    ).all()
    if not endpoints:  # most tenants: one indexed lookup on the call's closing path
        return 0
    already = set(
        session.scalars(
            select(WebhookDelivery.endpoint_id).where(
                WebhookDelivery.call_id == call.id, WebhookDelivery.event_type == CALL_COMPLETED
            )
        )
    )
    due = [endpoint for endpoint in endpoints if endpoint.id not in already]
    if not due:
        return 0
    data = {"call": _call_data(session, call)}
    created = utcnow()
    for endpoint in due:
        event_id = _new_event_id()
        payload = _envelope(event_id, CALL_COMPLETED, created, data)
        session.add(_delivery(endpoint, event_id, CALL_COMPLETED, payload, call.id, created))
    session.flush()
    return len(due)


def queue_booking_event(*, session: Session, event_type: str, data: dict[str, Any]) -> int:
    """One booking event (`booking.created`, `.moved`, `.cancelled`) per enabled endpoint of the
    session's tenant, in the caller's transaction; returns how many were queued. `data` is
    the booking as services.bookings.booking_data shows it. The delivery names no call: one
    call may book several times, and the call's id is in the booking's data."""
    return _queue_tenant_event(session, event_type, {"booking": data})


def queue_message_taken(*, session: Session, data: dict[str, Any]) -> int:
    """One `message.taken` event per enabled endpoint of the session's tenant, in the
    caller's transaction; `data` is the message as services.messages.message_data shows it
    (its call's id included)."""
    return _queue_tenant_event(session, MESSAGE_TAKEN, {"message": data})


def _queue_tenant_event(session: Session, event_type: str, data: dict[str, Any]) -> int:
    if session_tenant_id(session) is None:
        raise ValueError(f"{event_type} events need a session bound to the tenant")
    endpoints = session.scalars(
        select(WebhookEndpoint).where(WebhookEndpoint.enabled.is_(True))
    ).all()
    created = utcnow()
    for endpoint in endpoints:
        event_id = _new_event_id()
        payload = _envelope(event_id, event_type, created, data)
        session.add(_delivery(endpoint, event_id, event_type, payload, None, created))
    session.flush()
    return len(endpoints)


def _call_data(session: Session, call: Call) -> dict[str, Any]:
    # Turns are read, not taken from `call.turns`: finish_call adds them after that
    # collection may have been loaded (empty).
    turns = session.scalars(
        select(CallTurn).where(CallTurn.call_id == call.id).order_by(CallTurn.seq)
    ).all()
    return {
        "id": call.id,
        "bot": {"id": call.bot_id, "name": call.bot.name},
        "from": call.from_number,
        "to": call.to_number,
        "language": call.language,
        "status": call.status.value,
        "outcome": call.outcome.value if call.outcome else None,
        "started_at": _iso(call.started_at),
        "answered_at": _iso(call.answered_at),
        "ended_at": _iso(call.ended_at),
        "duration_seconds": call.duration_seconds,
        "summary": call.summary,
        "summary_fields": call.summary_fields,
        "transcript": [
            {
                "speaker": turn.speaker.value,
                "text": turn.text,
                "started_ms": turn.started_ms,
                "ended_ms": turn.ended_ms,
                "interrupted": turn.interrupted,
            }
            for turn in turns
        ],
    }


def _envelope(event_id: str, event_type: str, created: datetime, data: dict) -> dict[str, Any]:
    return {"id": event_id, "type": event_type, "created": int(created.timestamp()), "data": data}


def _delivery(
    endpoint: WebhookEndpoint,
    event_id: str,
    event_type: str,
    payload: dict[str, Any],
    call_id: int | None,
    due: datetime,
) -> WebhookDelivery:
    return WebhookDelivery(
        tenant_id=endpoint.tenant_id,
        endpoint_id=endpoint.id,
        event_id=event_id,
        event_type=event_type,
        call_id=call_id,
        payload=payload,
        status=DeliveryStatus.PENDING,
        attempts=0,
        next_attempt_at=due,
    )


def _new_event_id() -> str:
    return "evt_" + uuid.uuid4().hex


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else iso_utc(moment)
