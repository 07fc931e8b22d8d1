"""What one call holds, known once its stream is admitted and before any of its tasks
starts (call_opening.py builds it; call.py wires the processors over it)."""

from __future__ import annotations

from dataclasses import dataclass, field

from integrations.dialogue.base import BotProfile, HistoryTurn
from services.twilio_accounts import TwilioAccount
from voice_runtime.call_control import CallControl
from voice_runtime.engines import EngineSet
from voice_runtime.inbound import Inbound
from voice_runtime.runtime import Runtime
from voice_runtime.stream_io import StreamIO
from voice_runtime.stream_limits import StreamLimits
from voice_runtime.stream_tokens import StreamGrant


def milliseconds(seconds: float) -> int:
    return round(seconds * 1000)


@dataclass
class CallClock:
    """The call's time, in monotonic seconds: when it began, and when someone last spoke
    or the bot last finished a reply (the silence timeout counts from there)."""

    started: float
    last_activity: float

    @classmethod
    def starting_at(cls, now: float) -> CallClock:
        return cls(started=now, last_activity=now)

    def ms_at(self, at: float) -> int:
        """`at` as milliseconds into the call."""
        return milliseconds(at - self.started)

    def active(self, now: float) -> None:
        self.last_activity = now


@dataclass
class CallState:
    runtime: Runtime
    io: StreamIO
    # The tenant's own Twilio account that signed the stream (None: the platform's): its
    # tenant's calls only, and a hand-over goes through it.
    account: TwilioAccount | None
    stream_sid: str
    grant: StreamGrant
    profile: BotProfile
    engines: EngineSet
    call_control: CallControl  # the hand-over goes through the account the call is in
    # The stream's budget and decoder, from before `start`: what the stream spent while the
    # call was opened counts against it.
    limits: StreamLimits
    inbound: Inbound
    clock: CallClock
    history: list[HistoryTurn] = field(default_factory=list)
