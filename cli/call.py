"""`voiceagent call NUMBER --say "…"`: phone a bot on a running voice runtime, as Twilio would.

Speaks each --say line with espeak-ng (and each --wav file) in real time, records the bot's
audio to a WAV file and prints the conversation with each answer's latency. What the bot
said is shown as Whisper (the runtime's offline English recogniser) heard it; for a German
--language only its length is shown (nothing offline hears German well).

`--typed` tries a bot as a caller who types: the call goes to a runtime of its own (on the
same database), whose recogniser hears each --say line exactly as typed — the way to try a
German bot here, where German speech is not recognised offline. The bot still speaks, and
the call is stored like any other; the transcript is printed from it.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

import click
import httpx

from core.settings import VAR_DIR, Settings

if TYPE_CHECKING:
    from integrations.speech.whisper_stt import WhisperPool
    from voice_runtime.simulated_twilio import CallerConfig


@click.command()
@click.argument("number")
@click.option("--say", "lines", multiple=True, help="A sentence the caller says (repeatable).")
@click.option(
    "--wav",
    "wav_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A WAV file the caller plays (repeatable, after the --say lines).",
)
@click.option("--language", default="en-US", show_default=True, help="Voice for --say lines.")
@click.option(
    "--typed",
    is_flag=True,
    help="The bot hears each --say line as typed (a runtime of its own, same database).",
)
@click.option("--from", "from_number", default="+436641234567", show_default=True,
              help="The caller's number (Twilio's From).")  # fmt: skip
@click.option("--url", default=None, help="Runtime address (default: localhost:VOICE_PORT).")
@click.option(
    "--record",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to write the bot's audio (default: var/call-<sid>.wav).",
)
@click.pass_obj
def call(
    settings: Settings,
    number: str,
    lines: tuple[str, ...],
    wav_files: tuple[Path, ...],
    language: str,
    typed: bool,
    from_number: str,
    url: str | None,
    record: Path | None,
) -> None:
    """Call NUMBER on a running voice runtime and talk to its bot."""
    if any(not line.strip() for line in lines):  # espeak-ng says nothing: no WAV, no line
        raise click.BadParameter("a --say line needs words; leave silence out.", param_hint="--say")
    if typed:
        from cli.typed_call import typed_call

        asyncio.run(typed_call(settings, number, list(lines), language, from_number))
        return
    from integrations.speech.whisper_stt import WhisperModelError

    caller, models = _caller(settings, url, from_number), settings.whisper_model_dir
    try:
        asyncio.run(_converse(caller, number, lines, wav_files, language, record, models))
    except (OSError, httpx.TransportError) as error:
        raise click.ClickException(f"cannot reach the voice runtime: {error}") from None
    except WhisperModelError as error:
        raise click.ClickException(str(error)) from None


def _caller(settings: Settings, url: str | None, from_number: str) -> CallerConfig:
    """Twilio's side of the call: the runtime's address, and the token that signs."""
    from voice_runtime.signatures import twilio_auth_token
    from voice_runtime.simulated_twilio import CallerConfig

    return CallerConfig(
        runtime_url=url or f"http://127.0.0.1:{settings.voice_port}",
        public_base_url=settings.public_base_url,
        auth_token=twilio_auth_token(settings),
        from_number=from_number,
    )


async def _converse(
    caller: CallerConfig,
    number: str,
    lines: tuple[str, ...],
    wav_files: tuple[Path, ...],
    language: str,
    record: Path | None,
    whisper_model_dir: Path | None,
) -> None:
    from integrations.speech.audio import read_wav_as_pcm8k
    from integrations.speech.espeak_tts import EspeakSynthesizer
    from integrations.speech.whisper_stt import WhisperPool

    voice = EspeakSynthesizer(language)
    utterances = [(line, await voice.synthesize_pcm8k(line)) for line in lines]
    utterances += [(f"[{path.name}]", read_wav_as_pcm8k(path.read_bytes())) for path in wav_files]
    whisper = None if language.startswith("de") else WhisperPool(whisper_model_dir, workers=1)
    try:
        await _talk(caller, number, utterances, whisper, record)
    finally:
        if whisper is not None:
            whisper.shutdown()


async def _talk(
    caller: CallerConfig,
    number: str,
    utterances: list[tuple[str, bytes]],
    whisper: WhisperPool | None,
    record: Path | None,
) -> None:
    from integrations.speech.audio import mulaw_to_pcm, pcm8k_to_wav
    from voice_runtime.simulated_twilio import Rejected
    from voice_runtime.simulator import SimulatedCall

    async def heard(mulaw: bytes) -> str:
        length = f"[{len(mulaw) / 8000:.1f} s of audio"
        if whisper is None:
            return length + "]"
        words = await whisper.transcriber().transcribe(mulaw_to_pcm(mulaw)) or "…"
        return f"{length}, heard as:] {words}"

    try:
        async with SimulatedCall.dial(caller, to_number=number) as call:
            click.echo(f"calling {number} (call {call.call_sid})")
            await call.wait_for_bot_quiet()
            click.echo(f"  bot:    {await heard(bytes(call.bot_audio))}")
            for text, pcm in utterances:
                click.echo(f"  caller: {text}")
                turn = await call.say(pcm)
                latency = (
                    f"{turn.latency_ms:.0f} ms" if turn.latency_ms is not None else "no answer"
                )
                click.echo(f"  bot:    {await heard(turn.bot_audio)}   ({latency})")
                if call.closed.is_set():
                    click.echo("  (the bot ended the call)")
                    break
            sid = call.call_sid
    except Rejected as rejected:
        click.echo(f"The call was not taken: {rejected.said}")
        return
    path = record or VAR_DIR / f"call-{sid}.wav"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pcm8k_to_wav(mulaw_to_pcm(bytes(call.bot_audio))))
    click.echo(f"bot audio written to {path}")
