"""An embedded Redis of a test's own (the server `voiceagent dev` runs) on a free port, without
persistence, which the test may restart — never the shared server other tests run on. A
restart loses everything in it, as a restarted Redis without a snapshot does."""

from __future__ import annotations

from cli.dev import free_local_port, start_embedded_redis


class ThrowawayRedis:
    def __init__(self) -> None:
        self.port = free_local_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = start_embedded_redis(self.port)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def restart(self) -> None:
        self.stop()
        self.process = start_embedded_redis(self.port)
