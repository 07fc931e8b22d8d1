"""Telephone audio conversions: μ-law 8 kHz ⇄ 16-bit PCM, resampling, 20 ms framing.

Twilio Media Streams carry 8-bit μ-law at 8 kHz in 20 ms frames (160 bytes). The standard
library's `audioop` does the conversions in C; it left the standard library in Python 3.13,
where the `audioop-lts` package provides the same module.
"""

from __future__ import annotations

import io
import warnings
import wave

with warnings.catch_warnings():
    # Deprecated in 3.11/3.12 and replaced by audioop-lts from 3.13 on; both are fine here.
    warnings.simplefilter("ignore", DeprecationWarning)
    import audioop

SAMPLE_RATE = 8000
FRAME_MS = 20
FRAME_SAMPLES = SAMPLE_RATE * FRAME_MS // 1000  # 160
MULAW_FRAME_BYTES = FRAME_SAMPLES  # one byte per sample
PCM_FRAME_BYTES = FRAME_SAMPLES * 2
MULAW_SILENCE = b"\xff"  # μ-law code for a zero sample


def mulaw_to_pcm(data: bytes) -> bytes:
    return audioop.ulaw2lin(data, 2)


def pcm_to_mulaw(data: bytes) -> bytes:
    return audioop.lin2ulaw(data, 2)


def quieter(mulaw: bytes, gain: float) -> bytes:
    """μ-law audio with every sample scaled by `gain` (0.5: 6 dB softer)."""
    return pcm_to_mulaw(audioop.mul(mulaw_to_pcm(mulaw), 2, gain))


def resample(pcm: bytes, from_rate: int, to_rate: int) -> bytes:
    if from_rate == to_rate or not pcm:
        return pcm
    converted, _state = audioop.ratecv(pcm, 2, 1, from_rate, to_rate, None)
    return converted


def rms(pcm: bytes) -> int:
    return audioop.rms(pcm, 2) if pcm else 0


def mulaw_frames(mulaw: bytes) -> list[bytes]:
    """Split μ-law audio into 20 ms frames, padding the last one with silence."""
    frames = [mulaw[i : i + MULAW_FRAME_BYTES] for i in range(0, len(mulaw), MULAW_FRAME_BYTES)]
    if frames and len(frames[-1]) < MULAW_FRAME_BYTES:
        frames[-1] = frames[-1].ljust(MULAW_FRAME_BYTES, MULAW_SILENCE)
    return frames


def silence_mulaw(milliseconds: int) -> bytes:
    return MULAW_SILENCE * (SAMPLE_RATE * milliseconds // 1000)


def read_wav_as_pcm8k(data: bytes) -> bytes:
    """Mono 16-bit PCM at 8 kHz from a WAV file's bytes (any rate, mono or stereo, 8/16 bit)."""
    with wave.open(io.BytesIO(data)) as wav:
        channels, width, rate = wav.getnchannels(), wav.getsampwidth(), wav.getframerate()
        pcm = wav.readframes(wav.getnframes())
    if width != 2:
        pcm = audioop.lin2lin(pcm, width, 2)
    if channels == 2:
        pcm = audioop.tomono(pcm, 2, 0.5, 0.5)
    elif channels != 1:
        raise ValueError(f"a WAV file with {channels} channels is not supported")
    return resample(pcm, rate, SAMPLE_RATE)


def pcm8k_to_wav(pcm: bytes) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(SAMPLE_RATE)
        wav.writeframes(pcm)
    return buffer.getvalue()
