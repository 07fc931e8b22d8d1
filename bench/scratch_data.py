"""Scratch data shared by the benchmarks: a tenant with many calls, loaded by COPY."""

from __future__ import annotations

import contextlib
import json
import random
import socket
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import psycopg

from bench.app_role import application_url
from core.passwords import hash_password
from models import CallOutcome, Speaker
from models.migrate import upgrade
from services.call_summary import CallFacts, CallSummary, summarise_call

EMAIL, PASSWORD = "bench@example.at", "bench-password-2026"


@contextlib.contextmanager
def scratch_tenant_database(
    kind: str, calls: int, admin_dsn: str, *, superuser: bool = False
) -> Iterator[tuple[str, str]]:
    """A scratch database (named for the bench's `kind`) at the newest schema with one
    tenant's `calls` calls (`load_tenant`), dropped afterwards: its owner's DSN, and the
    SQLAlchemy URL that serves it as the application role (or as the owner)."""
    name = f"voiceagent_bench_{kind}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin_dsn, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        dsn = f"{admin_dsn.rsplit('/', 1)[0]}/{name}"
        url = dsn.replace("postgresql://", "postgresql+psycopg://", 1)
        serving_url = url if superuser else application_url(url, admin_dsn)
        upgrade(database_url=url, application_url=serving_url)
        started = time.perf_counter()
        load_tenant(dsn, calls)
        print(f"loaded {calls} calls in {time.perf_counter() - started:.1f} s")
        yield dsn, serving_url
    finally:
        with psycopg.connect(admin_dsn, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def load_tenant(dsn: str, calls: int) -> int:
    """One tenant, its admin, two bots, `calls` calls and a usage event for each — by COPY."""
    rng = random.Random(7)
    now = datetime.now(UTC)
    with psycopg.connect(dsn) as db:
        plan_id = db.execute(
            "INSERT INTO price_plans (code, name, currency, monthly_fee_cents, included_minutes,"
            " per_minute_cents, number_monthly_fee_cents, is_active)"
            " VALUES ('bench', 'Bench', 'EUR', 2900, 100, 12, 300, true) RETURNING id"
        ).fetchone()[0]
        tenant_id = db.execute(
            "INSERT INTO tenants (name, slug, status, locale, country, currency, price_plan_id,"
            " max_concurrent_calls) VALUES ('Bench GmbH', 'bench', 'active', 'en-US', 'AT', 'EUR',"
            " %s, 5) RETURNING id",
            (plan_id,),
        ).fetchone()[0]
        db.execute(
            "INSERT INTO plan_terms (tenant_id, price_plan_id, starts_at)"
            " VALUES (%s, %s, '2000-01-01')",
            (tenant_id, plan_id),
        )
        db.execute(
            "INSERT INTO users (email, name, password_hash, role, is_active, locale, auth_epoch,"
            " tenant_id) VALUES (%s, 'Bench', %s, 'customer_admin', true, 'en-US', 0, %s)",
            (EMAIL, hash_password(PASSWORD), tenant_id),
        )
        bot_ids = [
            db.execute(
                "INSERT INTO bots (tenant_id, name, status, language, greeting, instructions, faq,"
                " voice, stt_engine, tts_engine, dialogue_engine, business_hours, max_call_seconds,"
                " silence_timeout_seconds) VALUES (%s, %s, 'live', 'de-AT', '', '', '[]',"
                " 'default', 'offline', 'offline', 'offline', '{}', 600, 20) RETURNING id",
                (tenant_id, f"Bot {n}"),
            ).fetchone()[0]
            for n in (1, 2)
        ]
        endings = _call_endings(now)
        rows = []
        for n in range(calls):
            started = now - timedelta(seconds=rng.randrange(60 * 24 * 3600))
            duration = rng.randrange(10, 600)
            rows.append((tenant_id, rng.choice(bot_ids), f"+43664{n:07d}", started, duration))
        with db.cursor().copy(
            "COPY calls (tenant_id, bot_id, from_number, to_number, status, outcome, language,"
            " started_at, duration_seconds, summary, summary_fields) FROM STDIN"
        ) as copy:
            for tenant, bot, caller, started, duration in rows:
                outcome, summary = rng.choice(endings)
                copy.write_row(
                    (
                        tenant,
                        bot,
                        caller,
                        "+4315550100",
                        "completed",
                        outcome.value,
                        "de-AT",
                        started,
                        duration,
                        summary.text,
                        json.dumps(summary.fields),
                    )
                )
        with db.cursor().copy(
            "COPY usage_events (tenant_id, bot_id, kind, quantity, occurred_at, idempotency_key)"
            " FROM STDIN"
        ) as copy:
            for n, (tenant, bot, _caller, started, duration) in enumerate(rows):
                copy.write_row((tenant, bot, "call_seconds", duration, started, f"bench-{n}"))
    settle(dsn)
    return tenant_id


def _call_endings(now: datetime) -> list[tuple[CallOutcome, CallSummary]]:
    """How the calls end, each with the summary a closed call stores (services.call_summary):
    every page of calls the API or the portal shows reads, checks and writes them."""
    asked = ((Speaker.CALLER, "Haben Sie am Samstag offen?"), (Speaker.BOT, "Samstag 9 bis 13."))
    facts = [
        CallFacts(
            "de-AT",
            CallOutcome.RESOLVED,
            asked,
            bookings_made=1,
            booked=(("Haarschnitt", now + timedelta(days=2)),),
        ),
        CallFacts("de-AT", CallOutcome.RESOLVED, asked),
        CallFacts("de-AT", CallOutcome.HANDED_OVER, asked),
        CallFacts("de-AT", CallOutcome.CALLER_HUNG_UP, asked, messages_taken=1),
        CallFacts("de-AT", CallOutcome.SILENCE_TIMEOUT),
    ]
    return [(f.outcome, summarise_call(f)) for f in facts if f.outcome is not None]


def settle(dsn: str) -> None:
    """VACUUM and ANALYZE the freshly loaded database, as autovacuum does in production
    after inserts (PostgreSQL's default). This machine's server runs with autovacuum off:
    without the VACUUM no page of a bulk load is marked all-visible, so a count that an
    index alone answers in production reads the table too (the dashboard's "calls this
    month" on 8,400 calls: 6.7 ms from the heap, 1.2 ms from the index after VACUUM)."""
    with psycopg.connect(dsn, autocommit=True) as db:  # VACUUM runs outside a transaction
        db.execute("VACUUM (ANALYZE)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
