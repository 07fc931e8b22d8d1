"""The cron file: what runs when. Loaded by `voiceagent cron` (RQ's cron scheduler).

Cron expressions are read in Europe/Vienna time (`voiceagent cron` sets the process's time
zone), so the monthly run is at 02:00 Vienna time in summer and in winter. Every entry is
idempotent, so a second cron process or a restart that runs one twice does no harm.
"""

from rq import cron

from jobs.billing import dispatch_invoice_sync, monthly_invoice_run, suspend_overdue_tenants
from jobs.call_events import deliver_call_events
from jobs.call_reaper import REAPER_INTERVAL_S, reap_lost_calls_job
from jobs.email import deliver_emails
from jobs.provisioning import dispatch_provisioning
from jobs.queues import BILLING, DEFAULT, PROVISIONING
from jobs.retention import dispatch_retention
from jobs.spending import alert_spending
from jobs.subscriptions import end_cancelled_subscriptions
from jobs.trial import remind_trials_ending

cron.register(dispatch_provisioning, PROVISIONING, interval=60)
cron.register(deliver_emails, DEFAULT, interval=60)
# Calls whose voice runtime stopped heart-beating: closed, billed once, slot freed.
cron.register(reap_lost_calls_job, DEFAULT, interval=REAPER_INTERVAL_S)
# Customers' webhooks: signed call events, retried with back-off (services/webhook_delivery.py).
cron.register(deliver_call_events, DEFAULT, interval=60, job_timeout=120)
# The month that just ended, on the 1st at 02:00 Vienna time.
cron.register(monthly_invoice_run, BILLING, cron="0 2 1 * *")
cron.register(suspend_overdue_tenants, BILLING, interval=3600)
# Invoices whose Stripe sync was never enqueued, or gave up: tried again every hour.
cron.register(dispatch_invoice_sync, BILLING, interval=3600)
# Privacy: what is past each tenant's retention periods, every night at 03:30 Vienna time.
cron.register(dispatch_retention, DEFAULT, cron="30 3 * * *")
# Three days before a sign-up's trial ends: one e-mail per tenant (services/trial.py).
cron.register(remind_trials_ending, DEFAULT, interval=3600)
# Spending limits: the 80 % and 100 % e-mails, once each per month (services/spending.py).
cron.register(alert_spending, DEFAULT, interval=300)
# Cancellations that took effect (at a month's or a trial's end): numbers released
# within ten minutes; calls after the end are not billed (services/subscriptions.py).
cron.register(end_cancelled_subscriptions, DEFAULT, interval=600)
