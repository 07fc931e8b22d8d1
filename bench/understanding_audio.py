"""The audio half of bench/understanding.py: the salon's English callers phone the bot.

The voice runtime runs in a child process as in production (its own engines: Whisper
tiny.en for English, espeak-ng, the scripted dialogue) on a scratch SQLite database. Callers
speak through `SimulatedCall` — Twilio's protocol over the WebSocket, 20 ms μ-law frames in
real time — in rotating espeak-ng voices, so every question makes the 8 kHz μ-law round
trip of a phone line. What the bot heard and answered is read back from the call's turns.

Listening while speaking: callers say an acknowledgement ("mhm", "ja genau") or a real
question 0.8 s into the bot's greeting, in English and German; the figures are how many
`clear` messages the acknowledgements caused, how long after the first frame of a
question the bot was stopped, and how long after any caller's first frame the bot went
softer (ducked), counted in the bot's 20 ms frames against the greeting played untouched.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from bench.understanding_set import SALON_DE, SALON_EN
from bench.voice_load import Runtime, running
from bench.word_errors import wer
from integrations.speech.audio import FRAME_MS, SAMPLE_RATE, mulaw_frames
from integrations.speech.espeak_tts import EspeakSynthesizer
from models import BotLanguage, BotStatus, Call, Speaker
from models.database import make_engine, make_session_factory
from models.migrate import upgrade
from models.scoping import staff_session
from voice_runtime.simulator import SimulatedCall, trim_silence

NUMBERS = {"en-US": "+4315550101", "de-AT": "+4315550102"}
HOURS = {"tue": [["09:00", "18:00"]], "sat": [["08:00", "13:00"]]}
VOICES = ["en-us", "en-gb", "en-us+m3", "en-gb+f2", "en-gb-x-rp", "en-us+f4"]
ACKNOWLEDGEMENTS = {"en-US": ("mhm", "okay", "yeah"), "de-AT": ("ja", "genau", "ja genau")}
QUESTIONS = {
    "en-US": ("Wait, are you open on Sunday?", "Sorry, is there parking nearby?"),
    "de-AT": ("Moment, haben Sie am Sonntag offen?", "Entschuldigung, gibt es Parkplätze?"),
}
OVER_THE_BOT_AFTER = 0.8  # seconds into the bot's speech
ANSWER_TIMEOUT = 60  # seconds: a loaded machine decodes slowly


@dataclass
class Heard:
    right: int = 0
    said: int = 0
    pairs: list[tuple[str, str]] = field(default_factory=list)  # (said, transcript)
    latencies_ms: list[float] = field(default_factory=list)
    speech_seconds: float = 0.0
    stt_seconds: float = 0.0
    # Where a reply's time goes, per answered question: recognition, the dialogue, the
    # voice's first audio (each as the runtime recorded it on the bot's turn).
    parts_ms: dict[str, list[float]] = field(default_factory=dict)

    @property
    def accuracy(self) -> float:
        return self.right / max(1, self.said)

    @property
    def rtf(self) -> float:
        return self.stt_seconds / max(1e-9, self.speech_seconds)


def prepare_database(path: str) -> str:
    from tests.factories import Factory

    url = f"sqlite:///{path}"
    upgrade(database_url=url)
    session = staff_session(make_session_factory(make_engine(url)))
    make = Factory(session)
    tenant = make.tenant(max_concurrent_calls=10)
    for language, entries in (("en-US", SALON_EN), ("de-AT", SALON_DE)):
        faq = [{"question": q, "answer": a, "phrasings": list(p)} for q, a, p, _ in entries]
        bot = make.bot(
            tenant,
            name="Salon Anna",
            language=BotLanguage(language),
            status=BotStatus.LIVE,
            greeting="",
            faq=faq,
            business_hours=HOURS,
        )
        make.phone_number(tenant, bot, e164=NUMBERS[language])
    session.commit()
    session.close()
    return url


def closed_call(database_url: str, call_sid: str) -> Call:
    """The call's row with its turns, once the runtime has closed it."""
    engine = make_engine(database_url)
    try:
        for _ in range(600):
            with staff_session(make_session_factory(engine)) as db:
                call = db.scalars(
                    select(Call)
                    .where(Call.provider_call_sid == call_sid)
                    .options(selectinload(Call.turns))
                ).one_or_none()
                if call is not None and call.ended_at is not None:
                    db.expunge_all()
                    return call
            time.sleep(0.05)
    finally:
        engine.dispose()
    raise RuntimeError(f"the runtime did not close call {call_sid}")


