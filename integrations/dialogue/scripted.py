"""The offline dialogue engine: greeting, FAQ answers by meaning (matching.py), business
hours, clarifying questions, hand-over and goodbye phrases. No keys, no network,
deterministic.

Entry point for anything that wants a text reply — the voice runtime, and the portal's
"Try it" chat:

    engine = ScriptedDialogue(BotProfile.from_bot(bot))   # one per conversation: it remembers
    engine.greeting()                     # the notice, then the bot's greeting
    reply = engine.reply("Wann habt ihr offen?")   # DialogueReply(text, action, match, ...)

`respond()` is the same as an awaitable, for the DialogueEngine protocol; with a booking
desk (`use_desk`, the voice runtime gives one per call) it also books, moves and cancels
appointments and takes messages (booking_dialogue.py), which needs the await. A reply with empty
text (`reply.silent`) means the caller only acknowledged ("mhm", "passt") and the bot says
nothing. When the bot is unsure it asks which of the two closest topics was meant; after two
questions it cannot answer in a row it offers a person. Asked about something no entry is
near, with a desk to write it down, it says it has no information and offers a message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from integrations.dialogue.base import Action, BotProfile, DialogueReply, FaqMatch, HistoryTurn
from integrations.dialogue.booking_desk import BookingDesk
from integrations.dialogue.booking_dialogue import BookingDialogue
from integrations.dialogue.lexicon import (
    AFFIRMATIVES,
    BACKCHANNELS,
    DONE_FILLER,
    FIRST,
    GOODBYE_PHRASES,
    GOODBYE_WORDS,
    HANDOVER_WORDS,
    HOURS_PHRASINGS,
    MORE_FILLER,
    NAMED_TOPICS,
    NEGATIVES,
    NO_MORE,
    SECOND,
    SPEAK_WORDS,
    STOPWORDS,
    THANKS,
    WANTS_MORE,
    is_backchannel,
    language_of,
    words,
)
from integrations.dialogue.matching import Ranked, Topic, faq_matcher, units
from integrations.dialogue.phrases import opening, phrase, spoken
from integrations.dialogue.service_facts import asks_about_a_service
from integrations.dialogue.spoken_hours import (
    VIENNA,
    closed_all_day,
    day_answer,
    day_asked,
    is_open,
    week_answer,
    week_listing,
)

__all__ = ["VIENNA", "ScriptedDialogue"]

# Tuned on tests/integrations/understanding_dev_set.py (see bench/understanding.py).
ANSWER_AT = 0.36  # the best topic's score from which the bot answers ...
MARGIN = 0.05  # ... when the runner-up is at least this far behind,
SURE_AT = 0.6  # ... and from here on whatever the runner-up
ALONE_AT = 0.25  # the best topic's score that is enough when no other topic fits at all
AHEAD_AT, AHEAD_BY = 0.3, 1.4  # ... or from this score when that far ahead (a ratio)
CLARIFY_AT = 0.15  # below this a topic is not worth naming in a clarifying question
CHOOSE_AT = 0.2  # after a clarifying question, enough to pick one of the topics it named
MISSES_BEFORE_OFFER = 2


class ScriptedDialogue:
    def __init__(self, profile: BotProfile, *, clock: Callable[[], datetime] | None = None):
        self.profile = profile
        self.language = language_of(profile.language)
        self._clock = clock or (lambda: datetime.now(VIENNA))
        phrasings = profile.faq_phrasings
        topics = tuple(
            Topic(q, a, tuple(phrasings[i]) if i < len(phrasings) else ())
            for i, (q, a) in enumerate(profile.faq)
        )
        self._faq_count = len(topics)
        matcher = faq_matcher(topics, self.language)
        # FAQ entries that ask for the opening hours alone: asked about one day, the bot
        # answers that day from the business hours instead of the owner's whole text.
        self._hours_entries = {
            i for i, t in enumerate(topics) if _about_hours(t.question, self.language)
        }
        # Opening hours from the business hours answer, unless an FAQ entry already does.
        if profile.business_hours and not self._hours_entries:
            # Read against the days and times it will say: "are you there on Saturday".
            hours = Topic(
                phrase("hours_question", self.language),
                week_listing(profile.business_hours, self.language),
                HOURS_PHRASINGS[self.language],
            )
            matcher = faq_matcher((*topics, hours), self.language)
        self._matcher = matcher
        self._misses = 0
        self._offered_person = False
        # The topics the last clarifying question named, as they ranked then.
        self._asked_about: tuple[Ranked, ...] = ()
        self._asked_what_else = False  # the last reply ended "Anything else?"
        self._booking: BookingDialogue | None = None

    def use_desk(self, desk: BookingDesk) -> None:
        """Book and take messages through `desk` from now on (the call's)."""
        hours = self.profile.business_hours or {}
        self._booking = BookingDialogue(
            desk,
            self.language,
            self._clock,
            self._faq_answer,
            closed=lambda day: closed_all_day(hours, day),
        )

    def _faq_answer(self, text: str) -> str | None:
        """The answer to `text` if the bot is sure of one (asked in the middle of a booking):
        from the FAQ, else from the services."""
        ranked = self._matcher.rank(text)
        if ranked and _confident(ranked):
            return self._answer_or_fact(ranked[0], text).text
        return self._service_fact(text)

    def _answer_or_fact(self, ranked: Ranked, said: str) -> DialogueReply:
        """The entry's answer, unless the caller asked how long a service takes or what it
        costs and the entry speaks of another (service_facts.py)."""
        answer = self._answer(ranked, said)
        entry = self.profile.faq[ranked.index][0] if ranked.index < self._faq_count else ""
        fact = self._service_fact(said, unless_named_in=f"{entry} {answer.text}")
        return answer if fact is None else DialogueReply(fact)

    def _service_fact(self, text: str, unless_named_in: str = "") -> str | None:
        """How long a named service takes or what it costs, once the services are known."""
        booking = self._booking
        return booking.service_fact(text, unless_named_in) if booking is not None else None

    def greeting(self) -> str:
        """The notice (machine, transcribed) and then the bot's own greeting, or ours."""
        own = self.profile.greeting.strip() or phrase(
            "greeting", self.profile.language, name=self.profile.name
        )
        return opening(own, self.profile.language)

    def reply(self, text: str) -> DialogueReply:
        answer = self._reply(text)
        self._remember(answer)
        return answer

    def _remember(self, answer: DialogueReply) -> None:
        """Whether the caller's next words answer "Anything else?". A silent reply ("Danke.")
        keeps the question open: "Nein." may still follow."""
        if not answer.silent:
            self._asked_what_else = answer.asks_what_else

    def _reply(self, text: str) -> DialogueReply:
        heard = words(text)
        if not heard:
            return DialogueReply(phrase("not_understood", self.language))
        offered, self._offered_person = self._offered_person, False
        asked_about, self._asked_about = self._asked_about, ()
        if _is_goodbye(heard):
            # Before any question the bot asked: "Danke, das war's" is no "yes" to
            # "Meinen Sie unsere Adresse?" or to putting the caller through.
            return DialogueReply(phrase("goodbye", self.language), Action.HANGUP)
        if offered and _is_yes(heard):
            return self.handover()
        if offered and NEGATIVES.intersection(heard):
            return spoken("declined", language=self.language)
        if self._asked_what_else and _wants_more(heard):
            return DialogueReply(phrase("what_else", self.language))
        if _all_done(heard) and (self._asked_what_else or THANKS.intersection(heard)):
            # "Nein, danke" after an answer or "Anything else?": the caller has what they
            # called for. A bare "Nein" only after the question, else it may be a correction.
            return DialogueReply(phrase("goodbye", self.language), Action.HANGUP)
        ranked = self._matcher.rank(text)
        if len(asked_about) > 1 and _is_yes(heard) and AFFIRMATIVES.intersection(heard):
            # "Yes" to "A or B?": which one. A bare "mhm" answers nothing and gets nothing.
            return self._clarify(list(asked_about))
        if asked_about and (chosen := _chosen(heard, ranked, asked_about)) is not None:
            return self._answer(chosen, text)
        if is_backchannel(text):
            self._asked_about = asked_about  # "mhm" answers nothing: the question stays open
            return DialogueReply("")
        if _asks_for_person(heard):
            return self.handover()
        if ranked and _confident(ranked):
            return self._answer_or_fact(ranked[0], text)
        if (fact := self._service_fact(text)) is not None:
            self._misses = 0
            return DialogueReply(fact)
        return self._miss(ranked)

    async def respond(self, text: str, history: list[HistoryTurn]) -> DialogueReply:
        booking = self._booking
        if booking is None:
            return self.reply(text)
        if asks_about_a_service(text, self.language):
            await booking.offered_services()  # for service_fact, once a call
        heard = words(text)
        if booking.active and (_is_goodbye(heard) or _asks_for_person(heard)):
            booking.drop()  # they leave the booking for a goodbye or a person
        elif (answer := await booking.respond(text)) is not None:
            self._misses = 0
            self._remember(answer)
            return replace(answer, booking=True)
        return self.reply(text)

    def listening_for(self) -> str:
        """The words the caller's next answer likely holds, in a booking; else ""."""
        return self._booking.listening_for() if self._booking is not None else ""

    async def summarise(self, history: list[HistoryTurn]) -> str | None:
        return None  # composed from what the call stored: its dialogue state is in the book

    async def aclose(self) -> None:
        return None

    def handover(self) -> DialogueReply:
        """Put the caller through; with nobody to put them through to (no number, or
        outside the opening hours), offer to take a message where a desk can store it."""
        if self._booking is not None and not self._person_reachable():
            return self._booking.offer_message()
        if self.profile.handover_number:
            return DialogueReply(phrase("handover", self.profile.language), Action.HANDOVER)
        return DialogueReply(phrase("no_handover", self.profile.language))

    def handover_failed(self) -> DialogueReply:
        """Nobody took the hand-over."""
        if self._booking is not None:
            return self._booking.offer_message()
        return DialogueReply(phrase("no_handover", self.profile.language))

    def _person_reachable(self) -> bool:
        hours = self.profile.business_hours
        return bool(self.profile.handover_number) and (not hours or is_open(hours, self._clock()))

    def _answer(self, ranked: Ranked, said: str) -> DialogueReply:
        """The matched entry's answer to what the caller `said`; the opening hours for the
        one day they named, if they named one."""
        self._misses = 0
        match = self._match(ranked)
        hours, now = self.profile.business_hours, self._clock()
        if hours and (match.entry is None or match.entry in self._hours_entries):
            day = day_asked(said, self.language, now.astimezone(VIENNA).date())
            if day is not None:
                return DialogueReply(day_answer(hours, self.language, day, now), match=match)
        if match.entry is None:
            return DialogueReply(week_answer(hours, self.language, now), match=match)
        return DialogueReply(self.profile.faq[ranked.index][1], match=match)

    def _match(self, ranked: Ranked) -> FaqMatch:
        entry = ranked.index if ranked.index < self._faq_count else None
        question = self._matcher.topics[ranked.index].question
        return FaqMatch(question=question, confidence=ranked.score, entry=entry)

    def _miss(self, ranked: list[Ranked]) -> DialogueReply:
        self._misses += 1
        if self._misses >= MISSES_BEFORE_OFFER:
            self._misses = 0
            if self._booking is not None and not self._person_reachable():
                return self._booking.offer_message("offer_message_unanswered")
            self._offered_person = bool(self.profile.handover_number)
            key = "offer_person" if self._offered_person else "offer_call_back"
            return DialogueReply(phrase(key, self.language))
        closest = [r for r in ranked[:2] if r.score >= CLARIFY_AT]
        if not closest and ranked and self._booking is not None:
            # Words that say what about, none of them near an entry: out of what the bot
            # knows, not misheard. A message is what it can offer.
            self._misses = 0
            return self._booking.offer_message("no_information")
        if not closest:
            return DialogueReply(phrase("not_understood", self.language))
        return self._clarify(closest)

    def _clarify(self, closest: list[Ranked]) -> DialogueReply:
        """ "Do you mean A, or B?" ("Do you mean A?" for one), remembered for the answer."""
        self._asked_about = tuple(closest)
        names = self._topic_names([r.index for r in closest])
        if len(names) == 1:
            text = phrase("clarify_one", self.language, first=names[0])
        else:
            text = phrase("clarify", self.language, first=names[0], second=names[1])
        return DialogueReply(text, alternatives=tuple(self._match(r) for r in closest))

    def _topic_names(self, indexes: list[int]) -> list[str]:
        """ "our prices" where a topic has a named concept and the names differ, else the
        questions themselves in quotes."""
        names = [self._named_topic(i) for i in indexes]
        if all(names) and len(set(names)) == len(names):
            return [phrase(f"topic_{name}", self.language) for name in names if name]
        return [
            phrase("quoted", self.language, text=self._matcher.topics[i].question.strip(" ?.!"))
            for i in indexes
        ]

    def _named_topic(self, index: int) -> str | None:
        named = [c for c in NAMED_TOPICS if c in self._matcher.concepts(index)]
        return max(named, key=self._matcher.concept_rarity, default=None)


# What a question about the opening hours speaks of, besides them: "Haben Sie am Samstag offen?"
_HOURS_ASKED = {"hours", "day", "weekend", "premises"}


def _about_hours(question: str, language: str) -> bool:
    """Whether an FAQ question asks for the opening hours and nothing else: then its answer
    is the hours. "Kann ich ohne Termin kommen?" answered "offene Sprechstunde" is not."""
    said = units(question, language)
    return any("hours" in u.concepts for u in said) and all(u.concepts & _HOURS_ASKED for u in said)


def _only(heard: list[str], allowed: set[str]) -> bool:
    return all(word in allowed for word in heard)


# Words that say no: "nein danke" declines, "ja danke" does not.
SAYS_NO = NEGATIVES - BACKCHANNELS


def _is_yes(heard: list[str]) -> bool:
    """ "Ja", "yes please", "genau", "ja danke", "ja, genau das": a yes or an
    acknowledgement, with nothing but small words and no "no" ("nein danke")."""
    agreeing = AFFIRMATIVES | BACKCHANNELS
    return (
        bool(agreeing.intersection(heard))
        and _only(heard, agreeing | STOPWORDS)
        and not SAYS_NO.intersection(heard)
    )


def _confident(ranked: list[Ranked]) -> bool:
    best = ranked[0].score
    runner_up = ranked[1].score if len(ranked) > 1 else 0.0
    if runner_up == 0.0:  # nothing else fits at all: "Do you mean X?" would only delay
        return best >= ALONE_AT
    if best >= AHEAD_AT and best >= AHEAD_BY * runner_up:
        return True
    return best >= SURE_AT or (best >= ANSWER_AT and best - runner_up >= MARGIN)


def _chosen(
    heard: list[str], ranked: list[Ranked], asked_about: tuple[Ranked, ...]
) -> Ranked | None:
    """The topic the caller picked after "Do you mean A or B?": by order ("the first"),
    by a yes to a single topic (both as they ranked when asked: "ja" alone ranks nothing),
    or by words that fit one of them better."""
    if FIRST.intersection(heard):
        return asked_about[0]
    if SECOND.intersection(heard) and len(asked_about) > 1:
        return asked_about[1]
    if len(asked_about) == 1 and _is_yes(heard):
        return asked_about[0]
    scores = {r.index: r for r in ranked}
    named = sorted(
        (scores[a.index] for a in asked_about if a.index in scores), key=lambda r: -r.score
    )
    if (
        named
        and named[0].score >= CHOOSE_AT
        and (len(named) == 1 or named[0].score > named[1].score)
    ):
        return named[0]
    return None


def _wants_more(heard: list[str]) -> bool:
    """ "Ja", "Ja, ich hätte noch eine Frage", "Yes, one more thing": yes, and nothing else
    asked yet."""
    return bool(WANTS_MORE.intersection(heard)) and _only(heard, WANTS_MORE | MORE_FILLER)


def _all_done(heard: list[str]) -> bool:
    """ "Nein", "Nein danke, das war alles", "Nothing else, thanks": no, and nothing else."""
    return bool(NO_MORE.intersection(heard)) and _only(heard, NO_MORE | DONE_FILLER)


def _asks_for_person(heard: list[str]) -> bool:
    """ "Can I talk to a person", "Mitarbeiter bitte" — but not "can someone cut my hair on
    Sunday"."""
    if not HANDOVER_WORDS.intersection(heard):
        return False
    meaningful = [w for w in heard if w not in STOPWORDS]
    return bool(SPEAK_WORDS.intersection(heard)) or len(meaningful) <= 2


def _is_goodbye(heard: list[str]) -> bool:
    joined = " ".join(heard)
    return bool(GOODBYE_WORDS.intersection(heard)) or any(p in joined for p in GOODBYE_PHRASES)
