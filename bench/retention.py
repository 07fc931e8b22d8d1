"""Retention speed: the nightly run (services.retention.apply_retention) over 1,000,000 calls.

    .venv/bin/python bench/retention.py [--calls 1000000] [--turns-per-call 2] [--batch 5000]
                                        [--superuser]

Creates a scratch PostgreSQL database (migrated with the real Alembic history), loads one
tenant with `--calls` calls spread over the last 60 days (bench/scratch_data.py) and
`--turns-per-call` transcript turns on each, sets the tenant's periods to 20 days for
transcripts and 1 month for calls (so about two thirds of the turns and half the caller
numbers are due), times one run in batches of `--batch`, times a second run (nothing left to
do: it only walks the ids), and drops the database. It runs as the application role, so row
security applies as in production (`--superuser`: as the owner). rows_per_s counts the rows
the first run deleted or changed, over its time. Target on the 2-core machine: 50,000 rows/s.
The last line is `rows_per_s=N`.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import uuid
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.app_role import application_url  # noqa: E402
from bench.scratch_data import load_tenant  # noqa: E402
from models.database import make_engine, make_session_factory  # noqa: E402
from models.migrate import upgrade  # noqa: E402
from services.retention import apply_retention  # noqa: E402

ADMIN_DSN = os.environ.get(
    "BENCH_POSTGRES_ADMIN_DSN", "postgresql://postgres@127.0.0.1:5432/postgres"
)


def load_turns(dsn: str, tenant_id: int, per_call: int) -> int:
    """`per_call` transcript turns on every call of the tenant, by COPY."""
    with psycopg.connect(dsn) as db:
        call_ids = [
            row[0] for row in db.execute("SELECT id FROM calls WHERE tenant_id = %s", (tenant_id,))
        ]
        with db.cursor().copy(
            "COPY call_turns (tenant_id, call_id, seq, speaker, text, started_ms, interrupted)"
            " FROM STDIN"
        ) as copy:
            for call_id in call_ids:
                for seq in range(per_call):
                    speaker = "caller" if seq % 2 == 0 else "bot"
                    copy.write_row(
                        (
                            tenant_id,
                            call_id,
                            seq,
                            speaker,
                            "Ich hätte gern einen Termin.",
                            seq * 2000,
                            False,
                        )
                    )
        db.execute(
            "UPDATE tenants SET transcript_retention_days = 20, call_retention_months = 1"
            " WHERE id = %s",
            (tenant_id,),
        )
        db.execute("ANALYZE")
    return len(call_ids) * per_call


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1_000_000)
    parser.add_argument("--turns-per-call", type=int, default=2)
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument(
        "--superuser", action="store_true", help="run as the owner (row security bypassed)"
    )
    args = parser.parse_args()

    name = f"voiceagent_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    dsn = f"{ADMIN_DSN.rsplit('/', 1)[0]}/{name}"
    url = dsn.replace("postgresql://", "postgresql+psycopg://", 1)
    serving_url = url if args.superuser else application_url(url, ADMIN_DSN)
    engine = make_engine(serving_url)
    try:
        upgrade(database_url=url, application_url=serving_url)
        t0 = time.perf_counter()
        tenant_id = load_tenant(dsn, args.calls)
        turns = load_turns(dsn, tenant_id, args.turns_per_call)
        print(f"loaded {args.calls} calls and {turns} turns in {time.perf_counter() - t0:.1f} s")
        factory = make_session_factory(engine)

        started = time.perf_counter()
        run = apply_retention(session_factory=factory, tenant_id=tenant_id, batch_size=args.batch)
        first_s = time.perf_counter() - started
        started = time.perf_counter()
        rerun = apply_retention(session_factory=factory, tenant_id=tenant_id, batch_size=args.batch)
        rerun_s = time.perf_counter() - started

        print(f"first run: {run.counts} in {first_s:.2f} s")
        walked = args.calls / rerun_s
        print(f"second run: {rerun.changed} rows in {rerun_s:.2f} s ({walked:,.0f} calls/s)")
        print(f"rows_per_s={run.changed / first_s:.0f}")
    finally:
        engine.dispose()
        with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
