"""Every back-office URL × every kind of visitor → the expected answer.

The URLs come from the app's url_map, so a new view joins by itself; what each role may do
is written down here, independently of the views' own settings, so a view that grants too
much fails. A view missing from the policy below fails too, until someone decides its rights.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rq import Queue
from rq.serializers import JSONSerializer

from models import ApiKey, PricePlan, Role, Tenant, WebhookEvent
from tests.admin_app.conftest import csrf_token, sign_in
from tests.factories import Factory

# Views only platform admins may open at all (rq_dashboard: the mounted job dashboard).
ADMIN_ONLY_VIEWS = {
    "provisioningjob",
    "credentials",
    "auditevent",
    "outboundemail",
    "webhookevent",
    "rq_dashboard",
}
# Views support may read; on these, support may not create, edit, delete or run actions.
SUPPORT_READ_VIEWS = {
    "admin",
    "tenant",
    "user",
    "bot",
    "phonenumber",
    "call",
    "callturn",
    "booking",
    "service",
    "message",
    "usageevent",
    "invoice",
    "invoiceline",
    "priceplan",
    "supportticket",
    "ticketmessage",
}
# The only POST endpoints support may use: working tickets.
SUPPORT_POSTS = {"supportticket.reply", "supportticket.change_status", "supportticket.assign"}
# What platform admins may do through the generic model views; support does none of it.
ADMIN_CREATES = {"user", "priceplan"}
ADMIN_EDITS = {"tenant", "user", "bot", "priceplan"}
ADMIN_DELETES: set[str] = set()
ADMIN_ACTIONS = {"provisioningjob", "priceplan"}  # retry; make the default plan
CRUD = {
    "create_view": ADMIN_CREATES,
    "edit_view": ADMIN_EDITS,
    "ajax_update": ADMIN_EDITS,
    "delete_view": ADMIN_DELETES,
    "action_view": ADMIN_ACTIONS,
}
# "Log out everywhere" has its own test (test_auth): it would end the session this walk uses.
AUTH_PAGES = {"auth.account"}


# Values for the URL parameters of the registered rules (Flask-Admin's export, rq-dashboard's
# queue and job pages); the job id comes from a real job the fixture enqueues.
URL_PARAMETERS = {
    "<export_type>": "csv",
    "<int:instance_number>": "0",
    "<queue_name>": "default",
    "<registry_name>": "failed",
    "<int:per_page>": "8",
    "<per_page>": "8",
    "<order>": "asc",
    "<int:page>": "1",
    "<page>": "1",
}


@dataclass(frozen=True)
class Url:
    endpoint: str
    path: str
    method: str

    @property
    def view(self) -> str:
        return self.endpoint.split(".", 1)[0]

    @property
    def function(self) -> str:
        return self.endpoint.split(".", 1)[1]


def back_office_urls(app: Flask, ids: dict[str, int | str]) -> list[Url]:
    urls = []
    for rule in app.url_map.iter_rules():
        view = rule.endpoint.split(".", 1)[0]
        # Static files and the theme's stylesheet (admin_app/theme.py) are open: the login
        # page needs them.
        if rule.endpoint.endswith(".static") or rule.endpoint in ("static", "root", "theme_css"):
            continue
        if view == "auth" and rule.endpoint not in AUTH_PAGES:
            continue  # login and logout are open to everyone by design
        if view == "observability":
            continue  # /healthz, /readyz, /metrics: for machines, tested in test_observability
        path = rule.rule
        for parameter, value in {**URL_PARAMETERS, "<job_id>": ids["rq_job"]}.items():
            path = path.replace(parameter, value)
        assert "<" not in path, f"fill the URL parameter of {rule.rule} in the access matrix"
        if view in ids:
            path += f"?id={ids[view]}"
        for method in sorted((rule.methods or set()) & {"GET", "POST"}):
            urls.append(Url(rule.endpoint, path, method))
    return urls


@pytest.fixture
def row_ids(make: Factory, staff_db, redis_client) -> dict[str, int | str]:
    """One row per model view, so detail and edit pages have something to show."""
    tenant = make.tenant()
    plan = PricePlan(code="matrix", name="Matrix", monthly_fee_cents=0, per_minute_cents=10)
    hook = WebhookEvent(provider="stripe", event_id="evt_matrix", event_type="invoice.paid")
    staff_db.add_all([plan, hook])
    staff_db.flush()
    ids = {"tenant": tenant.id, "priceplan": plan.id, "webhookevent": hook.id}
    from admin_app.views import register_views  # noqa: F401 - the endpoints named below

    for endpoint, model in {
        "user": "User",
        "bot": "Bot",
        "phonenumber": "PhoneNumber",
        "call": "Call",
        "callturn": "CallTurn",
        "usageevent": "UsageEvent",
        "invoice": "Invoice",
        "invoiceline": "InvoiceLine",
        "supportticket": "SupportTicket",
        "ticketmessage": "TicketMessage",
        "provisioningjob": "ProvisioningJob",
        "auditevent": "AuditEvent",
        "outboundemail": "OutboundEmail",
    }.items():
        import models

        ids[endpoint] = make.row_for(getattr(models, model), tenant).id
    ids["credentials"] = make.api_key(None).id
    # Two jobs: the walk deletes the first, and the queue must still exist to be compacted.
    queue = Queue("default", connection=redis_client, serializer=JSONSerializer)
    ids["rq_job"] = queue.enqueue("jobs.provisioning.provision", 1).id
    queue.enqueue("jobs.provisioning.provision", 2)
    assert staff_db.get(ApiKey, ids["credentials"]) and staff_db.get(Tenant, tenant.id)
    return ids


def client_for(app: Flask, make: Factory, who: str) -> FlaskClient:
    client = app.test_client()
    if who == "anonymous":
        return client
    role = Role(who)
    tenant = make.tenant() if not role.is_staff else None
    # Customers cannot log in here (see test_auth); a forged session for one must not work either.
    return sign_in(client, make.user(tenant, role=role))


def expected(who: str, url: Url) -> str:
    """'login', 'forbidden' or 'allowed'."""
    if who in ("anonymous", "customer_admin", "customer_user"):
        return "login"
    known = ADMIN_ONLY_VIEWS | SUPPORT_READ_VIEWS | {"auth"}
    assert url.view in known, f"add the view '{url.view}' to the access policy in this test"
    if url.view == "auth":
        return "allowed"
    if who == "platform_admin":
        if url.function in CRUD:
            return "allowed" if url.view in CRUD[url.function] else "forbidden"
        return "allowed"
    if url.view in ADMIN_ONLY_VIEWS or url.function in CRUD:
        return "forbidden"
    if url.method == "POST":
        return "allowed" if url.endpoint in SUPPORT_POSTS else "forbidden"
    return "allowed"


def answer(response) -> str:  # noqa: ANN001
    if response.status_code == 302 and "/login" in response.headers["Location"]:
        return "login"
    if response.status_code == 403:
        return "forbidden"
    if response.status_code == 400 and "The form has expired" in response.get_data(as_text=True):
        return "csrf refused"  # never expected: every POST here carries a valid token
    assert response.status_code < 500, response.get_data(as_text=True)[:500]
    return "allowed"


@pytest.mark.parametrize(
    "who", ["anonymous", "customer_admin", "customer_user", "support", "platform_admin"]
)
def test_access_matrix(app: Flask, make: Factory, row_ids: dict[str, int | str], who: str) -> None:
    client = client_for(app, make, who)
    token = csrf_token(client, "/account" if who in ("support", "platform_admin") else "/login")
    urls = back_office_urls(app, row_ids)
    assert len(urls) > 100  # every view's list, details, export, forms and actions
    wrong = []
    for url in urls:
        if url.method == "GET":
            response = client.get(url.path)
            if response.status_code == 308:  # an alias of a canonical URL: judge that one
                response = client.get(response.headers["Location"])
        else:
            response = client.post(url.path, data={"csrf_token": token})
        got = answer(response)
        response.close()  # file downloads (rq-dashboard's favicon) hold their file open
        if got != expected(who, url):
            wrong.append(f"{url.method} {url.path}: {got}, expected {expected(who, url)}")
    assert not wrong, "\n".join(wrong)
