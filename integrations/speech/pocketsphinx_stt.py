"""Offline speech to text with pocketsphinx (English only: its model ships in the wheel).

The model expects 16 kHz audio, so the 8 kHz telephone audio is upsampled; recognition runs
with a language model built from the bot's own sentences (see language_model.py), which
turns pocketsphinx from near-random into usable for keyword matching. Recognition runs in a
worker process (see below).

There is no offline German model here: German bots fall back to the English model, which
hears German as English words. Test German bots with German TTS plus injected text.
"""

from __future__ import annotations

import asyncio
import functools
import multiprocessing
import os
import tempfile
from collections import OrderedDict
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from integrations.speech.audio import resample
from integrations.speech.language_model import COMMON_CALLER_SENTENCES, build_arpa, words_of

MODEL_SAMPLE_RATE = 16000


@functools.cache
def dictionary_words() -> frozenset[str]:
    """The words the pronouncing dictionary knows (read once per process)."""
    from pocketsphinx import get_model_path

    path = Path(get_model_path()) / "en-us" / "cmudict-en-us.dict"
    with path.open(encoding="utf-8") as handle:
        return frozenset(line.split(" ", 1)[0] for line in handle if line.strip())


def make_decoder(sentences: Iterable[str]) -> Any:
    """A pocketsphinx decoder whose language model covers `sentences`. Takes ~0.1 s."""
    from pocketsphinx import Decoder

    known = dictionary_words()
    arpa = build_arpa([*COMMON_CALLER_SENTENCES, *sentences], known_words=set(known))
    handle, path = tempfile.mkstemp(suffix=".arpa")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(arpa)
        return Decoder(samprate=MODEL_SAMPLE_RATE, lm=path, loglevel="FATAL")
    finally:
        os.unlink(path)


# Building a decoder holds the GIL for up to a second and decoding for tens of milliseconds,
# which would stall every other call's audio in the runtime's event loop. So recognition
# runs in a separate worker process, shared by the calls of this runtime process, which
# keeps one decoder per distinct language model (i.e. per bot) for reuse.
_WORKERS = 1
_CACHED_DECODERS = 32
_pool: ProcessPoolExecutor | None = None
_decoders: OrderedDict[tuple[str, ...], Any] = OrderedDict()  # inside the worker process


def _worker_pool() -> ProcessPoolExecutor:
    global _pool
    if _pool is None:
        # spawn, not fork: the runtime process has threads, and a forked copy of their locks
        # can deadlock the child.
        _pool = ProcessPoolExecutor(_WORKERS, mp_context=multiprocessing.get_context("spawn"))
    return _pool


def shutdown_worker() -> None:
    """Stop the worker process and wait until it has exited (the runtime's shutdown); the
    next call starts a new one.

    Waiting matters: uvicorn ends a SIGTERM'd server by raising SIGTERM again once the
    shutdown is done, which kills the process without running its exit handlers. A worker
    not yet gone by then is orphaned, and keeps multiprocessing's resource tracker alive
    with it. Once the worker has exited, the tracker follows the runtime as it exits."""
    global _pool
    pool, _pool = _pool, None
    if pool is not None:
        # Drops decodes still waiting; one running finishes (tens of milliseconds).
        pool.shutdown(wait=True, cancel_futures=True)


def _decoder_for(sentences: tuple[str, ...]) -> Any:
    decoder = _decoders.get(sentences)
    if decoder is None:
        decoder = _decoders[sentences] = make_decoder(sentences)
        while len(_decoders) > _CACHED_DECODERS:
            _decoders.popitem(last=False)
    _decoders.move_to_end(sentences)
    return decoder


def _decode_in_worker(sentences: tuple[str, ...], pcm8k: bytes) -> str:
    decoder = _decoder_for(sentences)
    if not pcm8k:
        return ""
    decoder.start_utt()
    decoder.process_raw(resample(pcm8k, 8000, MODEL_SAMPLE_RATE), full_utt=True)
    decoder.end_utt()
    hypothesis = decoder.hyp()
    return hypothesis.hypstr if hypothesis else ""


class PocketsphinxTranscriber:
    """Made per call with the bot's sentences; recognition runs in the worker process."""

    def __init__(self, sentences: Iterable[str] = ()) -> None:
        self._sentences = tuple(sorted({s for s in sentences if words_of(s)}))

    async def transcribe(self, pcm8k: bytes) -> str:
        if not pcm8k:
            return ""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(_worker_pool(), _decode_in_worker, self._sentences, pcm8k)

    async def prepare(self) -> None:
        """Start the worker and build this bot's decoder while the bot greets."""
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(_worker_pool(), _decode_in_worker, self._sentences, b"")

    async def aclose(self) -> None:
        return None
