"""`POST /webhooks/stripe` on the portal's FastAPI app: read the body, hand it to the service."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from core.settings import Settings
from services.stripe_webhooks import InvalidWebhook, handle_event


def webhook_router(*, settings: Settings, session_factory: sessionmaker[Session]) -> APIRouter:
    router = APIRouter()

    @router.post("/webhooks/stripe")
    async def stripe_webhook(request: Request) -> Response:
        payload = await request.body()
        try:
            # Database work: off the event loop, so one slow delivery never stalls the portal.
            outcome = await run_in_threadpool(
                handle_event,
                session_factory=session_factory,
                payload=payload,
                signature=request.headers.get("stripe-signature"),
                secret=settings.stripe_webhook_secret.get_secret_value(),
                grace_days=settings.billing_grace_days,
            )
        except InvalidWebhook as error:
            return Response(str(error), status_code=400, media_type="text/plain")
        return Response(outcome, status_code=200, media_type="text/plain")

    return router