async def ask(
    runtime: Runtime, database_url: str, questions: list[tuple[int, str, str]], heard: Heard
) -> None:
    """One call: each (entry, what the caller says, voice) in turn, waiting for the answer."""
    said_at: list[float] = []
    async with SimulatedCall.dial(runtime.caller, to_number=NUMBERS["en-US"]) as call:
        first_audio = await call.wait_for_bot_audio(timeout=ANSWER_TIMEOUT)
        await call.wait_for_bot_quiet(timeout=ANSWER_TIMEOUT)
        for _entry, text, voice in questions:
            pcm = trim_silence(await EspeakSynthesizer("en-US", voice).synthesize_pcm8k(text))
            said_at.append(time.monotonic())
            turn = await call.say(pcm, answer_timeout=ANSWER_TIMEOUT)
            heard.speech_seconds += len(pcm) / 2 / SAMPLE_RATE
            if turn.latency_ms is not None:
                heard.latencies_ms.append(turn.latency_ms)
        sid = call.call_sid
    row = await asyncio.to_thread(closed_call, database_url, sid)
    # The runtime's turn times count from its greeting; the caller heard it at first_audio.
    windows = [t - first_audio for t in said_at] + [float("inf")]
    for index, (entry, text, _voice) in enumerate(questions):
        start, end = windows[index] * 1000, windows[index + 1] * 1000
        turns = [t for t in row.turns if start <= t.started_ms < end]
        caller = [t for t in turns if t.speaker == Speaker.CALLER]
        answers = [t.text for t in turns if t.speaker == Speaker.BOT and t.text]
        heard.said += 1
        heard.right += bool(answers) and answers[-1] == " ".join(SALON_EN[entry][1].split())
        heard.pairs.append((text, " ".join(t.text for t in caller)))
        heard.stt_seconds += sum((t.stt_ms or 0) for t in caller) / 1000
        for reply in (t for t in turns if t.speaker == Speaker.BOT and t.turn_latency_ms):
            for part in ("stt_ms", "dialogue_ms", "tts_first_audio_ms"):
                heard.parts_ms.setdefault(part, []).append(getattr(reply, part) or 0)


def questions_to_ask(quick: bool) -> list[list[tuple[int, str, str]]]:
    """One call per topic (all its phrasings), or with --quick one call with the first
    phrasing of every topic."""
    said = [
        [(index, text, VOICES[(index + n) % len(VOICES)]) for n, text in enumerate(entry[3])]
        for index, entry in enumerate(SALON_EN)
    ]
    if quick:
        return [[calls[0] for calls in said]]
    return said


async def greeting_heard_alone(runtime: Runtime, language: str) -> list[bytes]:
    """The bot's greeting as it plays when nobody talks over it, frame by frame."""
    async with SimulatedCall.dial(runtime.caller, to_number=NUMBERS[language]) as call:
        await call.wait_for_bot_audio(timeout=ANSWER_TIMEOUT)
        await call.wait_for_bot_quiet(timeout=ANSWER_TIMEOUT)
        return mulaw_frames(bytes(call.bot_audio))


@dataclass
class OverTheBot:
    clears: int
    clear_ms: float | None  # caller's first frame → first `clear`; None: not stopped
    duck_ms: float | None  # caller's first frame → first softer bot frame; None: not ducked


async def over_the_bot(
    runtime: Runtime, language: str, text: str, greeting: list[bytes]
) -> OverTheBot:
    """Say `text` 0.8 s into the bot's greeting."""
    pcm = trim_silence(await EspeakSynthesizer(language).synthesize_pcm8k(text))
    async with SimulatedCall.dial(runtime.caller, to_number=NUMBERS[language]) as call:
        await call.wait_for_bot_audio(timeout=ANSWER_TIMEOUT)
        await asyncio.sleep(OVER_THE_BOT_AFTER)
        await call.speak(pcm)
        started = call.log.speech_started[-1]
        deadline = time.monotonic() + 3
        while not call.log.clear_times and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        clears = list(call.log.clear_times)
    sent = mulaw_frames(bytes(call.bot_audio))
    spoke_at = call.log.bot_frames_at_speech_start[-1]
    changed = [i for i, (a, b) in enumerate(zip(sent, greeting, strict=False)) if a != b]
    return OverTheBot(
        clears=len(clears),
        clear_ms=(clears[0] - started) * 1000 if clears else None,
        duck_ms=(changed[0] - spoke_at) * FRAME_MS if changed else None,
    )


