"""Fictional phone numbers for development and tests, from a pool kept in a JSON file.

The file plays the provider's side: a purchase is written (and fsynced) before `buy_number`
returns, exactly like a real provider that has charged for the number, and it survives the
worker that made it. Numbers come from one fixed block and are handed out in order; a
released number is never handed out again, so no two bots ever share one.
An exclusive `flock` serialises workers on one machine, which is all development needs.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from integrations.telephony.base import (
    NoNumberAvailable,
    NumberRegistration,
    NumberWiring,
    OwnedNumber,
)

# Vienna (+43 1) with a prefix we treat as fictional: these numbers are never dialled and
# never bought from a real carrier. 10,000 numbers are plenty for any development database.
POOL_PREFIX = "+43 1 99999".replace(" ", "")
POOL_SIZE = 10_000


class LocalTelephony:
    name = "local"
    account: str | None = None

    def __init__(self, path: Path) -> None:
        self._path = Path(path)

    def find_by_tag(self, tag: str) -> OwnedNumber | None:
        with self._pool() as pool:
            for sid, entry in pool["numbers"].items():
                if entry["tag"] == tag and not entry["released"]:
                    return _owned(sid, entry)
        return None

    def needs_registration(self, country: str) -> bool:
        return False  # fictional numbers: no regulator to satisfy

    def buy_number(
        self,
        *,
        tag: str,
        country: str,
        wiring: NumberWiring,
        area_code: str | None = None,
        registration: NumberRegistration | None = None,
    ) -> OwnedNumber:
        if country != "AT" or area_code not in (None, "", "1"):
            raise NoNumberAvailable(
                f"The local number pool only has Vienna numbers (AT, area code 1), "
                f"not {country} {area_code or ''}".strip()
            )
        with self._pool(write=True) as pool:
            serial = pool["next_serial"]
            if serial >= POOL_SIZE:
                raise NoNumberAvailable("The local number pool is used up.")
            pool["next_serial"] = serial + 1
            sid = f"LN{serial:08d}"
            pool["numbers"][sid] = {
                "e164": f"{POOL_PREFIX}{serial:04d}",
                "country": country,
                "tag": tag,
                "voice_url": wiring.voice_url,
                "status_callback": wiring.status_callback,
                "released": False,
            }
            return _owned(sid, pool["numbers"][sid])

    def release_number(self, provider_sid: str) -> None:
        with self._pool(write=True) as pool:
            entry = pool["numbers"].get(provider_sid)
            if entry is not None:
                entry["released"] = True

    def numbers(self) -> dict[str, dict[str, Any]]:
        """Every number ever handed out, by sid (for tests and the curious developer)."""
        with self._pool() as pool:
            return pool["numbers"]

    @contextmanager
    def _pool(self, *, write: bool = False) -> Iterator[dict[str, Any]]:
        # The lock lives in its own file: the pool file itself is replaced on every write,
        # and a lock on a replaced file would guard nothing.
        self._path.parent.mkdir(parents=True, exist_ok=True)
        lock_path = self._path.with_name(self._path.name + ".lock")
        with open(lock_path, "a", encoding="utf-8") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX if write else fcntl.LOCK_SH)
            pool = self._read()
            yield pool
            if write:
                self._replace(pool)

    def _read(self) -> dict[str, Any]:
        try:
            return json.loads(self._path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {"next_serial": 0, "numbers": {}}

    def _replace(self, pool: dict[str, Any]) -> None:
        # Write a sibling file and rename it over the pool: a crash mid-write never leaves a
        # half-written pool behind.
        temporary = self._path.with_name(self._path.name + ".tmp")
        with open(temporary, "w", encoding="utf-8") as out:
            json.dump(pool, out, indent=1, sort_keys=True)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, self._path)


def _owned(sid: str, entry: dict[str, Any]) -> OwnedNumber:
    return OwnedNumber(
        e164=entry["e164"], provider_sid=sid, country=entry["country"], tag=entry["tag"]
    )
