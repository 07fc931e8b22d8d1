"""A voice runtime in a process of its own, as production runs one, with null engines (the
words the caller says are heard as `QUESTION`; replies are tones): what the fault tests
kill, restart and cut off from their database.

    python tests/faults/voice_process.py PORT      # settings from the environment
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from cli.dev import free_local_port

ROOT = Path(__file__).resolve().parents[2]
QUESTION = "what are your opening hours"


def serve(port: int) -> None:
    sys.path.insert(0, str(ROOT))
    import uvicorn

    from core.settings import load_settings
    from voice_runtime.app import SERVER_OPTIONS, create_app
    from voice_runtime.engines import null_engines

    app = create_app(load_settings(), engine_factory=null_engines([QUESTION] * 20))
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", **SERVER_OPTIONS)


class ServerProcess:
    """`command` (which gets the port appended) started with `env` on a free port."""

    def __init__(
        self, command: list[str], env: dict[str, str], log_path: Path, port: int | None = None
    ) -> None:
        self.port = port or free_local_port()
        self.url = f"http://127.0.0.1:{self.port}"
        with open(log_path, "a") as log:
            self.process = subprocess.Popen(  # noqa: S603 (our own scripts, fixed arguments)
                [*command, str(self.port)],
                cwd=log_path.parent,  # keeps a developer's .env out of the test
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def wait_until_serving(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the voice runtime exited with {self.process.returncode}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the voice runtime did not start")

    def kill(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


class VoiceProcess(ServerProcess):
    """This file's runtime with null engines; `kill()` is SIGKILL."""

    def __init__(self, env: dict[str, str], log_path: Path, port: int | None = None) -> None:
        port = port or free_local_port()
        url = f"http://127.0.0.1:{port}"
        env = {**env, "PUBLIC_BASE_URL": url, "VOICE_PORT": str(port)}
        super().__init__([sys.executable, __file__], env, log_path, port)


if __name__ == "__main__":
    serve(int(sys.argv[1]))
