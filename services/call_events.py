"""Signed call events for the customer's own webhook.

A tenant's administrator saves one URL in the portal and gets a signing secret, shown once.
When a call is finished, `queue_call_completed` writes one delivery per enabled endpoint in
the same transaction; the delivery job (`deliver_pending`, every minute) POSTs what is due:

    POST <url>
    Content-Type: application/json
    VoiceAgent-Event: call.completed
    VoiceAgent-Delivery: evt_…            (the event's id, the same on every retry)
    VoiceAgent-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the secret>

Any 2xx answer delivers it. Anything else — another status, a redirect (never followed), a
timeout after 5 s — is tried again after 1, 5 and 30 minutes, 2 and 12 hours, then the
delivery is failed. A delivery is claimed in one short transaction and its result written in
another, so no database lock is held while a customer's server takes its time.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from core.catalogue import N_
from core.encryption import CredentialCipher, CredentialDecryptError
from core.logging import redact
from models import Call, CallTurn, DeliveryStatus, User, WebhookDelivery, WebhookEndpoint
from models.base import utcnow
from models.scoping import session_tenant_id, staff_session, tenant_session
from services.audit import record_audit
from services.errors import Conflict, NotFound, ValidationFailed
from services.permissions import Action, require
from services.webhook_http import BlockedAddress, check_webhook_url

CALL_COMPLETED = "call.completed"
BOOKING_CREATED = "booking.created"
BOOKING_MOVED = "booking.moved"
BOOKING_CANCELLED = "booking.cancelled"
MESSAGE_TAKEN = "message.taken"
TEST_EVENT = "webhook.test"
SECRET_PREFIX = "whsec_"  # noqa: S105 — a label, not a secret (and core.logging redacts it)
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
# A claimed delivery is skipped by other workers this long; a worker that dies mid-send
# leaves it to be tried again after that. A batch's POSTs (5 s timeouts, PARALLEL at a time)
# end well within it.
LEASE = timedelta(minutes=2)
BATCH, PARALLEL = 32, 8
# One run of the job stops claiming after this, so runs a minute apart do not pile up.
BUDGET_S = 40.0
NO_ENDPOINT = N_("There is no webhook address yet.")
LOST_SECRET = N_("The signing secret cannot be read any more; please save the address again.")  # noqa: S105


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
    record_audit(
        session=session,
        actor=actor,
        action=action,
        entity_type="WebhookEndpoint",
        entity_id=endpoint.id,
        tenant_id=endpoint.tenant_id,
        before=before,
        after={"url": endpoint.url, "enabled": endpoint.enabled},
    )


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
    if moment is None:
        return None
    if moment.tzinfo is None:  # SQLite hands back naive datetimes; ours are all UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


# -- delivering ----------------------------------------------------------------------------


def signature_header(secret: str, body: bytes, timestamp: int) -> str:
    """`t=<timestamp>,v1=<hex HMAC-SHA256 of "<timestamp>.<body>" keyed with the secret>`."""
    signed = f"{timestamp}.".encode() + body
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


@dataclass(frozen=True)
class DeliveryRun:
    delivered: int = 0
    retrying: int = 0
    failed: int = 0


@dataclass(frozen=True)
class _Attempt:
    """What one POST needs, read out of the database before any network call."""

    delivery_id: int
    event_id: str
    event_type: str
    url: str
    secret: str | None  # None: it cannot be decrypted any more
    body: bytes
    attempt: int
    max_attempts: int


@dataclass(frozen=True)
class DeliveryResult:
    delivered: bool
    status_code: int | None = None
    error: str | None = None


def deliver_pending(
    *,
    session_factory: sessionmaker[Session],
    cipher: CredentialCipher,
    http_client: httpx.Client,
    allow_loopback: bool,
    now: datetime | None = None,
    batch: int = BATCH,
    budget_s: float = BUDGET_S,
) -> DeliveryRun:
    """POST the due deliveries of every tenant (a job: staff sessions), a batch at a time,
    PARALLEL at once, until none is due or `budget_s` is spent; the rest waits for the next
    run. Sending in parallel keeps one slow customer from holding up everybody else's."""
    now = now or utcnow()

    def open_session() -> Session:
        return staff_session(session_factory)

    def post(attempt: _Attempt) -> DeliveryResult:
        return _post(http_client, attempt, allow_loopback=allow_loopback)

    counts = {DeliveryStatus.DELIVERED: 0, DeliveryStatus.PENDING: 0, DeliveryStatus.FAILED: 0}
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=PARALLEL, thread_name_prefix="webhook") as pool:
        while time.monotonic() - started < budget_s:
            attempts = _claim(open_session, cipher, now, limit=batch, event_id=None)
            # Only the POSTs run in threads; the database is written from this one.
            for attempt, result in zip(attempts, pool.map(post, attempts), strict=True):
                counts[_record(open_session, attempt, result, now)] += 1
            if len(attempts) < batch:
                break
    return DeliveryRun(
        delivered=counts[DeliveryStatus.DELIVERED],
        retrying=counts[DeliveryStatus.PENDING],
        failed=counts[DeliveryStatus.FAILED],
    )


