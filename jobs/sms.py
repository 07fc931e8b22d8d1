"""The caller's SMS about a booking change (thin; see services.booking_sms).

Retried with the job policy when Twilio refuses or is away; the last failure is written to
the audit log (`booking.sms_failed`) — by jobs/lost_worker.py when the worker died — and the
job stays in RQ's failed registry, which staff see in the back office (rq-dashboard). The
booking itself is never changed here.
"""

from __future__ import annotations

import logging

from core.encryption import CredentialCipher
from integrations.telephony.sms import SmsError, TwilioSms, sms_from_settings
from jobs.context import JobContext, job_context, will_retry
from models.scoping import staff_session, tenant_session
from services.booking_sms import Change, confirmation_for, record_failure
from services.twilio_accounts import account_of_number

log = logging.getLogger(__name__)


def send_booking_confirmation(tenant_id: int, booking_id: int, change: str) -> str | None:
    """Send it; returns Twilio's message id, or None when no SMS is due or nobody sends."""
    with job_context() as ctx:
        with tenant_session(ctx.session_factory, tenant_id) as session:
            sms = confirmation_for(session=session, booking_id=booking_id, change=Change(change))
        if sms is None:
            return None
        sender = _own_sender(ctx, tenant_id, sms.sender) or sms_from_settings(ctx.settings)
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


def _own_sender(ctx: JobContext, tenant_id: int, number: str) -> TwilioSms | None:
    """The tenant's own Twilio account, when the number the SMS comes from lives there."""
    with staff_session(ctx.session_factory) as session:
        account = account_of_number(
            session=session,
            cipher=CredentialCipher.from_settings(ctx.settings),
            tenant_id=tenant_id,
            e164=number,
        )
    if account is None:
        return None
    return TwilioSms(account.sid, account.token, api_base_url=ctx.settings.twilio_api_base_url)
