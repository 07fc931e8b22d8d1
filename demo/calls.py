"""A demo tenant's calls: who rang when, what was said (from demo.content's phrases), with
the latencies each engine would take; the usage they count, and the messages taken on them."""

from __future__ import annotations

import math
import random
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from demo.content import (
    DIALOGUE_MS,
    PHRASES,
    STT_MS,
    TTS_FIRST_AUDIO_MS,
    WEEKDAYS,
    BotSpec,
    TenantSpec,
)
from demo.report import SeedReport
from demo.tenants import BotLine
from demo.window import Window, at, minutes
from models import (
    Bot,
    Call,
    CallOutcome,
    CallStatus,
    CallTurn,
    Message,
    MessageStatus,
    PhoneNumber,
    Speaker,
    Tenant,
    UsageKind,
    User,
)
from services.usage import UsageRecord, record_usage


def create_calls(
    session: Session,
    rng: random.Random,
    tenant: Tenant,
    spec: TenantSpec,
    lines: list[BotLine],
    window: Window,
    report: SeedReport,
) -> list[Call]:
    answering = [(bot_spec, bot, number) for bot_spec, bot, number in lines if number]
    starts = []
    for index, (bot_spec, _bot, _number) in enumerate(answering):
        until = window.today - timedelta(days=bot_spec.calls_stop_days_ago)
        for day in (day for day in window.days() if day < until):
            starts += [(at, index, is_open) for at, is_open in _call_starts(rng, day, bot_spec)]
    calls = [
        _call(rng, tenant, spec, *answering[index], started_at, is_open)
        for started_at, index, is_open in sorted(starts)
    ]
    session.add_all(calls)
    session.flush()
    report.created["calls"] += len(calls)
    report.created["call turns"] += sum(len(call.turns) for call in calls)
    return calls


