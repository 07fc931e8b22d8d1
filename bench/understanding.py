"""How often the offline dialogue engine answers a caller's question with the right FAQ entry.

Text part: a hair salon's FAQ (bench/understanding_set.py, 14 topics, 6 ways callers ask each,
German and English) is put into a bot; every phrase is said to a fresh ScriptedDialogue (one
conversation per question, as a caller would ring). Right = the reply answers from the
expected entry; a clarifying question or a wrong entry counts as not right. The salon set was
written apart from the matcher's development set (tests/integrations/understanding_dev_set.py),
but the matcher's word lists were later tuned until it came out right (commit 529d505: text
accuracy en 0.786 → 1.000, de 0.821 → 0.976), so its figures are no longer held out.

Prints per language the share answered right, answered wrongly and asked back, first with
the owner's extra phrasings ("Other ways callers ask this"), then from question and answer
alone.

Held-out part: four more businesses nobody tuned on (bench/understanding_heldout.py: a
Heuriger and a dental practice in German, a bike shop and a kennel in English), with owner
phrasings: per business the share of FAQ and opening-hours questions answered right, and how
many out-of-scope questions got an answer instead of a question back. A line before the last:

    heldout_accuracy_en=… heldout_accuracy_de=… heldout_wrong_answers_oos=…

(`heldout_wrong_answers_oos` is the share of out-of-scope questions, both languages, that got
an entry's answer.) No word list may be tuned on the held-out set.

`--dev` measures only the development businesses the matcher is tuned on
(tests/integrations/understanding_dev_businesses.py: a car repair shop, a driving school, a vet,
a restaurant, a yoga studio, a florist), the same figures as `dev_accuracy_en=…
dev_accuracy_de=… dev_wrong_answers_oos=…`; with `--misses` it lists their misses. Look at
misses only with `--dev`: the held-out set's misses must stay unread.

Audio part (bench/understanding_audio.py): the English callers phone the bot through the
real voice runtime (Whisper tiny.en, espeak-ng voices over the 8 kHz μ-law line), one call
per topic; then acknowledgements and real questions are said over the bot's speech, in
English and German. The line before the last, `over_the_bot_softer_p95_ms=… not_softer=…`, is
how soon after any caller's first frame over the bot (acknowledgement or question) the bot
went on 6 dB softer, and per language the slowest `clear` of a question
(`interruption_clear_max_ms_en=… _de=…`). The last line:

    text_accuracy_en=… text_accuracy_de=… audio_accuracy_en=… wer_en=… v2v_p50_ms=…
    stt_rtf=… backchannel_clears=… interruption_clear_p95_ms=…

Targets: text accuracy ≥ 0.95 (with phrasings), audio accuracy ≥ 0.90, v2v p50 < 700 ms
(caller's last frame → first audible reply frame, end-of-turn silence included), no
`clear` for an acknowledgement, a question over the bot cleared within 300 ms of its first
frame. `stt_rtf` is decode seconds (queue included) per second of the caller's speech.
`--quick` asks one phrasing per topic (one call, ~4 minutes); the full run takes ~15.
`--misses` lists what was not answered right and what the recogniser heard (never the
held-out set's misses).

    BENCH_REDIS_URL=redis://127.0.0.1:6379/5 .venv/bin/python bench/understanding.py \
        [--quick] [--text-only] [--misses] [--dev]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import understanding_audio  # noqa: E402
from bench.understanding_heldout import Business  # noqa: E402
from bench.understanding_heldout_de import DENTAL_PRACTICE, HEURIGER  # noqa: E402
from bench.understanding_heldout_en import BIKE_SHOP, KENNEL  # noqa: E402
from bench.understanding_set import SALON_DE, SALON_EN, Entry  # noqa: E402
from integrations.dialogue.base import BotProfile  # noqa: E402
from integrations.dialogue.scripted import ScriptedDialogue  # noqa: E402
from tests.integrations import understanding_dev_businesses as dev  # noqa: E402

HOURS = {"tue": [["09:00", "18:00"]], "sat": [["08:00", "13:00"]]}
HELD_OUT = (HEURIGER, DENTAL_PRACTICE, BIKE_SHOP, KENNEL)  # tune nothing on these


def profile(
    entries: Sequence[Entry],
    language: str,
    *,
    phrasings: bool,
    name: str = "Salon",
    hours: dict[str, list[list[str]]] = HOURS,
) -> BotProfile:
    return BotProfile(
        id=1,
        tenant_id=1,
        name=name,
        language=language,
        faq=tuple((question, answer) for question, answer, _, _ in entries),
        faq_phrasings=tuple(extra if phrasings else () for _, _, extra, _ in entries),
        business_hours=hours,
        handover_number="+4311111",
    )


def answered(bot: BotProfile, text: str, want: int | None, want_name: str, misses: bool) -> str:
    """What a fresh conversation did with `text`: "right" (answered from entry `want`; None
    is the opening hours), "wrong" (another entry) or "asked" (a question back)."""
    reply = ScriptedDialogue(bot).reply(text)
    if reply.match is not None and reply.match.entry == want:
        return "right"
    if reply.match is None:
        outcome, got = "asked", reply.text
    else:
        outcome = "wrong"
        got = f"WRONG {reply.match.question} ({reply.match.confidence:.2f})"
    if misses:
        print(f"  {text!r} (want {want_name!r}) -> {got}")
    return outcome


def measure(entries: list[Entry], language: str, *, phrasings: bool, misses: bool) -> float:
    bot = profile(entries, language, phrasings=phrasings)
    outcomes = Counter(
        answered(bot, text, index, question, misses)
        for index, (question, _, _, said) in enumerate(entries)
        for text in said
    )
    right, wrong, asked = (outcomes[outcome] for outcome in ("right", "wrong", "asked"))
    total = outcomes.total()
    print(
        f"{language} phrasings={'yes' if phrasings else 'no '} n={total} "
        f"right={right / total:.3f} wrong={wrong / total:.3f} asked_back={asked / total:.3f}"
    )
    return right / total


def answers_out_of_scope(bot: BotProfile, text: str, misses: bool) -> bool:
    """True when the bot answered a question its FAQ does not cover, instead of asking back."""
    reply = ScriptedDialogue(bot).reply(text)
    if reply.match is not None and misses:
        print(f"  {text!r} (want a question back) -> ANSWERED {reply.match.question}")
    return reply.match is not None


def measure_business(business: Business, misses: bool) -> tuple[int, int, int]:
    """Prints one business's figures; returns (answered right, FAQ and hours questions asked,
    out-of-scope questions answered)."""
    bot = profile(
        business.faq, business.language, phrasings=True, name=business.name, hours=business.hours
    )
    faq = Counter(
        answered(bot, text, index, question, misses)
        for index, (question, _, _, said) in enumerate(business.faq)
        for text in said
    )
    hours = Counter(
        answered(bot, text, None, "opening hours", misses) for text in business.hours_said
    )
    stray = sum(answers_out_of_scope(bot, text, misses) for text in business.out_of_scope)
    right, total = faq["right"] + hours["right"], faq.total() + hours.total()
    print(
        f"{business.language} {business.name!r} n={total} right={right / total:.3f} "
        f"faq_right={faq['right'] / faq.total():.3f} "
        f"hours_right={hours['right'] / hours.total():.3f} "
        f"out_of_scope_answered={stray}/{len(business.out_of_scope)}"
    )
    return right, total, stray


def business_figures(prefix: str, businesses: Sequence[Business], misses: bool) -> str:
    right: Counter[str] = Counter()
    asked: Counter[str] = Counter()
    stray = 0
    for business in businesses:
        key = business.language[:2]
        got, total, answered_out_of_scope = measure_business(business, misses)
        right[key] += got
        asked[key] += total
        stray += answered_out_of_scope
    out_of_scope = sum(len(business.out_of_scope) for business in businesses)
    return (
        f"{prefix}_accuracy_en={right['en'] / asked['en']:.3f} "
        f"{prefix}_accuracy_de={right['de'] / asked['de']:.3f} "
        f"{prefix}_wrong_answers_oos={stray / out_of_scope:.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--misses", action="store_true", help="list what was not answered right")
    parser.add_argument("--quick", action="store_true", help="audio: one phrasing per topic")
    parser.add_argument("--text-only", action="store_true", help="skip the audio part")
    parser.add_argument(
        "--dev", action="store_true", help="only the development businesses (tuned on)"
    )
    args = parser.parse_args()
    if args.dev:
        print(business_figures("dev", dev.BUSINESSES, args.misses))
        return
    results = {}
    for phrasings in (False, True):
        for key, entries, language in (("en", SALON_EN, "en-US"), ("de", SALON_DE, "de-AT")):
            results[key, phrasings] = measure(
                entries, language, phrasings=phrasings, misses=args.misses
            )
    # The held-out set's misses stay unread, whatever --misses says: nobody may tune on them.
    print(business_figures("heldout", HELD_OUT, misses=False))
    text = f"text_accuracy_en={results['en', True]:.3f} text_accuracy_de={results['de', True]:.3f}"
    if args.text_only:
        print(text)
        return
    heard, listening = asyncio.run(
        understanding_audio.measure(quick=args.quick, misses=args.misses)
    )
    print(understanding_audio.v2v_parts(heard))
    print(understanding_audio.softer_line(listening))
    print(f"{text} {understanding_audio.summary(heard, listening)}")


if __name__ == "__main__":
    main()
