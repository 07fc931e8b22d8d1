"""`POST /webhooks/stripe` on the portal's FastAPI app: read the body, hand it to the service.

The body is read with a cap before the signature can be checked: anyone may post here, and
an unbounded read let one 64 MiB request cost seconds and keep ~190 MB. Stripe's events are
a few KiB (an invoice event embeds at most ten lines), so MAX_BODY_BYTES = 256 KiB leaves
room to spare; a larger body is refused with 413 by its Content-Length, or as soon as the
stream passes the cap.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from core.settings import Settings
from services.customer_portal import PaymentsUnavailable
from services.platform_keys import platform_payments, with_platform_keys
from services.stripe_webhooks import InvalidWebhook, handle_event

MAX_BODY_BYTES = 256 * 1024
TOO_LARGE = f"A Stripe event has at most {MAX_BODY_BYTES // 1024} KiB."
STRIPE_AWAY = "Stripe could not be asked about this event now; please send it again."


class BodyTooLarge(Exception):
    pass


def webhook_router(*, settings: Settings, session_factory: sessionmaker[Session]) -> APIRouter:
    router = APIRouter()

    def handle(payload: bytes, signature: str | None) -> str:
        # The keys staff stored win over the environment's (services/platform_keys).
        keys = with_platform_keys(settings, session_factory)
        return handle_event(
            session_factory=session_factory,
            payload=payload,
            signature=signature,
            secret=keys.stripe_webhook_secret.get_secret_value(),
            payments=platform_payments(keys),
            grace_days=settings.billing_grace_days,
        )

    @router.post("/webhooks/stripe")
    async def stripe_webhook(request: Request) -> Response:
        try:
            payload = await read_capped(request, MAX_BODY_BYTES)
        except BodyTooLarge:
            return Response(TOO_LARGE, status_code=413, media_type="text/plain")
        try:
            # Database work: off the event loop, so one slow delivery never stalls the portal.
            outcome = await run_in_threadpool(
                handle, payload, request.headers.get("stripe-signature")
            )
        except InvalidWebhook as error:
            return Response(str(error), status_code=400, media_type="text/plain")
        except PaymentsUnavailable:  # logged by the service; nothing stored, Stripe retries
            return Response(STRIPE_AWAY, status_code=503, media_type="text/plain")
        return Response(outcome, status_code=200, media_type="text/plain")

    return router


async def read_capped(request: Request, max_bytes: int) -> bytes:
    """The body, or BodyTooLarge as soon as it is declared or streamed beyond `max_bytes`."""
    declared = request.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > max_bytes:
        raise BodyTooLarge
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_bytes:
            raise BodyTooLarge
        chunks.append(chunk)
    return b"".join(chunks)
