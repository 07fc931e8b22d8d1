"""Usage ingest speed: N usage events into PostgreSQL through services.usage.record_usage.

    .venv/bin/python bench/usage_ingest.py [--events 1000000] [--batch 10000] [--workers 1]

Creates a scratch database (migrated with the real Alembic history), records the events in
batches, one commit per batch as a worker would (`--workers N`: N workers at once, each on
its own connection, taking every Nth batch — PostgreSQL's unique-index and foreign-key
work for one batch then runs beside the next one's), then records the first batch again to
show it is ignored, and drops the database. Target on the 2-core machine: 100,000 events/s.
The last line is `events_per_s=N`.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from models import Tenant, UsageKind  # noqa: E402
from models.database import make_engine, make_session_factory  # noqa: E402
from models.migrate import upgrade  # noqa: E402
from models.scoping import staff_session  # noqa: E402
from services.usage import UsageRecord, record_usage  # noqa: E402

ADMIN_DSN = os.environ.get(
    "BENCH_POSTGRES_ADMIN_DSN", "postgresql://postgres@127.0.0.1:5432/postgres"
)
START = datetime(2026, 10, 1, tzinfo=UTC)


def make_batch(tenant_ids: list[int], first: int, size: int) -> list[UsageRecord]:
    return [
        UsageRecord(
            tenant_id=tenant_ids[i % len(tenant_ids)],
            kind=UsageKind.CALL_SECONDS,
            quantity=30 + i % 600,
            occurred_at=START + timedelta(seconds=i),
            idempotency_key=f"bench:call:{i}:seconds",
            bot_id=i % 50 + 1,
            call_id=i,
        )
        for i in range(first, first + size)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=1, help="connections recording at once")
    args = parser.parse_args()

    name = f"voiceagent_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = (
        ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
        + "/"
        + name
    )
    engine = make_engine(url)
    try:
        upgrade(database_url=url)
        factory = make_session_factory(engine)
        with staff_session(factory) as session:
            tenants = [Tenant(name=f"Bench {n}", slug=f"bench-{n}") for n in range(20)]
            session.add_all(tenants)
            session.commit()
            tenant_ids = [t.id for t in tenants]

        totals = [[0, 0.0] for _ in range(args.workers)]  # stored, seconds building

        def work(worker: int) -> None:
            with staff_session(factory) as session:
                step = args.batch * args.workers
                for first in range(worker * args.batch, args.events, step):
                    t0 = time.perf_counter()
                    batch = make_batch(tenant_ids, first, min(args.batch, args.events - first))
                    totals[worker][1] += time.perf_counter() - t0
                    totals[worker][0] += record_usage(session=session, records=batch)
                    session.commit()

        started = time.perf_counter()
        workers = [threading.Thread(target=work, args=(n,)) for n in range(args.workers)]
        for thread in workers:
            thread.start()
        for thread in workers:
            thread.join()
        elapsed = time.perf_counter() - started
        stored = sum(int(t[0]) for t in totals)
        build_seconds = sum(t[1] for t in totals)

        with staff_session(factory) as session:
            again = record_usage(session=session, records=make_batch(tenant_ids, 0, args.batch))
            session.commit()
    finally:
        engine.dispose()
        with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    print(
        f"stored={stored} of events={args.events} in {elapsed:.2f} s "
        f"(building the records in Python: {build_seconds:.2f} s)"
    )
    print(f"repeated_batch_stored={again} (0 means duplicates were ignored)")
    print(f"events_per_s={int(stored / elapsed)} workers={args.workers}")


if __name__ == "__main__":
    main()
