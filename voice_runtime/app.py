"""The voice runtime's ASGI app: Twilio's voice webhook, status callbacks, media streams.

    app = create_app(settings)                 # production wiring from the settings
    app = create_app(settings, session_factory=..., redis_client=..., engine_factory=...)

Every request from Twilio is signature-checked against a URL rebuilt from PUBLIC_BASE_URL
before anything else happens. Views stay short: the call logic is in call.py and the
processors it wires, the records in services/call_records.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass
from typing import Any, TypedDict
from urllib.parse import parse_qsl

import redis
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

from core.http_serving import KEEP_ALIVE_SECONDS
from core.settings import Settings
from integrations.dialogue.phrases import phrase
from integrations.speech.whisper_stt import WhisperPool
from models import CallOutcome
from services.call_records import ENDED_STATUSES, CallProgress, RouteStatus
from services.call_records import Route as CallRoute
from services.twilio_accounts import TwilioAccount
from voice_runtime import media_protocol
from voice_runtime.call import run_call
from voice_runtime.call_control import CallControl
from voice_runtime.cloud_engines import CloudServices
from voice_runtime.engines import EngineFactory, bot_engines
from voice_runtime.metrics import RuntimeMetrics
from voice_runtime.observability import observe
from voice_runtime.runtime import Runtime, Timings
from voice_runtime.signatures import (
    STATUS_PATH,
    STREAM_PATH,
    VOICE_PATH,
    SignatureChecker,
    public_url,
    stream_url,
)
from voice_runtime.stream_io import StreamClosed, StreamIO
from voice_runtime.stream_tokens import StreamGrant
from voice_runtime.twiml import connect_stream, hang_up, say_and_hang_up
from voice_runtime.wiring import OwnClients, build_runtime, serving

log = logging.getLogger(__name__)

TWIML = "application/xml"
MAX_FORM_BYTES = 32_000
# A voice webhook whose database work failed (PostgreSQL restarting, a lock) is answered again
# while Twilio waits (15 s): a call SID takes one row, slot and stream however often.
ANSWER_RETRY_SECONDS, ANSWER_RETRY_PAUSE_SECONDS = 8.0, 0.5
# uvicorn's options for this app. A WebSocket message larger than any Media Streams message
# is refused by the server before it is buffered (uvicorn's default takes 16 MiB), and
# nothing arrives compressed, so no small message can unpack into a large one.
# Idle kept-alive connections outlast their clients (core/http_serving.py): at uvicorn's 5 s
# a webhook sent as one closed was lost unread (tests/voice_runtime/test_kept_alive_webhook.py).
SERVER_OPTIONS: dict[str, Any] = {
    "ws_max_size": media_protocol.MAX_MESSAGE_CHARS,
    "ws_per_message_deflate": False,
    "timeout_keep_alive": KEEP_ALIVE_SECONDS,
}


def create_app(
    settings: Settings,
    *,
    session_factory: sessionmaker[Session] | None = None,
    redis_client: redis.Redis | None = None,
    engine_factory: EngineFactory | None = None,
    call_control: CallControl | None = None,
    metrics: RuntimeMetrics | None = None,
    timings: Timings | None = None,
    db_workers: int = 8,
) -> Starlette:
    """`engine_factory` None means production: each bot's chosen engines, cloud ones at the
    settings' base URLs with the offline engines as their fallback. The database and Redis
    are opened from the settings where none is given (voice_runtime/wiring.py)."""
    cloud = CloudServices.from_settings(settings)
    whisper: WhisperPool | None = None
    if engine_factory is None:
        # Checks the Whisper weights: a bad WHISPER_MODEL_DIR stops the start here.
        whisper = WhisperPool.from_settings(settings)
        engine_factory = bot_engines(cloud, whisper)
    own = OwnClients.open(settings, session_factory, redis_client, db_workers)
    runtime = build_runtime(
        settings,
        session_factory=own.session_factory,
        redis_client=own.redis_client,
        engine_factory=engine_factory,
        call_control=call_control,
        metrics=metrics,
        timings=timings,
        db_workers=db_workers,
    )
    app = Starlette(
        routes=[
            Route(VOICE_PATH, voice_webhook, methods=["POST"]),
            Route(STATUS_PATH, status_webhook, methods=["POST"]),
            WebSocketRoute(STREAM_PATH, media_stream),
            WebSocketRoute(STREAM_PATH + "/{account}", media_stream),
        ],
        lifespan=lambda _app: serving(runtime, cloud, whisper, own.engine),
    )
    app.state.runtime = runtime
    # /healthz, /readyz, /metrics and request timing (voice_runtime/observability.py).
    observe(app, runtime, session_factory=own.session_factory, redis_client=own.redis_client)
    return app


@dataclass(frozen=True)
class SignedForm:
    fields: dict[str, str]
    account: TwilioAccount | None  # the tenant's own account that signed it; None: ours


async def _signed_form(request: Request, path: str) -> SignedForm | None:
    """The webhook's form fields if the signature of the account it names holds for them,
    else None."""
    runtime: Runtime = request.app.state.runtime
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        return None
    try:
        params = dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    except UnicodeDecodeError:
        return None
    url = public_url(runtime.settings, path)
    if request.url.query:
        url += "?" + request.url.query
    signature = request.headers.get("x-twilio-signature")
    account = await _tenant_account(runtime, params.get("AccountSid", "")[:64])
    if account is not None:
        signed = SignatureChecker(account.token).is_valid(url, params, signature)
    else:
        signed = await _platform_signed(runtime, url, params, signature)
    return SignedForm(params, account) if signed else None


async def _platform_signed(
    runtime: Runtime, url: str, params: dict[str, str], signature: str | None
) -> bool:
    """Signed with the platform's token: the one the runtime holds, or — when that fails —
    a new one staff have stored since (voice_runtime/platform_account.py)."""
    keys = await runtime.platform_keys()
    if keys.signatures.is_valid(url, params, signature):
        return True
    if not signature:
        return False
    renewed = await runtime.blocking(runtime.platform.recheck)
    return renewed is not None and renewed.signatures.is_valid(url, params, signature)


async def _tenant_account(runtime: Runtime, account_sid: str) -> TwilioAccount | None:
    """The tenant's own account `account_sid` names; None for ours (or one nobody has, whose
    requests then meet our token and fail)."""
    if not account_sid or account_sid == (await runtime.platform_keys()).account_sid:
        return None
    try:
        return await runtime.blocking(runtime.store.twilio_account, account_sid)
    except SQLAlchemyError:  # the database is away: only our own account's calls get through
        log.warning("the account of a Twilio request could not be looked up")
        return None


async def voice_webhook(request: Request) -> Response:
    signed = await _signed_form(request, VOICE_PATH)
    if signed is None:
        return PlainTextResponse("Forbidden", status_code=403)
    runtime: Runtime = request.app.state.runtime
    form = signed.fields
    call = CallerLine(
        call_sid=form.get("CallSid", "")[:64],
        from_number=form.get("From", ""),
        to_number=form.get("To", ""),
    )
    deadline = time.monotonic() + ANSWER_RETRY_SECONDS
    while True:
        try:
            twiml = await runtime.blocking(answer_call, runtime, **call, account=signed.account)
        except Exception as error:
            if isinstance(error, SQLAlchemyError) and time.monotonic() < deadline:
                log.warning("voice webhook: the database failed (%r); answering again", error)
                await asyncio.sleep(ANSWER_RETRY_PAUSE_SECONDS)
                continue
            log.exception("voice webhook failed")
            twiml = say_and_hang_up(phrase("error", runtime.settings.default_locale), "de-AT")
        return Response(twiml, media_type=TWIML)


class CallerLine(TypedDict):
    call_sid: str
    from_number: str
    to_number: str


def answer_call(
    runtime: Runtime,
    *,
    call_sid: str,
    from_number: str,
    to_number: str,
    account: TwilioAccount | None = None,
) -> str:
    """TwiML for an incoming call: the media stream, or a polite line and hang-up.

    A call SID gets one conversation. A webhook for a call that has ended, or whose media
    stream has begun, is a replay and is hung up. One for an open call without a stream yet
    is Twilio retrying a webhook whose answer it may never have received: it gets a stream
    again, and since the first `start` claims the call SID, only one stream ever talks.
    A call signed by a tenant's own account reaches that tenant's bots only."""
    settings = runtime.settings
    if not call_sid:
        return say_and_hang_up(phrase("unavailable", settings.default_locale), "de-AT")
    progress = runtime.store.progress(call_sid)
    if progress == CallProgress.ENDED or (
        progress == CallProgress.OPEN and runtime.tokens.stream_started(call_sid)
    ):
        log.warning("voice webhook for call %s again (%s call); hanging up", call_sid, progress)
        return hang_up()
    route = runtime.store.route(to_number, settings.default_locale)
    turned_away = {
        RouteStatus.TENANT_SUSPENDED: "unavailable",
        RouteStatus.BOT_UNAVAILABLE: "unavailable",
        # Callers never hear about their host's bill (services/spending.py).
        RouteStatus.SPENDING_LIMIT: "unavailable",
        RouteStatus.NO_PAYMENT_METHOD: "unavailable",
    }
    if route.status == RouteStatus.UNKNOWN_NUMBER or (
        account is not None and route.tenant_id != account.tenant_id
    ):
        log.info("call %s to an unknown number", call_sid)
        return say_and_hang_up(phrase("unavailable", route.language), route.language)
    call = CallerLine(call_sid=call_sid, from_number=from_number, to_number=to_number)
    if route.status in turned_away:
        return _turn_away(runtime, route, call, turned_away[route.status])
    assert route.tenant_id is not None and route.bot_id is not None
    if not runtime.slots.acquire(
        tenant_id=route.tenant_id, call_sid=call_sid, limit=route.max_concurrent_calls
    ):
        return _turn_away(runtime, route, call, "busy")
    try:
        call_id = runtime.store.open(route, **call)
    except Exception:  # not recorded, so not on the line (a second answer takes it again)
        runtime.slots.release(tenant_id=route.tenant_id, call_sid=call_sid)
        raise
    token = runtime.tokens.issue(
        StreamGrant(
            call_id=call_id, call_sid=call_sid, tenant_id=route.tenant_id, bot_id=route.bot_id
        )
    )
    return connect_stream(stream_url(settings, account.sid if account else None), token)


def _turn_away(runtime: Runtime, route: CallRoute, call: CallerLine, reason: str) -> str:
    """A call not taken: stored as closed, then counted as rejected — after the write, as
    the webhook answers again when it fails and a count taken before it counted the call
    once per attempt. TwiML saying `reason` (a phrase) and hanging up."""
    runtime.store.open(route, outcome=CallOutcome.REJECTED, **call)
    runtime.metrics.outcomes[CallOutcome.REJECTED] += 1
    return say_and_hang_up(phrase(reason, route.language), route.language)


async def status_webhook(request: Request) -> Response:
    signed = await _signed_form(request, STATUS_PATH)
    if signed is None:
        return PlainTextResponse("Forbidden", status_code=403)
    runtime: Runtime = request.app.state.runtime
    form = signed.fields
    duration = form.get("CallDuration", "")
    call_sid = form.get("CallSid", "")[:64]
    status = form.get("CallStatus", "")
    tenant_id = await runtime.blocking(
        runtime.store.status_callback,
        call_sid=call_sid,
        status=status,
        duration=int(duration) if duration.isdigit() else None,
        only_tenant=signed.account.tenant_id if signed.account else None,
    )
    if tenant_id is not None and status in ENDED_STATUSES:
        # A call that ended before its media stream opened (the caller hung up while it
        # rang) has no session to release its slot, which would count against the tenant's
        # limit until it expires (SLOT_TTL_SECONDS). A session still running puts its slot
        # back at its next heartbeat and releases it when it ends.
        await runtime.blocking(runtime.slots.release, tenant_id=tenant_id, call_sid=call_sid)
    return Response(status_code=204)


async def media_stream(websocket: WebSocket) -> None:
    runtime: Runtime = websocket.app.state.runtime
    signature = websocket.headers.get("x-twilio-signature")
    account_sid = websocket.path_params.get("account")
    account = await _tenant_account(runtime, account_sid[:64]) if account_sid else None
    url = stream_url(runtime.settings, account_sid)
    if account is not None:
        signed = SignatureChecker(account.token).is_valid(url, {}, signature)
    else:
        signed = not account_sid and await _platform_signed(runtime, url, {}, signature)
    if not signed:
        log.warning("media stream refused: bad signature")
        runtime.metrics.streams_refused += 1
        await websocket.close(code=1008)  # before accept: the upgrade is answered with 403
        return
    await websocket.accept()

    async def receive_text() -> str:
        try:
            message = await websocket.receive()
        except (WebSocketDisconnect, RuntimeError):
            raise StreamClosed from None
        if message["type"] == "websocket.disconnect":
            raise StreamClosed
        text = message.get("text")
        return text if text is not None else (message.get("bytes") or b"").decode("latin-1")

    async def close(code: int) -> None:
        with contextlib.suppress(Exception):
            await websocket.close(code=code)

    await run_call(runtime, StreamIO(receive_text, websocket.send_text, close), account=account)