def deliver_event_now(
    *,
    session_factory: sessionmaker[Session],
    tenant_id: int,
    event_id: str,
    cipher: CredentialCipher,
    http_client: httpx.Client,
    allow_loopback: bool,
) -> DeliveryResult:
    """POST one of the tenant's deliveries at once (the portal's "send test event"), through
    the tenant's own sessions. NotFound when it is not due or not the tenant's."""

    def open_session() -> Session:
        return tenant_session(session_factory, tenant_id)

    now = utcnow()
    attempts = _claim(open_session, cipher, now, limit=1, event_id=event_id)
    if not attempts:
        raise NotFound(N_("This event is not waiting to be sent."))
    result = _post(http_client, attempts[0], allow_loopback=allow_loopback)
    _record(open_session, attempts[0], result, now)
    return result


def _claim(
    open_session: Callable[[], Session],
    cipher: CredentialCipher,
    now: datetime,
    *,
    limit: int,
    event_id: str | None,
) -> list[_Attempt]:
    query = (
        select(WebhookDelivery, WebhookEndpoint)
        .join(WebhookDelivery.endpoint)
        .where(
            WebhookDelivery.status == DeliveryStatus.PENDING,
            WebhookDelivery.next_attempt_at <= now,
            WebhookEndpoint.enabled.is_(True),
        )
        .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
        .limit(limit)
        .with_for_update(skip_locked=True, of=WebhookDelivery)
    )
    if event_id is not None:
        query = query.where(WebhookDelivery.event_id == event_id)
    attempts = []
    with open_session() as session, session.begin():
        for delivery, endpoint in session.execute(query):
            allowed = _max_attempts(delivery.event_type)
            if delivery.attempts >= allowed:  # its worker died on the last attempt
                delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
                continue
            delivery.attempts += 1
            delivery.next_attempt_at = now + LEASE
            attempts.append(
                _Attempt(
                    delivery_id=delivery.id,
                    event_id=delivery.event_id,
                    event_type=delivery.event_type,
                    url=endpoint.url,
                    secret=_secret(cipher, endpoint),
                    body=json.dumps(delivery.payload, ensure_ascii=False).encode(),
                    attempt=delivery.attempts,
                    max_attempts=allowed,
                )
            )
    return attempts


def _max_attempts(event_type: str) -> int:
    return 1 if event_type == TEST_EVENT else MAX_ATTEMPTS


def _secret(cipher: CredentialCipher, endpoint: WebhookEndpoint) -> str | None:
    try:
        return cipher.decrypt(endpoint.encrypted_secret)
    except CredentialDecryptError:
        return None


def _post(client: httpx.Client, attempt: _Attempt, *, allow_loopback: bool) -> DeliveryResult:
    """One POST. Only the status line is read: the answer's body is none of our business."""
    if attempt.secret is None:
        return DeliveryResult(False, error=LOST_SECRET)
    try:
        check_webhook_url(attempt.url, allow_loopback=allow_loopback)
    except ValidationFailed:  # saved under older rules, or the settings changed since
        return DeliveryResult(False, error=N_("This address is not allowed."))
    # The signature's time is the real clock's: receivers compare it with theirs.
    headers = {
        "Content-Type": "application/json",
        "VoiceAgent-Event": attempt.event_type,
        "VoiceAgent-Delivery": attempt.event_id,
        "VoiceAgent-Signature": signature_header(attempt.secret, attempt.body, int(time.time())),
    }
    try:
        with client.stream("POST", attempt.url, content=attempt.body, headers=headers) as answer:
            status = answer.status_code
    except BlockedAddress:
        return DeliveryResult(False, error=N_("The address is in a private network."))
    except httpx.TimeoutException:
        return DeliveryResult(False, error=N_("No answer within 5 seconds."))
    except httpx.HTTPError:
        return DeliveryResult(False, error=N_("Could not connect to the address."))
    if 200 <= status < 300:
        return DeliveryResult(True, status_code=status)
    if 300 <= status < 400:
        return DeliveryResult(False, status_code=status, error=N_("Redirects are not followed."))
    return DeliveryResult(False, status_code=status, error=f"HTTP {status}")


def _record(
    open_session: Callable[[], Session], attempt: _Attempt, result: DeliveryResult, now: datetime
) -> DeliveryStatus:
    with open_session() as session, session.begin():
        delivery = session.get(WebhookDelivery, attempt.delivery_id)
        if delivery is None:  # the endpoint was deleted meanwhile
            return DeliveryStatus.FAILED
        delivery.last_status_code = result.status_code
        if result.delivered:
            delivery.status, delivery.delivered_at = DeliveryStatus.DELIVERED, utcnow()
            delivery.next_attempt_at, delivery.last_error = None, None
        elif attempt.attempt >= attempt.max_attempts:
            delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
            delivery.last_error = redact(result.error or "")[:500]
        else:
            delivery.next_attempt_at = now + RETRY_DELAYS[attempt.attempt - 1]
            delivery.last_error = redact(result.error or "")[:500]
        return delivery.status
