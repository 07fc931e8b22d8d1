"""Offline English recognition: how well and how much.

A salon bot's callers ask 24 questions in their own words (espeak-ng voices, 8 kHz μ-law
round trip as on a phone line). The bench decodes them

  1. one at a time with Whisper tiny.en (one worker, one thread) with the bot's prompt and
     without it, for word error rate, real-time factor (decode seconds per audio second) and
     the time one decode takes (Whisper encodes a 15 s window whatever the length, so a
     short question costs nearly as much as a long one);
  2. as a burst of --burst concurrent decodes through the runtime's pool (--workers, default
     one per core), for capacity: decodes per second, audio seconds per second (how many
     seconds of callers' speech the pool hears per wall-clock second) and each decode's wait.

The last line holds the figures:

    wer_whisper=… wer_whisper_no_prompt=… rtf_whisper=… decode_p50_ms=…
    workers=… decodes_per_s=… audio_s_per_s=… burst_wait_p95_ms=… load_avg=…

    .venv/bin/python bench/whisper_capacity.py [--workers 2] [--burst 24] [--beam 5]

The machine is shared: `load_avg` (1 minute, at the end) says how busy it was meanwhile.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.word_errors import wer  # noqa: E402
from integrations.speech import whisper_stt  # noqa: E402
from integrations.speech.audio import SAMPLE_RATE, mulaw_to_pcm, pcm_to_mulaw  # noqa: E402
from integrations.speech.espeak_tts import EspeakSynthesizer  # noqa: E402

NAME = "Salon Anna"
FAQ = [
    ("What are your opening hours?", "We are open Monday to Friday from nine to six."),
    ("How much is a haircut?", "A haircut costs thirty five euros, washing included."),
    ("Do you take credit cards?", "Yes, we take Visa, Mastercard and cash."),
    ("Where are you located?", "We are at Mariahilfer Strasse twelve in Vienna."),
    ("Is there parking nearby?", "There is a public garage right next door."),
    ("Can I book an appointment?", "Yes, tell me a day and a time that suit you."),
    ("Do you colour hair?", "Yes, colouring and highlights, from sixty euros."),
    ("Do you cut children's hair?", "Yes, a child's cut costs twenty euros."),
]
HOURS = {day: [["09:00", "18:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}
# What callers say: the FAQ's topics in other words, and the usual requests.
QUESTIONS = [
    "What does a haircut cost?",
    "Can I pay by card?",
    "When are you open?",
    "Are you open on Saturday?",
    "What is your address?",
    "Where can I park my car?",
    "I would like to book an appointment for Friday.",
    "Can I speak to a person please?",
    "How much do you charge for colouring?",
    "Do you take Visa?",
    "What time do you close today?",
    "Is there a garage near the salon?",
    "Do you also cut hair for kids?",
    "I need a haircut next Tuesday morning.",
    "Can I get highlights?",
    "How do I find you?",
    "Are you open tomorrow?",
    "Can I make an appointment for two people?",
    "Do you accept cash?",
    "Thank you, goodbye.",
    "How long does a haircut take?",
    "Where exactly is the salon?",
    "Do I need to book in advance?",
    "What are your prices?",
]
VOICES = ["en-us", "en-gb", "en-us+m3", "en-gb+f2"]


async def phone_line(text: str, voice: str) -> bytes:
    pcm = await EspeakSynthesizer("en-US", voice).synthesize_pcm8k(text)
    return mulaw_to_pcm(pcm_to_mulaw(pcm))


def seconds_of(pcm8k: bytes) -> float:
    return len(pcm8k) / 2 / SAMPLE_RATE


async def one_at_a_time(
    pool: whisper_stt.WhisperPool, clips: list[bytes], prompt: str, beam: int
) -> tuple[list[str], list[float]]:
    heard, times = [], []
    for clip in clips:
        started = time.perf_counter()
        heard.append(await pool.pool.run(whisper_stt.decode, clip, prompt, beam))
        times.append(time.perf_counter() - started)
    return heard, times


async def burst(
    pool: whisper_stt.WhisperPool, clips: list[bytes], prompt: str, size: int, beam: int
) -> tuple[float, list[float]]:
    """`size` decodes submitted at once; (wall seconds, each decode's total wait in s)."""
    chosen = [clips[i % len(clips)] for i in range(size)]

    async def timed(clip: bytes) -> float:
        started = time.perf_counter()
        await pool.pool.run(whisper_stt.decode, clip, prompt, beam)
        return time.perf_counter() - started

    started = time.perf_counter()
    waits = await asyncio.gather(*(timed(clip) for clip in chosen))
    return time.perf_counter() - started, list(waits)


async def main(args: argparse.Namespace) -> None:
    prompt = whisper_stt.bot_prompt(NAME, [q for q, _ in FAQ], HOURS)
    clips = [await phone_line(text, VOICES[i % len(VOICES)]) for i, text in enumerate(QUESTIONS)]
    audio_seconds = sum(seconds_of(c) for c in clips)
    print(f"{len(clips)} questions, {audio_seconds:.1f} s of audio; prompt: {prompt!r}")

    single = whisper_stt.WhisperPool(workers=1)
    started = time.perf_counter()
    single.start()
    print(f"one worker started (model load) in {time.perf_counter() - started:.2f} s")
    await one_at_a_time(single, clips[:2], prompt, args.beam)  # warm-up
    heard, times = await one_at_a_time(single, clips, prompt, args.beam)
    busy = sum(times)
    bare, _ = await one_at_a_time(single, clips, "", args.beam)
    single.shutdown()
    for text, whisper_heard, bare_heard in zip(QUESTIONS, heard, bare, strict=True):
        print(f"{text!r}\n  whisper {whisper_heard!r} | no prompt {bare_heard!r}")

    pool = whisper_stt.WhisperPool(workers=args.workers)
    pool.start()
    await burst(pool, clips, prompt, pool.pool.workers, args.beam)  # warm-up
    wall, waits = await burst(pool, clips, prompt, args.burst, args.beam)
    pool.shutdown()
    burst_audio = sum(seconds_of(clips[i % len(clips)]) for i in range(args.burst))
    waits_ms = sorted(w * 1000 for w in waits)
    p95 = waits_ms[min(len(waits_ms) - 1, int(0.95 * len(waits_ms)))]
    print(
        f"burst of {args.burst} on {pool.pool.workers} workers: {wall:.1f} s, "
        f"wait p50 {statistics.median(waits_ms):.0f} ms, p95 {p95:.0f} ms"
    )
    print(
        f"wer_whisper={wer(list(zip(QUESTIONS, heard, strict=True))):.3f} "
        f"wer_whisper_no_prompt={wer(list(zip(QUESTIONS, bare, strict=True))):.3f} "
        f"rtf_whisper={busy / audio_seconds:.2f} "
        f"decode_p50_ms={statistics.median(times) * 1000:.0f} "
        f"workers={pool.pool.workers} decodes_per_s={args.burst / wall:.2f} "
        f"audio_s_per_s={burst_audio / wall:.2f} burst_wait_p95_ms={p95:.0f} "
        f"load_avg={os.getloadavg()[0]:.1f}",
        flush=True,
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--workers", type=int, default=whisper_stt.default_workers())
    parser.add_argument("--burst", type=int, default=24)
    parser.add_argument("--beam", type=int, default=whisper_stt.BEAM_SIZE)
    asyncio.run(main(parser.parse_args()))
