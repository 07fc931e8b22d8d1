"""Platform admins start the invoice run for a month on demand; it runs as a billing job."""

from __future__ import annotations

import redis
from flask.testing import FlaskClient
from rq import Queue
from rq.serializers import JSONSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import AuditEvent
from tests.admin_app.conftest import csrf_token


def billing_jobs(redis_client: redis.Redis) -> list:
    return Queue("billing", connection=redis_client, serializer=JSONSerializer).get_jobs()


def test_run_now_queues_the_month_once_and_audits_each_request(
    as_admin: FlaskClient, redis_client: redis.Redis, staff_db: Session
) -> None:
    page = as_admin.get("/admin/invoice/")
    assert "Run now" in page.get_data(as_text=True) or "Jetzt starten" in page.get_data(
        as_text=True
    )
    token = csrf_token(as_admin)
    first = as_admin.post(
        "/admin/invoice/run/",
        data={"csrf_token": token, "period": "2026-10"},
        follow_redirects=True,
    )
    assert first.status_code == 200
    [job] = billing_jobs(redis_client)
    assert (job.func_name, job.args, job.id) == (
        "jobs.billing.invoice_run",
        ["2026-10"],
        "invoice-run-2026-10",
    )
    again = as_admin.post(
        "/admin/invoice/run/",
        data={"csrf_token": token, "period": "2026-10"},
        follow_redirects=True,
    )
    assert len(billing_jobs(redis_client)) == 1
    assert "2026-10" in again.get_data(as_text=True)
    # services.billing records each request, whoever pressed it while the run was waiting.
    events = staff_db.scalars(
        select(AuditEvent).where(AuditEvent.action == "invoice_run.requested")
    )
    assert [e.after for e in events] == [{"period": "2026-10"}] * 2


def test_a_bad_month_is_explained_and_nothing_runs(
    as_admin: FlaskClient, redis_client: redis.Redis
) -> None:
    response = as_admin.post(
        "/admin/invoice/run/",
        data={"csrf_token": csrf_token(as_admin), "period": "Oktober"},
        follow_redirects=True,
    )
    assert "YYYY-MM" in response.get_data(as_text=True)
    assert billing_jobs(redis_client) == []


def test_support_cannot_run_invoices(as_support: FlaskClient, redis_client: redis.Redis) -> None:
    response = as_support.post(
        "/admin/invoice/run/", data={"csrf_token": csrf_token(as_support), "period": "2026-10"}
    )
    assert response.status_code == 403
    assert billing_jobs(redis_client) == []
    assert "Run now" not in as_support.get("/admin/invoice/").get_data(as_text=True)