def _call_starts(rng: random.Random, day: date, bot: BotSpec) -> list[tuple[datetime, bool]]:
    """When callers rang on `day`, and whether the business was open then."""
    ranges = bot.business_hours.get(WEEKDAYS[day.weekday()], [])
    if not ranges:  # closed all day, and now and then somebody tries anyway
        if rng.random() < 0.3:
            return [(at(day, rng.randint(8, 19), rng.randint(0, 59)), False)]
        return []
    starts = []
    for _ in range(rng.randint(0, round(2 * bot.calls_per_open_day))):
        opens, closes = (minutes(hhmm) for hhmm in rng.choice(ranges))
        minute = rng.randint(opens, closes - 5)
        starts.append((at(day, minute // 60, minute % 60, rng.randint(0, 59)), True))
    return starts


def _call(
    rng: random.Random,
    tenant: Tenant,
    spec: TenantSpec,
    bot_spec: BotSpec,
    bot: Bot,
    number: PhoneNumber,
    started_at: datetime,
    is_open: bool,
) -> Call:
    script, outcome = _conversation(rng, bot_spec, spec.handover_share, is_open)
    turns, talk_ms = _timed_turns(rng, tenant, script, bot_spec.engines)
    # A handed-over call goes on with a person, and its minutes count too.
    with_person = rng.randint(120, 480) if outcome is CallOutcome.HANDED_OVER else 0
    duration = math.ceil(talk_ms / 1000) + with_person
    answered_at = started_at + timedelta(seconds=rng.randint(1, 4))
    ended_at = answered_at + timedelta(seconds=duration)
    return Call(
        tenant_id=tenant.id,
        bot_id=bot.id,
        phone_number_id=number.id,
        provider_call_sid=f"CA{rng.getrandbits(128):032x}",
        from_number=_caller_number(rng, spec.caller_numbers),
        to_number=number.e164,
        status=CallStatus.COMPLETED,
        outcome=outcome,
        language=bot_spec.language.value,
        started_at=started_at,
        answered_at=answered_at,
        ended_at=ended_at,
        duration_seconds=duration,
        created_at=started_at,
        updated_at=ended_at,
        turns=turns,
    )


def _caller_number(rng: random.Random, patterns: tuple[str, ...]) -> str:
    return "".join(rng.choice("0123456789") if c == "#" else c for c in rng.choice(patterns))


def _conversation(
    rng: random.Random, bot: BotSpec, handover_share: float, is_open: bool
) -> tuple[list[tuple[Speaker, str]], CallOutcome]:
    """Who said what, bot and caller taking turns, and how the call ended."""
    phrases = PHRASES[bot.language]
    outcomes = [CallOutcome.HANDED_OVER, CallOutcome.RESOLVED, CallOutcome.CALLER_HUNG_UP,
                CallOutcome.SILENCE_TIMEOUT]  # fmt: skip
    weights = [handover_share, 0.85 - handover_share, 0.1, 0.05]
    outcome = rng.choices(outcomes, weights)[0]
    # Satisfied callers ask a second question; the others stop after one.
    questions = rng.sample(
        bot.faq, k=min(len(bot.faq), 2 if outcome is CallOutcome.RESOLVED else 1)
    )
    script = [(Speaker.BOT, bot.greeting)]
    for n, (question, answer) in enumerate(questions):
        opener = rng.choice(phrases.openers) if n == 0 else ""
        script += [(Speaker.CALLER, opener + question), (Speaker.BOT, answer)]
    if outcome is CallOutcome.HANDED_OVER:
        reply = phrases.handing_over if is_open else phrases.closed_now
        script += [(Speaker.CALLER, rng.choice(phrases.ask_person)), (Speaker.BOT, reply)]
        outcome = outcome if is_open else CallOutcome.RESOLVED
    elif outcome is CallOutcome.RESOLVED:
        script += [(Speaker.CALLER, rng.choice(phrases.thanks)), (Speaker.BOT, phrases.goodbye)]
    elif outcome is CallOutcome.SILENCE_TIMEOUT:
        script[-1] = (Speaker.BOT, f"{script[-1][1]} {phrases.anything_else}")
    return script, outcome


def _timed_turns(
    rng: random.Random,
    tenant: Tenant,
    script: list[tuple[Speaker, str]],
    engines: tuple[str, str, str],
) -> tuple[list[CallTurn], int]:
    """Transcript rows with offsets and latencies, and the call's talk time in ms."""
    cursor = rng.randint(200, 600)
    turns = []
    for seq, (speaker, text) in enumerate(script):
        latencies = _latencies(rng, engines, greeting=seq == 0) if speaker is Speaker.BOT else {}
        cursor += latencies.get("turn_latency_ms", 0)
        can_be_cut = speaker is Speaker.BOT and 0 < seq < len(script) - 1
        heard, interrupted = _barge_in(rng, text) if can_be_cut else (text, False)
        ended = cursor + _speaking_ms(rng, heard, speaker)
        turns.append(
            CallTurn(
                tenant_id=tenant.id,
                seq=seq,
                speaker=speaker,
                text=heard,
                started_ms=cursor,
                ended_ms=ended,
                interrupted=interrupted,
                **latencies,
            )
        )
        cursor = ended + (rng.randint(300, 900) if speaker is Speaker.BOT else 0)
    return turns, cursor


def _latencies(
    rng: random.Random, engines: tuple[str, str, str], *, greeting: bool
) -> dict[str, int]:
    """What each engine took for one bot turn, and how long the caller waited for it."""
    stt, tts, dialogue = engines
    tts_first_audio_ms = rng.randint(*TTS_FIRST_AUDIO_MS[tts])
    if greeting:  # nobody spoke before it: nothing to transcribe or answer
        return {"tts_first_audio_ms": tts_first_audio_ms}
    stt_ms = rng.randint(*STT_MS[stt])
    dialogue_ms = rng.randint(*DIALOGUE_MS[dialogue])
    end_of_turn_ms = rng.randint(450, 700)  # the silence that tells us the caller is done
    network_ms = rng.randint(20, 80)
    return {
        "stt_ms": stt_ms,
        "dialogue_ms": dialogue_ms,
        "tts_first_audio_ms": tts_first_audio_ms,
        "turn_latency_ms": end_of_turn_ms + stt_ms + dialogue_ms + tts_first_audio_ms + network_ms,
    }


def _barge_in(rng: random.Random, text: str) -> tuple[str, bool]:
    """Now and then a caller cuts the bot off: the transcript keeps what they heard."""
    words = text.split()
    if len(words) < 12 or rng.random() > 0.08:
        return text, False
    return " ".join(words[: len(words) // 2]), True


def _speaking_ms(rng: random.Random, text: str, speaker: Speaker) -> int:
    if speaker is Speaker.CALLER:
        return len(text.split()) * rng.randint(300, 420) + rng.randint(200, 600)
    return len(text) * rng.randint(58, 72)


def record_call_usage(
    session: Session, spec: TenantSpec, calls: list[Call], report: SeedReport
) -> None:
    records = [
        UsageRecord(
            tenant_id=call.tenant_id,
            kind=UsageKind.CALL_SECONDS,
            quantity=call.duration_seconds or 0,
            occurred_at=call.ended_at or call.started_at,
            idempotency_key=f"demo:call:{spec.slug}:{n}:seconds",
            bot_id=call.bot_id,
            call_id=call.id,
        )
        for n, call in enumerate(calls, start=1)
    ]
    report.created["usage events"] += record_usage(session=session, records=records)


def create_messages(
    session: Session, spec: TenantSpec, calls: list[Call], admin: User, report: SeedReport
) -> None:
    """Messages taken on the tenant's latest answered calls, some handled already. Stored
    directly: the demo sends no e-mails and queues no webhooks."""
    answered = [call for call in calls if call.turns]
    # Oldest first, so ids follow the time they were taken (lists are newest id first).
    for wanted in sorted(spec.messages, key=lambda m: -m.calls_back):
        if wanted.calls_back > len(answered):
            continue
        call = answered[-wanted.calls_back]
        taken_at = call.ended_at or call.started_at
        session.add(
            Message(
                tenant_id=call.tenant_id,
                bot_id=call.bot_id,
                call_id=call.id,
                caller_name=wanted.caller_name,
                caller_phone=call.from_number,
                about=wanted.about,
                status=MessageStatus.DONE if wanted.done else MessageStatus.NEW,
                handled_by_id=admin.id if wanted.done else None,
                handled_at=taken_at + timedelta(hours=1) if wanted.done else None,
                created_at=taken_at,
            )
        )
        report.created["messages"] += 1
