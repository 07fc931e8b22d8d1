"""Before audio: a media stream becomes a call, or is turned away.

Wait for `start` (everything before it but `connected` is dropped unprocessed), redeem its
one-time token, load the bot and the call, choose the engines — and build the call's state
in one piece. A stream that sends no `start` in time, a bad or replayed token, another
account's call or a call the database has closed is refused (1008) before any call task
starts.
"""

from __future__ import annotations

import asyncio
import logging
import time

from core import log_context
from core.tokens import InvalidTokenError
from services.twilio_accounts import TwilioAccount
from voice_runtime import media_protocol
from voice_runtime.call_control import CallControl, TwilioCallControl
from voice_runtime.call_state import CallClock, CallState
from voice_runtime.inbound import Inbound
from voice_runtime.receiver import cut_off
from voice_runtime.runtime import Runtime
from voice_runtime.stream_io import StreamClosed, StreamIO
from voice_runtime.stream_limits import StreamLimits
from voice_runtime.stream_tokens import StreamGrant

log = logging.getLogger(__name__)


async def open_call(
    runtime: Runtime, io: StreamIO, *, account: TwilioAccount | None = None
) -> CallState | None:
    """The call's state, or None when the stream was refused (and closed)."""
    limits = StreamLimits()
    inbound = Inbound(runtime.metrics, limits)
    start = await _await_start(runtime, io, inbound, limits)
    if start is None:
        return None
    grant = await _redeem(runtime, io, start, account)
    if grant is None:
        return None
    context = await runtime.blocking(
        runtime.store.load_context,
        tenant_id=grant.tenant_id,
        bot_id=grant.bot_id,
        call_id=grant.call_id,
    )
    if context is None:
        log.warning("media stream for call %s refused: the call has ended", grant.call_sid)
        await _refuse(runtime, io)
        return None
    log_context.call_id.set(grant.call_sid)  # this call's tasks log with its SID
    inbound.call_sid = grant.call_sid
    engines = runtime.engine_factory(context.profile, context.credentials)
    if runtime.desks is not None:  # the dialogue books and takes messages through it
        engines.use_desk(
            runtime.desks.for_call(
                runtime.blocking,
                tenant_id=grant.tenant_id,
                bot_id=grant.bot_id,
                call_id=grant.call_id,
            )
        )
    return CallState(
        runtime=runtime,
        io=io,
        account=account,
        stream_sid=start.stream_sid,
        grant=grant,
        profile=context.profile,
        engines=engines,
        call_control=await _call_control(runtime, account),
        limits=limits,
        inbound=inbound,
        clock=CallClock.starting_at(time.monotonic()),
    )


async def _call_control(runtime: Runtime, account: TwilioAccount | None) -> CallControl:
    if account is None:  # ours, with the keys as they are now (platform_account.py)
        return (await runtime.platform_keys()).call_control
    # The call is in the tenant's own Twilio account, not ours: only its token can move it.
    return TwilioCallControl(
        account.sid, account.token, api_base_url=runtime.settings.twilio_api_base_url
    )


async def _await_start(
    runtime: Runtime, io: StreamIO, inbound: Inbound, limits: StreamLimits
) -> media_protocol.Start | None:
    deadline = time.monotonic() + runtime.timings.start_timeout_seconds
    while True:
        remaining = deadline - time.monotonic()
        try:
            async with asyncio.timeout(max(0, remaining)):  # keeps a cancellation
                text = await io.receive_text()
        except TimeoutError:
            log.warning("media stream sent no start in time; closing it")
            await io.close(1008)
            return None
        except StreamClosed:
            return None
        frame = inbound.parse(text, time.monotonic())
        if isinstance(frame, media_protocol.Start):
            return frame
        if limits.flooding:
            await cut_off(io, limits, runtime.metrics, call_sid="?")
            return None
        await asyncio.sleep(0)  # see Receiver.run


async def _redeem(
    runtime: Runtime,
    io: StreamIO,
    start: media_protocol.Start,
    account: TwilioAccount | None,
) -> StreamGrant | None:
    token = start.custom_parameters.get("token", "")
    try:
        grant = await runtime.blocking(runtime.tokens.redeem, token, call_sid=start.call_sid)
    except InvalidTokenError as error:
        log.warning("media stream for call %s refused: %s", start.call_sid, error)
        await _refuse(runtime, io)
        return None
    if account is not None and grant.tenant_id != account.tenant_id:
        log.warning("media stream for call %s refused: another account's", start.call_sid)
        await _refuse(runtime, io)
        return None
    return grant


async def _refuse(runtime: Runtime, io: StreamIO) -> None:
    runtime.metrics.streams_refused += 1
    await io.close(1008)
