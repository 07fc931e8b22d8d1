import time

import pytest

from core.tokens import InvalidTokenError, TokenSigner


def test_round_trip() -> None:
    signer = TokenSigner("a-secret-key-of-some-length")
    token = signer.sign("password-reset", {"user_id": 7})
    assert signer.verify("password-reset", token, max_age_seconds=60) == {"user_id": 7}


def test_other_purpose_or_key_is_refused() -> None:
    token = TokenSigner("key-one-of-some-length").sign("invite", {"tenant_id": 1})
    with pytest.raises(InvalidTokenError):
        TokenSigner("key-one-of-some-length").verify("password-reset", token, max_age_seconds=60)
    with pytest.raises(InvalidTokenError):
        TokenSigner("key-two-of-some-length").verify("invite", token, max_age_seconds=60)


def test_tampered_token_is_refused() -> None:
    signer = TokenSigner("a-secret-key-of-some-length")
    token = signer.sign("invite", {"tenant_id": 1})
    with pytest.raises(InvalidTokenError, match="not valid"):
        signer.verify(
            "invite", token[:-2] + ("AA" if token[-2:] != "AA" else "BB"), max_age_seconds=60
        )


def test_expired_token_is_refused() -> None:
    signer = TokenSigner("a-secret-key-of-some-length")
    token = signer.sign("stream", {"call_id": 1})
    time.sleep(1.1)
    with pytest.raises(InvalidTokenError, match="expired"):
        signer.verify("stream", token, max_age_seconds=0)
