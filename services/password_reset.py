"""Password reset by e-mailed link: valid one hour, usable once.

Single use without a table of spent tokens: the token carries a fingerprint of the password
hash it was made for. Setting a new password changes the hash, so the same link (and every
other outstanding one) stops working. The request gives the same answer whether or not the
address has an account, and whether or not it was let through: at most REQUESTS_PER_EMAIL
e-mails go to one address and REQUESTS_PER_CLIENT requests are taken from one client an hour,
so the form can neither flood an inbox nor probe for accounts. Only the outbox knows.
"""

from __future__ import annotations

import hashlib

import redis
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.catalogue import N_
from core.tokens import InvalidTokenError, TokenSigner
from models import User
from services.accounts import normalize_email, set_password
from services.email_outbox import queue_email
from services.email_texts import email_text
from services.login_throttle import EmailRequestLimiter
from services.text_input import EMAIL_LENGTH, is_clean_text

PURPOSE = "password-reset"
VALID_SECONDS = 60 * 60
SAME_ANSWER = N_(
    "If an account exists for this address, we have sent an e-mail with a link to choose a "
    "new password. The link works for one hour."
)
BAD_LINK = N_("This link is not valid any more. Please ask for a new one.")
REQUESTS_PER_EMAIL = 3
REQUESTS_PER_CLIENT = 10
REQUEST_WINDOW_SECONDS = 60 * 60


def request_limiter(client: redis.Redis) -> EmailRequestLimiter:
    return EmailRequestLimiter(
        client,
        purpose="reset",
        per_email=REQUESTS_PER_EMAIL,
        per_client=REQUESTS_PER_CLIENT,
        window_seconds=REQUEST_WINDOW_SECONDS,
    )


def request_reset(
    *,
    session: Session,
    signer: TokenSigner,
    limiter: EmailRequestLimiter,
    email: str,
    ip_address: str | None,
    portal_url: str,
) -> str:
    """Queue the reset e-mail when the address belongs to an active customer and the limits
    allow; the returned message is the same in every case. Needs a staff session (nobody is
    logged in)."""
    if not is_clean_text(email, max_length=EMAIL_LENGTH):
        return SAME_ANSWER  # no account has such an address, and the database would refuse it
    if not limiter.admit(email=email, ip_address=ip_address):
        return SAME_ANSWER
    user = session.scalars(select(User).where(User.email == normalize_email(email))).first()
    if user is not None and user.is_active and not user.is_staff and user.password_hash:
        token = signer.sign(PURPOSE, {"u": user.id, "f": fingerprint(user)})
        link = f"{portal_url}/reset-password/{token}"
        queue_email(
            session=session,
            to=user.email,
            tenant_id=user.tenant_id,
            subject=email_text("password_reset_subject", user.locale),
            body=email_text("password_reset_body", user.locale, name=user.name, link=link),
        )
    return SAME_ANSWER


def user_for_token(*, session: Session, signer: TokenSigner, token: str) -> User:
    """The user the link was made for, or InvalidTokenError (expired, forged, already used)."""
    payload = signer.verify(PURPOSE, token, max_age_seconds=VALID_SECONDS)
    user = session.get(User, int(payload.get("u", 0))) if isinstance(payload, dict) else None
    if user is None or not user.is_active or payload.get("f") != fingerprint(user):
        raise InvalidTokenError(BAD_LINK)
    return user


def reset_password(*, session: Session, signer: TokenSigner, token: str, password: str) -> User:
    """Set the new password (ending every session of the user); the link is spent."""
    user = user_for_token(session=session, signer=signer, token=token)
    set_password(session=session, user=user, password=password)
    return user


def fingerprint(user: User) -> str:
    """Changes whenever the password (hash) changes; reveals nothing about it."""
    material = f"{user.id}:{user.password_hash or ''}:{user.auth_epoch}".encode()
    return hashlib.sha256(material).hexdigest()[:20]
