"""What a number in a regulated country is bought with: the business's address and its
regulatory bundle.

Twilio sells an Austrian number only with an Address and an approved regulatory bundle
(integrations/telephony/twilio_numbers.py). The address is the one the customer's
administrator enters under Settings for the invoices (services/billing_details.py): one
address, the business's, serves both, and it must be in the number's country. The bundle is
the tenant's own, which staff attach in the back office (services/tenant_admin.py), else the
platform's (TWILIO_BUNDLE_SID).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from integrations.telephony import BusinessAddress, NumberRegistration, RegistrationProblem
from models import Bot, BotStatus, ProvisioningJob, ProvisioningKind, Tenant

# The customer's words for each reason live in the portal (customer_ui/pages/bots.py); these
# are the staff's, kept on the failed job.
_STAFF_MESSAGES = {
    "address_missing": (
        "Numbers in {country} need the business address in {country}: the customer's "
        "administrator enters it under Settings (billing address), then resumes the bot."
    ),
    "bundle_missing": (
        "Numbers in {country} need a regulatory bundle: attach the tenant's on its page in "
        "the back office, or set TWILIO_BUNDLE_SID for the platform's own; then retry."
    ),
}


def number_registration(
    *, tenant: Tenant, country: str, platform_bundle_sid: str | None
) -> NumberRegistration:
    """The address and bundle to buy a number in `country` with, or RegistrationProblem
    naming what is missing (the address first: that one the customer can fix)."""
    if not (tenant.billing_street and tenant.billing_postal_code and tenant.billing_city):
        raise _missing("address_missing", country)
    if tenant.country != country:
        raise _missing("address_missing", country)
    bundle_sid = tenant.twilio_bundle_sid or platform_bundle_sid
    if not bundle_sid:
        raise _missing("bundle_missing", country)
    address = BusinessAddress(
        customer_name=tenant.name,
        street=tenant.billing_street,
        postal_code=tenant.billing_postal_code,
        city=tenant.billing_city,
        country=tenant.country,
    )
    return NumberRegistration(address=address, bundle_sid=bundle_sid)


def number_problem(*, session: Session, bot: Bot) -> str | None:
    """Why `bot` has no number, when getting one failed: a RegistrationProblem reason, or
    "other". None while nothing has failed."""
    if bot.status is not BotStatus.FAILED:
        return None
    job = latest_purchase(session=session, bot=bot)
    return (job.failure_reason if job else None) or "other"


def latest_purchase(*, session: Session, bot: Bot) -> ProvisioningJob | None:
    """The job that last set out to buy `bot` a number."""
    return session.scalars(
        select(ProvisioningJob)
        .where(
            ProvisioningJob.bot_id == bot.id,
            ProvisioningJob.kind == ProvisioningKind.BUY_NUMBER,
        )
        .order_by(ProvisioningJob.id.desc())
        .limit(1)
    ).first()


def _missing(reason: str, country: str) -> RegistrationProblem:
    return RegistrationProblem(_STAFF_MESSAGES[reason].format(country=country), reason=reason)
