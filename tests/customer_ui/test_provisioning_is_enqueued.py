"""A bot created in the portal's form is on RQ's provisioning queue once the page says it
is getting a number — no cron needed."""

from __future__ import annotations

import redis
from nicegui import ui
from nicegui.testing import User
from sqlalchemy import select
from sqlalchemy.orm import Session

from jobs import PROVISIONING
from jobs.queues import queue
from models import Bot, ProvisioningJob, Tenant
from tests.customer_ui.conftest import WAIT, LoginAs


async def test_a_bot_made_in_the_form_is_enqueued_at_once(
    login_as: LoginAs, user: User, staff_db: Session, tenant: Tenant, redis_client: redis.Redis
) -> None:
    await login_as()
    await user.open("/bots/new")
    user.find(kind=ui.input, content="Name").type("Empfang")
    user.find(kind=ui.button, content="Create bot").click()
    await user.should_see("Getting a number", retries=WAIT)

    bot = staff_db.scalars(select(Bot).where(Bot.tenant_id == tenant.id)).one()
    job = staff_db.scalars(select(ProvisioningJob).where(ProvisioningJob.bot_id == bot.id)).one()
    assert queue(PROVISIONING, redis_client).get_job_ids() == [f"provisioning-{job.id}"]
