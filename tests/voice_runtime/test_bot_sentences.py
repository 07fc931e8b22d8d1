"""The offline recogniser's vocabulary holds the owner's other ways callers ask (issue 12)."""

from __future__ import annotations

from integrations.dialogue.base import BotProfile
from models import Bot
from voice_runtime.engines import bot_sentences


def test_phrasings_are_part_of_what_callers_may_say() -> None:
    bot = Bot(
        id=1,
        tenant_id=1,
        name="Salon",
        language="en-US",
        faq=[
            {
                "question": "What does a haircut cost?",
                "answer": "From 32 euros.",
                "phrasings": ["How much is a trim?", "What do you charge"],
            },
            {"question": "Where are you?", "answer": "Neubaugasse 7."},
        ],
    )
    sentences = bot_sentences(BotProfile.from_bot(bot))
    assert "How much is a trim?" in sentences and "What do you charge" in sentences
    assert {"What does a haircut cost?", "From 32 euros.", "Where are you?"} <= set(sentences)
