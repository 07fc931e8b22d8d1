"""Back-office page speed on a big PostgreSQL data set.

Builds a scratch database (1,000 tenants, 1,000,000 calls, 5,000,000 usage events, 200,000
audit events; `--quick` is 100× smaller in calls, usage and audit), serves the back office
with gunicorn (as in production) and, from this second process, requests each page with a
bounded number of concurrent clients on loopback. Prints p50 and p95 per page; the last line is
`worst_p95_ms=N` (target < 150).

    .venv/bin/python bench/admin_pages.py [--quick] [--keep] [--database NAME] [--superuser]

The back office connects as the application role, held to row-level security
(bench/app_role.py); `--superuser` serves as the owner instead, for the figure without it.

Deep pages are reached the way the lists page them: by a cursor (`after=<id>`) halfway into
the table (admin_app/views/keyset.py). `--keep` leaves the scratch database for `--database`,
which measures again without rebuilding it.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.app_role import application_url  # noqa: E402
from core.passwords import hash_password  # noqa: E402
from models.migrate import upgrade  # noqa: E402

ADMIN_DSN = os.environ.get(
    "BENCH_POSTGRES_ADMIN_DSN", "postgresql://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
EMAIL, PASSWORD = "bench-admin@voiceagent.example.com", "bench-password-2026"
CONCURRENCY = 2
REQUESTS_PER_PAGE = 60


def build_data(dsn: str, *, tenants: int, calls: int, usage: int, audits: int) -> None:
    """Bulk rows with generate_series: the app's own services are not what is measured."""
    statements = [
        f"""INSERT INTO tenants (name, slug, status, locale, country, currency,
               max_concurrent_calls, created_at, updated_at)
            SELECT 'Firma ' || g, 'firma-' || g,
                   CASE WHEN g % 20 = 0 THEN 'suspended' ELSE 'active' END,
                   'de-AT', 'AT', 'EUR', 5, now(), now()
            FROM generate_series(1, {tenants}) g""",  # noqa: S608 - integers from this script
        """INSERT INTO bots (tenant_id, name, status, language, greeting, instructions, faq,
               voice, stt_engine, tts_engine, dialogue_engine, business_hours, max_call_seconds,
               silence_timeout_seconds, created_at, updated_at)
            SELECT id, 'Rezeption', 'live', 'de-AT', 'Grüß Gott', '', '[]', 'default',
                   'offline', 'offline', 'offline', '{}', 600, 20, now(), now()
            FROM tenants""",
        f"""INSERT INTO calls (tenant_id, bot_id, from_number, to_number, status, language,
               started_at, duration_seconds, created_at, updated_at)
            SELECT b.tenant_id, b.id, '+43664' || lpad((g % 1000000)::text, 7, '0'),
                   '+4315550000', 'completed', 'de-AT',
                   now() - (g % 86400 * 60) * interval '1 second' * 0.5, 30 + g % 300,
                   now(), now()
            FROM generate_series(1, {calls}) g JOIN bots b ON b.tenant_id = 1 + g % {tenants}""",  # noqa: S608 - integers from this script
        # A former customer: 20,000 usage events, all older (lower ids) than everyone else's.
        """INSERT INTO tenants (name, slug, status, locale, country, currency,
               max_concurrent_calls, created_at, updated_at)
            VALUES ('Firma Alt', 'firma-alt', 'suspended', 'de-AT', 'AT', 'EUR', 5,
                    now(), now())""",
        """INSERT INTO usage_events (tenant_id, bot_id, kind, quantity, occurred_at,
               idempotency_key, created_at)
            SELECT t.id, NULL, 'call_seconds', 60, now() - interval '400 days' + g * interval '1 s',
                   'bench-old-' || g, now()
            FROM generate_series(1, 20000) g, tenants t WHERE t.slug = 'firma-alt'""",
        f"""INSERT INTO usage_events (tenant_id, bot_id, kind, quantity, occurred_at,
               idempotency_key, created_at)
            SELECT 1 + g % {tenants}, NULL, 'call_seconds', 30 + g % 300,
                   now() - (g % 5000000) * interval '1 second', 'bench-' || g, now()
            FROM generate_series(1, {usage}) g""",  # noqa: S608 - integers from this script
        f"""INSERT INTO audit_events (tenant_id, actor_email, action, entity_type, entity_id,
               before, after, created_at)
            SELECT 1 + g % {tenants}, 'admin@voiceagent.example.com', 'tenant.updated',
                   'Tenant', (1 + g % {tenants})::text, '{{"name": "a"}}', '{{"name": "b"}}',
                   now() - g * interval '1 second'
            FROM generate_series(1, {audits}) g""",  # noqa: S608 - integers from this script
        "ANALYZE",
    ]
    with psycopg.connect(dsn, autocommit=True) as conn:
        for sql in statements:
            started = time.perf_counter()
            conn.execute(sql)
            what = sql.split()[2] if sql.startswith("INSERT") else sql
            print(f"  {what:<14} {time.perf_counter() - started:6.1f} s", flush=True)
        conn.execute(
            "INSERT INTO users (email, name, password_hash, role, is_active, locale, auth_epoch,"
            " created_at, updated_at) VALUES (%s, 'Bench Admin', %s, 'platform_admin', true,"
            " 'en-US', 0, now(), now())",
            (EMAIL, hash_password(PASSWORD)),
        )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(database_url: str, port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "LOG_LEVEL": "WARNING",
    }
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "--config",  # the Procfile's: keep-alive, logging, the settled heap
            "python:cli.gunicorn_conf",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "2",
            "--log-level",
            "warning",
            "admin_app:create_app()",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/login", timeout=5)
            return server
        except requests.RequestException:
            time.sleep(0.2)
    os.killpg(server.pid, signal.SIGKILL)
    raise SystemExit("the back office did not start")


