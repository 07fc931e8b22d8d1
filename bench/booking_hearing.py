"""Does telling Whisper what a booking step expects help it hear the answer?

An English caller's answers at each step of a phone booking (which service, which day,
which time, the name, yes), each spoken by two espeak-ng voices through an 8 kHz μ-law round trip,
decoded by Whisper tiny.en as the runtime does: once with the bot's prompt alone (its name,
questions, open days), once with the step's words after it (integrations/dialogue/
listening.py: the services offered, weekdays, times, yes and no — words, never these
sentences). "Understood" is what the dialogue reads from the words heard, compared with
what it reads from the words said: the service, the day, the clock time, yes or no, the
name.

`--names` asks only the name, with more of them: names made of first names and surnames in
integrations/dialogue/names/ (which the name step tells Whisper), alone or in a sentence
("My name is …", "It's …"), and held out, names in neither list, which the step's words
must not make worse. "Understood" is then the name read from the words heard being the name
said.

    .venv/bin/python bench/booking_hearing.py [--names] [--workers 2]

The last line: `answers=N understood_bot_prompt=… understood_step_prompt=… wer_bot_prompt=…
wer_step_prompt=… held_out=N held_out_bot_prompt=… held_out_step_prompt=… load_avg=…`
(held out: answers of the same kinds no prompt or reading was tuned on).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.whisper_capacity import VOICES, phone_line  # noqa: E402
from bench.word_errors import wer  # noqa: E402
from integrations.dialogue.booking_desk import OfferedService  # noqa: E402
from integrations.dialogue.booking_steps import Step  # noqa: E402
from integrations.dialogue.booking_understanding import (  # noqa: E402
    is_no,
    is_yes,
    service_in,
)
from integrations.dialogue.caller_names import name_in  # noqa: E402
from integrations.dialogue.listening import listening_for  # noqa: E402
from integrations.dialogue.spoken_time import clock_alone, parse_when  # noqa: E402
from integrations.speech import whisper_stt  # noqa: E402

NAME = "Hair Studio Vienna"
QUESTIONS = ["What are your opening hours?", "How much is a haircut?", "Where are you?"]
HOURS = {day: [["09:00", "18:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat")}
SERVICES = [
    OfferedService(1, "Haircut", 30),
    OfferedService(2, "Colouring", 120),
    OfferedService(3, "Beard trim", 15),
]
TODAY = date(2026, 12, 1)  # a Tuesday
# What callers answer at each step, in their own words.
ANSWERS = {
    Step.SERVICE: ["A haircut please", "Colouring", "Just a beard trim", "The haircut"],
    Step.DAY: ["Tomorrow", "On Friday", "Saturday please", "Next Thursday", "Monday"],
    Step.TIME: [
        "At ten",
        "Eleven thirty",
        "Half past two",
        "At five pm",
        "The second one please",
        "At nine in the morning",
        "At four",
    ],
    Step.NAME: ["Peter Miller", "My name is Anna Smith", "It's John Brown"],
    Step.CONFIRM: ["Yes please", "Yes", "No", "That's right", "No thanks"],
}
# Answers of the same kinds that no prompt or reading was ever tuned on: what is learnt
# from ANSWERS must hold here too.
HELD_OUT = {
    Step.DAY: ["On Tuesday", "The day after tomorrow", "Wednesday please"],
    Step.TIME: [
        "At eleven",
        "Quarter past three",
        "At two in the afternoon",
        "Ten thirty",
        "Around six",
        "At half past nine",
        "Eight o'clock",
        "The first one",
    ],
    Step.CONFIRM: ["Yes that's fine", "Correct", "No", "Yeah", "Sure"],
}
# --names: first name and surname each from the lists, in pairs the lists never put together,
# and held out, names in neither list.
NAMES = {
    Step.NAME: [
        "Peter Miller", "My name is Anna Smith", "It's John Brown", "Maria Huber",
        "Thomas Gruber", "My name is Sarah Wagner", "Michael Bauer", "It's Julia Steiner",
        "David Taylor", "My name is Laura Moser", "Paul Wilson", "It's Emma Hofer",
        "James Jones", "My name is Katharina Leitner", "Stefan Berger", "It's Lisa Davis",
        "Andreas Fischer", "My name is Sophie Clark", "Martin Weber", "It's Daniel Walker",
    ],
}  # fmt: skip
HELD_OUT_NAMES = {
    Step.NAME: [
        "Oscar Lindqvist", "My name is Greta Novak", "It's Derek Hughes", "Nina Kowalski",
        "Victor Dunn", "My name is Ruth Pearson", "Simon Hartl", "It's Irene Kraus",
        "Frank Morgan", "My name is Clara Lindner",
    ],
}  # fmt: skip


def reading(step: Step, text: str) -> object:
    """What the dialogue takes from `text` at `step`."""
    if step is Step.SERVICE:
        found = service_in(text, SERVICES)
        return found.name if found else None
    if step in (Step.DAY, Step.TIME):
        when = parse_when(text, "en", TODAY)
        clock = when.clock or (clock_alone(text, "en") if step is Step.TIME else None)
        ordinal = next((w for w in ("first", "second", "third") if w in text.lower()), None)
        return (when.day, clock, ordinal)
    if step is Step.NAME:
        return (name_in(text) or "").lower()
    return ("yes" if is_yes(text) else "") + ("no" if is_no(text) else "")


async def main(args: argparse.Namespace) -> None:
    bot = whisper_stt.bot_prompt(NAME, QUESTIONS, HOURS)
    asked, kept_out = (NAMES, HELD_OUT_NAMES) if args.names else (ANSWERS, HELD_OUT)
    # Each answer in two voices; each must mean something to the dialogue as typed.
    sets = [(held, step, text) for held, answers in ((False, asked), (True, kept_out))
            for step, texts in answers.items() for text in texts for _ in (0, 1)]  # fmt: skip
    said = [(step, text) for _held, step, text in sets]
    assert all(reading(step, text) not in (None, "", (None, None, None)) for step, text in said)
    clips = [await phone_line(text, VOICES[i % len(VOICES)]) for i, (_s, text) in enumerate(said)]
    pool = whisper_stt.WhisperPool(workers=args.workers)
    pool.start()
    try:

        async def hear(prompt_of: object) -> list[str]:
            return list(
                await asyncio.gather(
                    *(
                        pool.pool.run(whisper_stt.decode, clip, prompt_of(step))  # type: ignore[operator]
                        for clip, (step, _text) in zip(clips, said, strict=True)
                    )
                )
            )

        plain = await hear(lambda _step: bot)
        steered = await hear(
            lambda step: whisper_stt.steered_prompt(bot, listening_for(step, SERVICES, "en"))
        )
    finally:
        pool.shutdown()
    scores = {(held, prompt): 0 for held in (False, True) for prompt in ("bot", "step")}
    for (held, step, text), heard_plain, heard_steered in zip(sets, plain, steered, strict=True):
        wanted = reading(step, text)
        ok_plain = reading(step, heard_plain) == wanted
        ok_steered = reading(step, heard_steered) == wanted
        scores[held, "bot"] += ok_plain
        scores[held, "step"] += ok_steered
        print(
            f"{'held out ' if held else ''}{step:>8} {text!r}: bot prompt {heard_plain!r}"
            f" {'ok' if ok_plain else 'MISSED'} | step prompt {heard_steered!r}"
            f" {'ok' if ok_steered else 'MISSED'}"
        )
    tuned = [text for held, _step, text in sets if not held]
    count = {held: sum(1 for h, _s, _t in sets if h == held) for held in (False, True)}
    pairs = list(zip(said, plain, steered, strict=True))[: len(tuned)]
    print(
        f"answers={count[False]} understood_bot_prompt={scores[False, 'bot'] / count[False]:.2f} "
        f"understood_step_prompt={scores[False, 'step'] / count[False]:.2f} "
        f"wer_bot_prompt={wer([(t, p) for (_s, t), p, _q in pairs]):.3f} "
        f"wer_step_prompt={wer([(t, q) for (_s, t), _p, q in pairs]):.3f} "
        f"held_out={count[True]} held_out_bot_prompt={scores[True, 'bot'] / count[True]:.2f} "
        f"held_out_step_prompt={scores[True, 'step'] / count[True]:.2f} "
        f"load_avg={os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--names", action="store_true", help="only the name, more names")
    parser.add_argument("--workers", type=int, default=whisper_stt.default_workers())
    asyncio.run(main(parser.parse_args()))
