"""Which engines a call uses, from the bot's settings — and the fallback to the offline
engines when a cloud engine fails: the caller hears a short apology, the offline engine
takes over for the rest of the call, and the call goes on.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable
from contextlib import aclosing
from dataclasses import dataclass, field

from integrations.dialogue.base import (
    AnswerStream,
    BotProfile,
    DialogueEngine,
    DialogueReply,
    DialogueServiceError,
    HistoryTurn,
)
from integrations.dialogue.booking_desk import BookingDesk
from integrations.dialogue.openai_chat import OpenAIChatDialogue
from integrations.dialogue.phrases import phrase
from integrations.dialogue.scripted import ScriptedDialogue
from integrations.speech.base import SpeechServiceError, Synthesizer, Transcriber
from integrations.speech.espeak_tts import EspeakSynthesizer
from integrations.speech.no_recognition import NoRecognition
from integrations.speech.null_engines import NullTranscriber, ToneSynthesizer
from integrations.speech.whisper_stt import WhisperPool, bot_prompt
from voice_runtime import cloud_engines
from voice_runtime.cloud_engines import CloudServices

log = logging.getLogger(__name__)


@dataclass
class FailureFlag:
    """Set by a fallback wrapper when its primary engine failed; the call apologises once."""

    apology_due: bool = False
    failed: set[str] = field(default_factory=set)

    def record(self, engine: str, error: Exception, *, apologised: bool = False) -> None:
        log.warning("%s engine failed, offline engine takes over: %s", engine, error)
        if engine not in self.failed:
            self.failed.add(engine)
            self.apology_due = self.apology_due or not apologised

    def take_apology(self) -> bool:
        due, self.apology_due = self.apology_due, False
        return due


@dataclass
class EngineSet:
    transcriber: Transcriber
    synthesizer: Synthesizer
    dialogue: DialogueEngine
    scripted: ScriptedDialogue  # greeting and fixed phrases always come from here
    failures: FailureFlag = field(default_factory=FailureFlag)
    # The first words of speech still going on, where the recogniser can decode a moment's
    # audio (Whisper): speech over the bot that begins an interruption stops it at once.
    first_words: Callable[[bytes], Awaitable[str]] | None = None

    async def answer(self, text: str, history: list[HistoryTurn]) -> AnswerStream:
        """The dialogue's answer to `text`: streamed as the model writes it, or known at
        once from the offline dialogue."""
        if isinstance(self.dialogue, FallbackDialogue):
            return self.dialogue.stream(text, history)
        return AnswerStream.of(await self.dialogue.respond(text, history))

    def use_desk(self, desk: BookingDesk) -> None:
        """The call's appointment book and message pad, for whichever engine answers."""
        self.scripted.use_desk(desk)
        if self.dialogue is not self.scripted:
            self.dialogue.use_desk(desk)

    @property
    def hears_callers(self) -> bool:
        """False for an offline German bot: it cannot understand speech (no_recognition.py)."""
        return not isinstance(self.transcriber, NoRecognition)

    async def summary_line(self, history: list[HistoryTurn]) -> str | None:
        """The dialogue engine's summary of the call (the chat model writes one), or None
        to keep the one composed from the call's records — also when the model fails or
        takes longer than its answer timeout."""
        try:
            return await self.dialogue.summarise(history)
        except DialogueServiceError as error:
            log.warning("the call's summary stays composed: %s", error)
            return None

    async def aclose(self) -> None:
        for engine in (self.transcriber, self.synthesizer, self.dialogue):
            try:
                await engine.aclose()
            except Exception:  # closing must never break the call's final bookkeeping
                log.exception("closing an engine failed")


class FallbackTranscriber:
    def __init__(self, primary: Transcriber, fallback: Transcriber, flag: FailureFlag) -> None:
        self._primary, self._fallback, self._flag = primary, fallback, flag
        self._use_fallback = False

    async def transcribe(self, pcm8k: bytes) -> str:
        if not self._use_fallback:
            try:
                return await self._primary.transcribe(pcm8k)
            except SpeechServiceError as error:
                self._flag.record("stt", error)
                self._use_fallback = True
        return await self._fallback.transcribe(pcm8k)

    async def prepare(self) -> None:
        # The offline recogniser builds its model in its worker process meanwhile, so a
        # failure later is answered without that wait.
        await asyncio.gather(self._primary.prepare(), self._fallback.prepare())

    async def aclose(self) -> None:
        await self._primary.aclose()
        await self._fallback.aclose()


class FallbackSynthesizer:
    """When the cloud voice fails on a text, the offline voice says the apology and that
    text at once (the text is already on its way to the caller, so the apology cannot
    wait for the next reply)."""

    def __init__(
        self, primary: Synthesizer, fallback: Synthesizer, flag: FailureFlag, apology: str
    ) -> None:
        self._primary, self._fallback, self._flag = primary, fallback, flag
        self._apology = apology
        self._use_fallback = False

    async def synthesize(self, text: str) -> AsyncIterator[bytes]:
        if not self._use_fallback:
            produced = False
            try:
                async for chunk in self._primary.synthesize(text):
                    produced = True
                    yield chunk
                return
            except SpeechServiceError as error:
                self._use_fallback = True
                if produced:
                    # The caller heard part of it: do not start over; apologise next time.
                    self._flag.record("tts", error)
                    return
                self._flag.record("tts", error, apologised=True)
                text = f"{self._apology} {text}"
        async for chunk in self._fallback.synthesize(text):
            yield chunk

    async def aclose(self) -> None:
        await self._primary.aclose()
        await self._fallback.aclose()