@dataclass
class Listening:
    acknowledgement_clears: int = 0
    question_clear_ms: list[float] = field(default_factory=list)
    clear_ms_by_language: dict[str, list[float]] = field(default_factory=dict)
    questions_not_stopped: int = 0
    duck_ms: list[float] = field(default_factory=list)
    not_ducked: int = 0


async def listening(runtime: Runtime) -> Listening:
    found = Listening()
    for language in ("en-US", "de-AT"):
        greeting = await greeting_heard_alone(runtime, language)
        for text in ACKNOWLEDGEMENTS[language] + QUESTIONS[language]:
            heard = await over_the_bot(runtime, language, text, greeting)
            print(
                f"  {language} {text!r} over the bot: {heard.clears} clear after"
                f" {heard.clear_ms} ms, softer after {heard.duck_ms} ms",
                flush=True,
            )
            if heard.duck_ms is None:
                found.not_ducked += 1
            else:
                found.duck_ms.append(heard.duck_ms)
            if text in ACKNOWLEDGEMENTS[language]:
                found.acknowledgement_clears += heard.clears
            elif heard.clear_ms is None:
                found.questions_not_stopped += 1
            else:
                found.question_clear_ms.append(heard.clear_ms)
                found.clear_ms_by_language.setdefault(language[:2], []).append(heard.clear_ms)
    return found


async def measure(*, quick: bool, misses: bool) -> tuple[Heard, Listening]:
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
    heard = Heard()
    with tempfile.TemporaryDirectory() as folder:
        database_url = prepare_database(f"{folder}/bench.db")
        # Not pinned: Whisper gets a decode worker per core, as the runtime does in production.
        async with running(database_url, redis_url, "offline", pin=False) as runtime:
            for call in questions_to_ask(quick):
                await ask(runtime, database_url, call, heard)
                print(f"  asked {heard.said}, {heard.right} answered right", flush=True)
            found = await listening(runtime)
    if misses:
        for said, transcript in heard.pairs:
            print(f"  said {said!r} heard {transcript!r}")
    return heard, found


def p95(values: list[float]) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def softer_line(found: Listening) -> str:
    """The line before the last: how soon the bot yields to any caller speech over it."""
    duck_ms = p95(found.duck_ms) if not found.not_ducked else float("inf")
    # English questions may be stopped by their first word (first_words.py); offline German
    # hears no words and is stopped by its length.
    by_language = " ".join(
        f"interruption_clear_max_ms_{language}={max(values):.0f}"
        for language, values in found.clear_ms_by_language.items()
    )
    return f"over_the_bot_softer_p95_ms={duck_ms:.0f} not_softer={found.not_ducked} {by_language}"


def v2v_parts(heard: Heard) -> str:
    """A line before the last: the medians of where a reply's time went (the rest of v2v is
    the end-of-turn silence, waiting for a decode worker, and playout)."""
    return "v2v_parts_p50 " + " ".join(
        f"{part}={statistics.median(values):.0f}" for part, values in heard.parts_ms.items()
    )


def summary(heard: Heard, found: Listening) -> str:
    v2v = statistics.median(heard.latencies_ms) if heard.latencies_ms else float("nan")
    clear_ms = p95(found.question_clear_ms) if not found.questions_not_stopped else float("inf")
    return (
        f"audio_accuracy_en={heard.accuracy:.3f} wer_en={wer(heard.pairs):.3f} "
        f"v2v_p50_ms={v2v:.0f} stt_rtf={heard.rtf:.2f} "
        f"backchannel_clears={found.acknowledgement_clears} "
        f"interruption_clear_p95_ms={clear_ms:.0f}"
    )
