"""rq-dashboard, mounted for platform admins: it reads our JSON jobs and its POSTs need CSRF.

Who may open it at all is part of the access matrix (test_access_matrix).
"""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from rq import Queue
from rq.exceptions import NoSuchJobError
from rq.job import Job
from rq.serializers import JSONSerializer

from admin_app import create_app
from models import User
from tests.admin_app.conftest import sign_in

HEADER_TOKEN = re.compile(r'"X-CSRFToken": "([^"]+)"')


@pytest.fixture
def job_id(redis_client) -> str:
    queue = Queue("provisioning", connection=redis_client, serializer=JSONSerializer)
    return queue.enqueue("jobs.provisioning.provision", 7).id


def dashboard_token(client: FlaskClient) -> str:
    page = client.get("/admin/rq/").get_data(as_text=True)
    match = HEADER_TOKEN.search(page)
    assert match, "the dashboard page does not hand its scripts the CSRF token"
    return match.group(1)


def test_platform_admin_reads_our_json_jobs(as_admin: FlaskClient, job_id: str) -> None:
    queues = as_admin.get("/admin/rq/0/data/queues.json").get_json()
    assert {"name": "provisioning", "count": 1} in [
        {"name": q["name"], "count": q["count"]} for q in queues["queues"]
    ]
    job = as_admin.get(f"/admin/rq/0/data/job/{job_id}.json")
    assert job.status_code == 200
    assert job.get_json()["description"] == "jobs.provisioning.provision(7)"
    assert as_admin.get(f"/admin/rq/0/view/job/{job_id}").status_code == 200


def test_finished_jobs_show_their_json_result(as_admin: FlaskClient, redis_client) -> None:
    inline = Queue("default", connection=redis_client, serializer=JSONSerializer, is_async=False)
    job = inline.enqueue("builtins.abs", -7)  # runs at once; RQ stores the result as JSON
    assert job.is_finished
    answer = as_admin.get(f"/admin/rq/0/data/job/{job.id}.json")
    assert answer.status_code == 200
    assert answer.get_json()["result"] == 7


def test_dashboard_posts_carry_the_csrf_token_or_are_refused(
    as_admin: FlaskClient, job_id: str, redis_client
) -> None:
    refused = as_admin.post(f"/admin/rq/job/{job_id}/delete")
    assert refused.status_code == 400
    assert Job.fetch(job_id, connection=redis_client, serializer=JSONSerializer)

    token = dashboard_token(as_admin)
    deleted = as_admin.post(f"/admin/rq/job/{job_id}/delete", headers={"X-CSRFToken": token})
    assert deleted.status_code == 200 and deleted.get_json() == {"status": "OK"}
    with pytest.raises(NoSuchJobError):
        Job.fetch(job_id, connection=redis_client, serializer=JSONSerializer)


def test_requeue_all_changes_jobs_only_on_a_post(as_admin: FlaskClient) -> None:
    assert as_admin.get("/admin/rq/requeue/provisioning").status_code == 405
    token = dashboard_token(as_admin)
    requeued = as_admin.post("/admin/rq/requeue/provisioning", headers={"X-CSRFToken": token})
    assert requeued.get_json() == {"status": "OK", "count": 0}


def test_a_job_that_is_gone_gets_a_plain_answer(as_admin: FlaskClient) -> None:
    response = as_admin.get("/admin/rq/0/view/job/no-such-job")
    assert response.status_code == 404
    assert "This job no longer exists." in response.get_data(as_text=True)


def test_only_platform_admins_see_the_menu_link(
    as_admin: FlaskClient, as_support: FlaskClient
) -> None:
    assert 'href="/admin/rq/"' in as_admin.get("/admin/").get_data(as_text=True)
    assert 'href="/admin/rq/"' not in as_support.get("/admin/").get_data(as_text=True)
    assert as_support.get("/admin/rq/").status_code == 403


def test_the_redis_password_never_shows(
    settings, connection, redis_client, platform_admin: User
) -> None:
    with_password = settings.model_copy(
        update={"redis_url": "redis://:hunter2-redis-secret@127.0.0.1:6379/13"}
    )
    app = create_app(with_password, DATABASE_BIND=connection, TESTING=True)
    client = sign_in(app.test_client(), platform_admin)
    for path in ("/admin/rq/", "/admin/rq/0/view/workers", "/admin/rq/0/view/jobs"):
        page = client.get(path)
        assert page.status_code == 200
        assert "hunter2" not in page.get_data(as_text=True)
        assert "redis://***:***@127.0.0.1:6379/13" in page.get_data(as_text=True)