class FallbackDialogue:
    """A streaming cloud model with the offline dialogue behind it. When the model fails
    before it said a word the offline engine answers (after the apology: the reply takes
    it with its first words, speaking.py); one that fails mid-answer ends that answer with
    what was said, and the next reply apologises."""

    def __init__(
        self, primary: OpenAIChatDialogue, fallback: DialogueEngine, flag: FailureFlag
    ) -> None:
        self._primary, self._fallback, self._flag = primary, fallback, flag
        self._use_fallback = False

    def stream(self, text: str, history: list[HistoryTurn]) -> AnswerStream:
        return AnswerStream(lambda answer: self._written(answer, text, history))

    async def _written(
        self, answer: AnswerStream, text: str, history: list[HistoryTurn]
    ) -> AsyncGenerator[str, None]:
        if not self._use_fallback:
            primary = self._primary.stream(text, history)
            said = False
            try:
                async with aclosing(primary.pieces) as pieces:
                    async for piece in pieces:
                        said = True
                        yield piece
                answer.action = primary.action
                return
            except DialogueServiceError as error:
                self._use_fallback = True
                self._flag.record("dialogue", error)
                if said:
                    return
        reply = await self._fallback.respond(text, history)
        answer.action = reply.action
        if reply.text:
            yield reply.text

    async def respond(self, text: str, history: list[HistoryTurn]) -> DialogueReply:
        if not self._use_fallback:
            try:
                return await self._primary.respond(text, history)
            except DialogueServiceError as error:
                self._flag.record("dialogue", error)
                self._use_fallback = True
        return await self._fallback.respond(text, history)

    def use_desk(self, desk: BookingDesk) -> None:
        self._primary.use_desk(desk)
        self._fallback.use_desk(desk)

    async def summarise(self, history: list[HistoryTurn]) -> str | None:
        """The model's line, unless the model already failed in this call: the call's
        records are not kept waiting for it twice."""
        if self._use_fallback:
            return None
        return await self._primary.summarise(history)

    async def aclose(self) -> None:
        await self._primary.aclose()
        await self._fallback.aclose()


# Keys per provider that cloud engines need, loaded with the call (tenant's, else platform's).
Credentials = dict[str, str]
EngineFactory = Callable[[BotProfile, Credentials], EngineSet]


def build_engines(
    profile: BotProfile,
    credentials: Credentials,
    cloud: CloudServices | None = None,
    whisper: WhisperPool | None = None,
) -> EngineSet:
    """The engines the bot asks for; cloud engines are wrapped with their offline fallback.
    Without `cloud` (no settings at hand) every bot gets the offline engines. With `whisper`
    English bots hear through Whisper, prompted with the bot's own words; offline, German
    bots (and English ones without Whisper) hear nothing (no_recognition.py)."""
    scripted = ScriptedDialogue(profile)
    flag = FailureFlag()
    offline_stt: Transcriber = NoRecognition()
    first_words = None
    if whisper is not None and not profile.is_german:
        questions = [question for question, _answer in profile.faq]
        whisper_stt = whisper.transcriber(
            bot_prompt(profile.name, questions, profile.business_hours),
            expected=scripted.listening_for,  # a booking's next answer, offline
        )
        offline_stt, first_words = whisper_stt, whisper_stt.first_words
    offline_tts: Synthesizer = EspeakSynthesizer(profile.language, profile.voice)
    if cloud is None:
        return EngineSet(offline_stt, offline_tts, scripted, scripted, flag, first_words)

    transcriber = offline_stt
    if primary_stt := cloud_engines.transcriber(profile, credentials, cloud):
        transcriber = FallbackTranscriber(primary_stt, offline_stt, flag)
        first_words = None  # a cloud recogniser hears the words; it is not asked twice
    synthesizer = offline_tts
    if primary_tts := cloud_engines.synthesizer(profile, credentials, cloud):
        apology = phrase("apology", profile.language)
        synthesizer = FallbackSynthesizer(primary_tts, offline_tts, flag, apology)
    dialogue: DialogueEngine = scripted
    if primary_dialogue := cloud_engines.dialogue(profile, credentials, cloud):
        dialogue = FallbackDialogue(primary_dialogue, scripted, flag)
    return EngineSet(transcriber, synthesizer, dialogue, scripted, flag, first_words)


def bot_engines(cloud: CloudServices, whisper: WhisperPool | None = None) -> EngineFactory:
    """The production engine factory: each bot's choice, cloud services from the settings."""
    return functools.partial(build_engines, cloud=cloud, whisper=whisper)


def null_engines(texts: list[str] | None = None) -> EngineFactory:
    """Engines that take no time (bench, and tests where audio quality is not the point):
    every utterance is heard as the next of `texts`, every reply is a tone."""

    def factory(profile: BotProfile, _credentials: Credentials) -> EngineSet:
        scripted = ScriptedDialogue(profile)
        return EngineSet(NullTranscriber(texts or ()), ToneSynthesizer(), scripted, scripted)

    return factory
