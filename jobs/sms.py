"""The caller's SMS about a booking change (thin; see services.booking_sms).

Retried with the job policy when Twilio refuses or is away; the last failure is written to
the audit log (`booking.sms_failed`) and the job stays in RQ's failed registry, which staff
see in the back office (rq-dashboard). The booking itself is never changed here.
"""

from __future__ import annotations

import logging

from integrations.telephony.sms import SmsError, sms_from_settings
from jobs.context import job_context, will_retry
from models.scoping import tenant_session
from services.booking_sms import Change, confirmation_for, record_failure

log = logging.getLogger(__name__)


def send_booking_confirmation(tenant_id: int, booking_id: int, change: str) -> str | None:
    """Send it; returns Twilio's message id, or None when no SMS is due or nobody sends."""
    with job_context() as ctx:
        with tenant_session(ctx.session_factory, tenant_id) as session:
            sms = confirmation_for(session=session, booking_id=booking_id, change=Change(change))
        sender = sms_from_settings(ctx.settings)
        if sms is None:
            return None
        if sender is None:
            log.warning("SMS about booking %s not sent: no Twilio account set up", booking_id)
            return None
        try:
            return sender.send(sender=sms.sender, to=sms.to, body=sms.body)
        except SmsError as error:
            retrying = will_retry()
            log.warning("SMS about booking %s failed (retry: %s): %s", booking_id, retrying, error)
            if not retrying:
                with tenant_session(ctx.session_factory, tenant_id) as session, session.begin():
                    record_failure(
                        session=session,
                        booking_id=booking_id,
                        change=Change(change),
                        error=str(error),
                    )
            raise
