"""Signing up a new company, confirmed by e-mail.

The form's answer never tells whether an address has an account already. A new address gets
a link to finish signing up: choosing a password there creates the company and its first
administrator. An address with an account gets a note saying so, with the ways to log in or
choose a new password. Both answers on the page are the same; only the outbox knows. The link
carries the form's values, signed (no table of pending sign-ups), for one day; once it has
been used the address is taken and the link is refused. Like the password reset, a client
and an address may ask only a few times an hour.

Accepting the terms and the privacy policy is required. The link carries when that happened
and which versions were current; the new administrator's row keeps both. A link without them
(made before acceptance was asked for) is refused, since nobody accepted anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import redis
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.catalogue import N_
from core.tokens import InvalidTokenError, TokenSigner
from models import User
from services.accounts import (
    NewAccount,
    company_name_errors,
    create_tenant,
    identity_errors,
    normalize_email,
)
from services.email_outbox import queue_email
from services.email_texts import email_text
from services.errors import Conflict, ValidationFailed
from services.legal_documents import DPA_VERSION, PRIVACY_VERSION, TERMS_VERSION
from services.login_throttle import EmailRequestLimiter
from services.price_plans import default_price_plan
from services.trial import trial_end_for_new_tenant

PURPOSE = "signup"
VALID_SECONDS = 24 * 60 * 60
REQUESTS_PER_EMAIL = 3
REQUESTS_PER_CLIENT = 10
LOCALES = ("de-AT", "en-US")
CHECK_YOUR_INBOX = N_(
    "Please check your inbox: we have sent you an e-mail to finish signing up. "
    "The link works for 24 hours."
)
MUST_ACCEPT = N_("Please accept the terms and the privacy policy.")
LINK_USED = N_(
    "This sign-up link is not valid any more. If you have finished signing up already, "
    "please log in."
)


@dataclass(frozen=True)
class SignupRequest:
    company_name: str
    name: str
    email: str
    locale: str
    accepts_terms: bool = False


@dataclass(frozen=True)
class Acceptance:
    """The versions of the terms and the privacy policy someone accepted, and when."""

    terms_version: str
    privacy_version: str
    accepted_at: datetime
    dpa_version: str | None = None  # links sent before the agreement existed carry none


def request_limiter(client: redis.Redis) -> EmailRequestLimiter:
    return EmailRequestLimiter(
        client, purpose="signup", per_email=REQUESTS_PER_EMAIL, per_client=REQUESTS_PER_CLIENT
    )


def request_signup(
    *,
    session: Session,
    signer: TokenSigner,
    limiter: EmailRequestLimiter,
    request: SignupRequest,
    ip_address: str | None,
    portal_url: str,
) -> str:
    """Field errors (ValidationFailed) for input that breaks a rule; otherwise the same answer
    for every address, with the fitting e-mail queued. Needs a staff session."""
    errors = company_name_errors(request.company_name) | identity_errors(
        email=request.email, name=request.name
    )
    if request.locale not in LOCALES:
        errors["locale"] = N_("Please choose a language.")
    if not request.accepts_terms:
        errors["accepts_terms"] = MUST_ACCEPT
    if errors:
        raise ValidationFailed(errors)
    if not limiter.admit(email=request.email, ip_address=ip_address):
        return CHECK_YOUR_INBOX
    email = normalize_email(request.email)
    existing = session.scalars(select(User).where(User.email == email)).first()
    if existing is not None:
        queue_email(
            session=session,
            to=existing.email,
            tenant_id=existing.tenant_id,
            subject=email_text("already_registered_subject", existing.locale),
            body=email_text(
                "already_registered_body",
                existing.locale,
                name=existing.name,
                portal_url=portal_url,
            ),
        )
        return CHECK_YOUR_INBOX
    payload = {
        "c": request.company_name.strip(),
        "n": request.name.strip(),
        "e": email,
        "l": request.locale,
        "tv": TERMS_VERSION,
        "pv": PRIVACY_VERSION,
        "dv": DPA_VERSION,
        "at": datetime.now(UTC).isoformat(),
    }
    link = f"{portal_url}/signup/{signer.sign(PURPOSE, payload)}"
    queue_email(
        session=session,
        to=email,
        subject=email_text("signup_subject", request.locale),
        body=email_text("signup_body", request.locale, name=request.name.strip(), link=link),
    )
    return CHECK_YOUR_INBOX


def pending_signup(*, session: Session, signer: TokenSigner, token: str) -> SignupRequest:
    """What the link was made for, or InvalidTokenError (expired, forged, used already)."""
    return _pending(session=session, signer=signer, token=token)[0]


def _pending(
    *, session: Session, signer: TokenSigner, token: str
) -> tuple[SignupRequest, Acceptance]:
    try:
        payload = signer.verify(PURPOSE, token, max_age_seconds=VALID_SECONDS)
        request = SignupRequest(
            company_name=str(payload["c"]),
            name=str(payload["n"]),
            email=str(payload["e"]),
            locale=str(payload["l"]),
            accepts_terms=True,
        )
        acceptance = Acceptance(
            terms_version=str(payload["tv"]),
            privacy_version=str(payload["pv"]),
            accepted_at=datetime.fromisoformat(str(payload["at"])),
            dpa_version=str(payload["dv"]) if payload.get("dv") else None,
        )
    except (InvalidTokenError, KeyError, TypeError, ValueError):
        raise InvalidTokenError(LINK_USED) from None
    taken = session.scalars(select(User.id).where(User.email == request.email)).first()
    if taken is not None:
        raise InvalidTokenError(LINK_USED)
    return request, acceptance


def complete_signup(*, session: Session, signer: TokenSigner, token: str, password: str) -> User:
    """Create the company, on the default price plan, and its first administrator with this
    password, recording the terms and privacy policy accepted on the form; the link is spent
    (its address is taken now). ValidationFailed for a password that breaks the rules."""
    request, acceptance = _pending(session=session, signer=signer, token=token)
    account = NewAccount(email=request.email, name=request.name, password=password)
    # The default plan, so the monthly invoice run (which joins on the plan) bills them too.
    plan = default_price_plan(session)
    try:
        tenant, user = create_tenant(
            session=session,
            company_name=request.company_name,
            admin=account,
            locale=request.locale,
            price_plan_code=plan.code if plan is not None else None,
        )
    except Conflict:  # used in another tab a moment ago
        raise InvalidTokenError(LINK_USED) from None
    tenant.trial_ends_at = trial_end_for_new_tenant()
    user.terms_version = acceptance.terms_version
    user.terms_accepted_at = acceptance.accepted_at
    user.privacy_version = acceptance.privacy_version
    user.privacy_accepted_at = acceptance.accepted_at
    if acceptance.dpa_version:  # the company is the controller: the agreement is the tenant's
        tenant.dpa_version = acceptance.dpa_version
        tenant.dpa_accepted_at = acceptance.accepted_at
    session.flush()
    return user
