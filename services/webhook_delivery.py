"""Delivering the queued call events (services.call_events) to the customers' webhooks.

The delivery job (`deliver_pending`, every minute) POSTs what is due:

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
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from core.catalogue import N_
from core.encryption import CredentialCipher, CredentialDecryptError
from core.logging import redact
from models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from models.base import utcnow
from models.scoping import staff_session, tenant_session
from services.call_events import TEST_EVENT
from services.errors import NotFound, ValidationFailed
from services.webhook_http import BlockedAddress, check_webhook_url

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
LOST_SECRET = N_("The signing secret cannot be read any more; please save the address again.")  # noqa: S105


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
