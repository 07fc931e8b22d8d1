"""How often the offline dialogue engine answers a caller's question with the right FAQ entry.

Text part: a hair salon's FAQ (bench/understanding_set.py, 14 topics, 6 ways callers ask each,
German and English) is put into a bot; every phrase is said to a fresh ScriptedDialogue (one
conversation per question, as a caller would ring). Right = the reply answers from the
expected entry; a clarifying question or a wrong entry counts as not right. The set is not
the one the matcher was tuned on (tests/integrations/understanding_dev_set.py).

Prints per language the share answered right, answered wrongly and asked back, first with
the owner's extra phrasings ("Other ways callers ask this"), then from question and answer
alone.

Audio part (bench/understanding_audio.py): the English callers phone the bot through the
real voice runtime (Whisper tiny.en, espeak-ng voices over the 8 kHz μ-law line), one call
per topic; then acknowledgements and real questions are said over the bot's speech, in
English and German. The last line:

    text_accuracy_en=… text_accuracy_de=… audio_accuracy_en=… wer_en=… v2v_p50_ms=…
    stt_rtf=… backchannel_clears=… interruption_clear_p95_ms=…

Targets: text accuracy ≥ 0.95 (with phrasings), audio accuracy ≥ 0.90, v2v p50 < 700 ms
(caller's last frame → first audible reply frame, end-of-turn silence included), no
`clear` for an acknowledgement, a question over the bot cleared within 300 ms of its first
frame. `stt_rtf` is decode seconds (queue included) per second of the caller's speech.
`--quick` asks one phrasing per topic (one call, ~4 minutes); the full run takes ~15.
`--misses` lists what was not answered right and what the recogniser heard.

    BENCH_REDIS_URL=redis://127.0.0.1:6379/5 .venv/bin/python bench/understanding.py \
        [--quick] [--text-only] [--misses]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import understanding_audio  # noqa: E402
from bench.understanding_set import SALON_DE, SALON_EN, Entry  # noqa: E402
from integrations.dialogue.base import BotProfile  # noqa: E402
from integrations.dialogue.scripted import ScriptedDialogue  # noqa: E402

HOURS = {"tue": [["09:00", "18:00"]], "sat": [["08:00", "13:00"]]}


def profile(entries: list[Entry], language: str, *, phrasings: bool) -> BotProfile:
    return BotProfile(
        id=1,
        tenant_id=1,
        name="Salon",
        language=language,
        faq=tuple((question, answer) for question, answer, _, _ in entries),
        faq_phrasings=tuple(extra if phrasings else () for _, _, extra, _ in entries),
        business_hours=HOURS,
        handover_number="+4311111",
    )


def measure(entries: list[Entry], language: str, *, phrasings: bool, misses: bool) -> float:
    bot = profile(entries, language, phrasings=phrasings)
    right = wrong = asked = 0
    for index, (question, _, _, said) in enumerate(entries):
        for text in said:
            reply = ScriptedDialogue(bot).reply(text)
            if reply.match is not None and reply.match.entry == index:
                right += 1
                continue
            if reply.match is None:
                asked += 1
                got = reply.text
            else:
                wrong += 1
                got = f"WRONG {reply.match.question} ({reply.match.confidence:.2f})"
            if misses:
                print(f"  {text!r} (want {question!r}) -> {got}")
    total = right + wrong + asked
    print(
        f"{language} phrasings={'yes' if phrasings else 'no '} n={total} "
        f"right={right / total:.3f} wrong={wrong / total:.3f} asked_back={asked / total:.3f}"
    )
    return right / total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--misses", action="store_true", help="list what was not answered right")
    parser.add_argument("--quick", action="store_true", help="audio: one phrasing per topic")
    parser.add_argument("--text-only", action="store_true", help="skip the audio part")
    args = parser.parse_args()
    results = {}
    for phrasings in (False, True):
        for key, entries, language in (("en", SALON_EN, "en-US"), ("de", SALON_DE, "de-AT")):
            results[key, phrasings] = measure(
                entries, language, phrasings=phrasings, misses=args.misses
            )
    text = f"text_accuracy_en={results['en', True]:.3f} text_accuracy_de={results['de', True]:.3f}"
    if args.text_only:
        print(text)
        return
    heard, listening = asyncio.run(
        understanding_audio.measure(quick=args.quick, misses=args.misses)
    )
    print(f"{text} {understanding_audio.summary(heard, listening)}")


if __name__ == "__main__":
    main()
