"""Close a call, exactly once, whatever ended it: give its concurrency slot back at once
(the caller has gone: the line is the next one's), count it, then store its outcome, usage,
summary and last turns (call_journal.py).
"""

from __future__ import annotations

import logging

from models import CallOutcome
from voice_runtime.call_journal import CallJournal
from voice_runtime.call_state import CallState

log = logging.getLogger(__name__)


async def close_call(
    state: CallState,
    journal: CallJournal,
    *,
    outcome: CallOutcome,
    stt_seconds: float,
    tts_characters: int,
) -> None:
    metrics = state.runtime.metrics
    await journal.free_slot()
    _note_dropped(state)
    metrics.live_calls -= 1
    metrics.calls_finished += 1
    metrics.outcomes[outcome] += 1
    try:
        # Asked while the journal still beats: a slow model never lets the reaper in.
        summary = await state.engines.summary_line(state.history)
        await state.engines.aclose()
        await journal.finish(
            outcome=outcome,
            stt_seconds=stt_seconds,
            tts_characters=tts_characters,
            summary=summary,
        )
    except Exception:
        log.exception("call %s: closing its records failed", state.grant.call_sid)
    metrics.calls_closed += 1


def _note_dropped(state: CallState) -> None:
    limits, metrics = state.limits, state.runtime.metrics
    if limits.dropped_audio_ms or limits.dropped_messages:
        log.warning(
            "call %s: dropped %d ms of audio and %d messages sent faster than real time",
            state.grant.call_sid,
            limits.dropped_audio_ms,
            limits.dropped_messages,
        )
    metrics.dropped_audio_ms += limits.dropped_audio_ms
    metrics.dropped_messages += limits.dropped_messages
