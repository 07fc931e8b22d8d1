"""The engines that take no time (integrations/speech/null_engines.py)."""

from __future__ import annotations

from integrations.speech.null_engines import ToneSynthesizer, tone_mulaw


async def _said(synthesizer: ToneSynthesizer, text: str) -> bytes:
    return b"".join([audio async for audio in synthesizer.synthesize(text)])


async def test_a_tone_is_computed_once_for_every_call_that_says_that_long_a_text() -> None:
    tone_mulaw.cache_clear()
    first = await _said(ToneSynthesizer(), "Hello.")  # each call has a synthesizer of its own
    second = await _said(ToneSynthesizer(), "Howdy.")
    assert first == second == tone_mulaw(200)  # 200 ms at least: 1,600 μ-law bytes
    assert len(first) == 1600
    assert tone_mulaw.cache_info().misses == 1


async def test_a_longer_text_is_a_longer_tone() -> None:
    said = await _said(ToneSynthesizer(milliseconds_per_character=10), "x" * 45)
    assert len(said) == 440 * 8  # 450 ms, in whole 20 ms frames
