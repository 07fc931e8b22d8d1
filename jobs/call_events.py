"""Delivering customers' call events (services.webhook_delivery), every minute from the cron.

One run POSTs up to a batch of due deliveries across all tenants; what does not fit waits a
minute. Several workers may run it at once: each delivery is claimed before it is sent.
"""

from __future__ import annotations

from core.encryption import CredentialCipher
from jobs.context import job_context
from services.webhook_delivery import deliver_pending
from services.webhook_http import webhook_http_client


def deliver_call_events() -> dict[str, int]:
    with job_context() as ctx:
        allow_loopback = ctx.settings.webhook_loopback_allowed
        with webhook_http_client(allow_loopback=allow_loopback) as client:
            run = deliver_pending(
                session_factory=ctx.session_factory,
                cipher=CredentialCipher.from_settings(ctx.settings),
                http_client=client,
                allow_loopback=allow_loopback,
            )
        return {"delivered": run.delivered, "retrying": run.retrying, "failed": run.failed}
