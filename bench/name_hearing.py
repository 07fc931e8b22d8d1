"""How often Whisper hears a caller's name right when a booking asks for it.

Callers answer "What name shall I put the booking under?" with their name, alone or in a
sentence ("My name is …", "It's …"), each spoken by two espeak-ng voices through an 8 kHz
μ-law round trip and decoded by Whisper tiny.en as the runtime does: once with the bot's
prompt alone, once with the name step's words after it (integrations/dialogue/listening.py).
"Heard right" is the name the dialogue reads from the words heard (booking_understanding.
name_in) being the name said, letter for letter. Listed: names made of first names and
surnames in integrations/dialogue/names/; held out: names in neither list, which the
step's words must not make worse.

    .venv/bin/python bench/name_hearing.py [--workers 2]

The last line: `names=N heard_bot_prompt=… heard_step_prompt=… held_out=N
held_out_bot_prompt=… held_out_step_prompt=… load_avg=…` (counts of names heard right).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.booking_hearing import HOURS, NAME, QUESTIONS, SERVICES  # noqa: E402
from bench.whisper_capacity import VOICES, phone_line  # noqa: E402
from integrations.dialogue.booking_steps import Step  # noqa: E402
from integrations.dialogue.booking_understanding import name_in  # noqa: E402
from integrations.dialogue.listening import listening_for  # noqa: E402
from integrations.speech import whisper_stt  # noqa: E402

# First name and surname each from the lists, in pairs the lists never put together.
LISTED = [
    "Peter Miller", "My name is Anna Smith", "It's John Brown", "Maria Huber",
    "Thomas Gruber", "My name is Sarah Wagner", "Michael Bauer", "It's Julia Steiner",
    "David Taylor", "My name is Laura Moser", "Paul Wilson", "It's Emma Hofer",
    "James Jones", "My name is Katharina Leitner", "Stefan Berger", "It's Lisa Davis",
    "Andreas Fischer", "My name is Sophie Clark", "Martin Weber", "It's Daniel Walker",
]  # fmt: skip
# Names in neither list.
HELD_OUT = [
    "Oscar Lindqvist", "My name is Greta Novak", "It's Derek Hughes", "Nina Kowalski",
    "Victor Dunn", "My name is Ruth Pearson", "Simon Hartl", "It's Irene Kraus",
    "Frank Morgan", "My name is Clara Lindner",
]  # fmt: skip


async def main(args: argparse.Namespace) -> None:
    bot = whisper_stt.bot_prompt(NAME, QUESTIONS, HOURS)
    step = whisper_stt.steered_prompt(bot, listening_for(Step.NAME, SERVICES, "en"))
    sets = [(held, text) for held, texts in ((False, LISTED), (True, HELD_OUT))
            for text in texts for _ in (0, 1)]  # fmt: skip
    clips = [await phone_line(text, VOICES[i % len(VOICES)]) for i, (_h, text) in enumerate(sets)]
    pool = whisper_stt.WhisperPool(workers=args.workers)
    pool.start()
    try:

        async def hear(prompt: str) -> list[str]:
            runs = (pool.pool.run(whisper_stt.decode, clip, prompt) for clip in clips)
            return list(await asyncio.gather(*runs))

        plain, steered = await hear(bot), await hear(step)
    finally:
        pool.shutdown()
    scores = {(held, prompt): 0 for held in (False, True) for prompt in ("bot", "step")}
    for (held, text), heard_plain, heard_steered in zip(sets, plain, steered, strict=True):
        said = name_in(text)
        ok_plain = name_in(heard_plain) == said
        ok_steered = name_in(heard_steered) == said
        scores[held, "bot"] += ok_plain
        scores[held, "step"] += ok_steered
        print(
            f"{'held out ' if held else ''}{text!r}: bot prompt {heard_plain!r}"
            f" {'ok' if ok_plain else 'MISSED'} | step prompt {heard_steered!r}"
            f" {'ok' if ok_steered else 'MISSED'}"
        )
    count = {held: sum(1 for h, _t in sets if h == held) for held in (False, True)}
    print(
        f"names={count[False]} heard_bot_prompt={scores[False, 'bot']} "
        f"heard_step_prompt={scores[False, 'step']} held_out={count[True]} "
        f"held_out_bot_prompt={scores[True, 'bot']} held_out_step_prompt={scores[True, 'step']} "
        f"load_avg={os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--workers", type=int, default=whisper_stt.default_workers())
    asyncio.run(main(parser.parse_args()))
