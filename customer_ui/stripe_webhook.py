"""`POST /webhooks/stripe` on the portal's FastAPI app: read the body, hand it to the service.

The portal's app factory calls `configure(app, settings=..., session_factory=...)`; until it
has, the route answers 503 so Stripe keeps the event and delivers it again later.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from fastapi import APIRouter, FastAPI, Request, Response
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from core.settings import Settings
from services.stripe_webhooks import InvalidWebhook, handle_event

log = logging.getLogger(__name__)
router = APIRouter()


@dataclass(frozen=True)
class _Wiring:
    settings: Settings
    session_factory: sessionmaker[Session]


def configure(app: FastAPI, *, settings: Settings, session_factory: sessionmaker[Session]) -> None:
    app.state.stripe_webhook = _Wiring(settings, session_factory)


@router.post("/webhooks/stripe")
async def stripe_webhook(request: Request) -> Response:
    wiring: _Wiring | None = getattr(request.app.state, "stripe_webhook", None)
    if wiring is None:
        log.error("the Stripe webhook is not configured; call stripe_webhook.configure()")
        return Response("Not ready, please retry.", status_code=503, media_type="text/plain")
    payload = await request.body()
    try:
        # Database work: off the event loop, so one slow delivery never stalls the portal.
        outcome = await run_in_threadpool(
            handle_event,
            session_factory=wiring.session_factory,
            payload=payload,
            signature=request.headers.get("stripe-signature"),
            secret=wiring.settings.stripe_webhook_secret.get_secret_value(),
            grace_days=wiring.settings.billing_grace_days,
        )
    except InvalidWebhook as error:
        return Response(str(error), status_code=400, media_type="text/plain")
    return Response(outcome, status_code=200, media_type="text/plain")