def logged_in(base: str) -> requests.Session:
    browser = requests.Session()
    page = browser.get(f"{base}/login", timeout=10).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    answer = browser.post(
        f"{base}/login",
        data={"csrf_token": token, "email": EMAIL, "password": PASSWORD},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, answer.status_code
    return browser


def measure(browsers: list[requests.Session], url: str) -> list[float]:
    def one(index: int) -> float:
        started = time.perf_counter()
        response = browsers[index % len(browsers)].get(url, timeout=30, allow_redirects=False)
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, (url, response.status_code)
        return elapsed

    check = browsers[0].get(url, timeout=30).text
    if not url.endswith("/admin/"):  # a list, not the home page: rows on show
        assert "details/?id=" in check and "Pages this deep" not in check, url
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        # Warm-up: the first use of a page in each gunicorn worker compiles its templates.
        list(pool.map(one, range(4 * CONCURRENCY)))
        return list(pool.map(one, range(REQUESTS_PER_PAGE)))


def middle_ids(dsn: str) -> dict[str, int]:
    """The id halfway into each big table (where a deep page's cursor points), and the
    former customer's tenant id."""
    with psycopg.connect(dsn) as conn:
        found = {
            table: conn.execute(f"SELECT (min(id) + max(id)) / 2 FROM {table}").fetchone()[0]  # noqa: S608 - fixed names
            for table in ("calls", "usage_events", "audit_events")
        }
        former = conn.execute("SELECT id FROM tenants WHERE slug = 'firma-alt'").fetchone()
        found["former_tenant"] = former[0] if former else 1
        return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="a 100x smaller data set")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--database", help="measure a database kept by --keep (no rebuild)")
    parser.add_argument("--superuser", action="store_true", help="serve as the owner (no RLS)")
    args = parser.parse_args()
    scale = 100 if args.quick else 1
    sizes = dict(
        tenants=1000, calls=1_000_000 // scale, usage=5_000_000 // scale, audits=200_000 // scale
    )
    name = args.database or f"voiceagent_bench_{uuid.uuid4().hex[:8]}"
    base_dsn = ADMIN_DSN.rsplit("/", 1)[0]
    if not args.database:
        with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
    database_url = f"{base_dsn.replace('postgresql://', 'postgresql+psycopg://')}/{name}"
    serving_url = database_url if args.superuser else application_url(database_url, ADMIN_DSN)
    server = None
    try:
        # Every run, so a database kept from before row security gets the role's grants too.
        upgrade(database_url=database_url, application_url=serving_url)
        if not args.database:
            print(f"building {sizes} in {name}", flush=True)
            build_data(f"{base_dsn}/{name}", **sizes)
        middle = middle_ids(f"{base_dsn}/{name}")
        port = free_port()
        server = start_server(serving_url, port)
        base = f"http://127.0.0.1:{port}"
        browsers = [logged_in(base) for _ in range(CONCURRENCY)]
        tenant = sizes["tenants"] // 2
        pages = {
            "home": "/admin/",
            "calls first": "/admin/call/",
            "calls filtered": f"/admin/call/?flt0_tenant_id_equals={tenant}",
            "calls deep": f"/admin/call/?after={middle['calls']}",
            "usage first": "/admin/usageevent/",
            "usage filtered": f"/admin/usageevent/?flt0_tenant_id_equals={tenant}",
            "usage deep": f"/admin/usageevent/?after={middle['usage_events']}",
            "usage filt. deep": (
                f"/admin/usageevent/?flt0_tenant_id_equals={tenant}&after={middle['usage_events']}"
            ),
            "usage former": f"/admin/usageevent/?flt0_tenant_id_equals={middle['former_tenant']}",
            "tenants first": "/admin/tenant/",
            "tenants filtered": "/admin/tenant/?search=Firma+5",
            "tenants deep": "/admin/tenant/?page=19",
            "audit first": "/admin/auditevent/",
            "audit filtered": (
                f"/admin/auditevent/?flt0_action_equals=tenant.updated"
                f"&flt1_tenant_id_equals={tenant}"
            ),
            "audit deep": f"/admin/auditevent/?after={middle['audit_events']}",
        }
        worst = 0.0
        print(
            f"{'page':<18} {'p50 ms':>8} {'p95 ms':>8}   ({REQUESTS_PER_PAGE} requests, "
            f"{CONCURRENCY} concurrent)"
        )
        for label, path in pages.items():
            timings = measure(browsers, base + path)
            p50 = statistics.median(timings)
            p95 = statistics.quantiles(timings, n=20)[-1]
            worst = max(worst, p95)
            print(f"{label:<18} {p50:8.1f} {p95:8.1f}", flush=True)
        print(f"worst_p95_ms={worst:.0f}")
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=10)
        if not args.keep and not args.database:
            with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
