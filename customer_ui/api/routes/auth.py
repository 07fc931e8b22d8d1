"""Exchange an API token for a short-lived access token."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from customer_ui.api.fields import RequestBody
from customer_ui.api.routing import ThreadedRoute
from customer_ui.api.security import (
    ACCESS_PURPOSE,
    ACCESS_TOKEN_SECONDS,
    Context,
    RequestSession,
)
from models import TokenScope
from services.api_tokens import grant_for_token

router = APIRouter(prefix="/auth", tags=["auth"], route_class=ThreadedRoute)


class TokenExchange(RequestBody):
    api_token: str = Field(min_length=1, max_length=200, description="Your API token (va_…).")


class AccessToken(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 — the OAuth token type
    expires_in: int = Field(description="Seconds until the access token expires.")
    scope: TokenScope


@router.post("/token", response_model=AccessToken, summary="Get an access token")
def exchange_token(body: TokenExchange, context: Context, session: RequestSession) -> AccessToken:
    grant = grant_for_token(connection=session.connection(), plain=body.api_token)
    session.commit()
    context.limiter.hit(grant.token_id)
    return AccessToken(
        access_token=context.signer.sign(ACCESS_PURPOSE, grant.token_id),
        expires_in=ACCESS_TOKEN_SECONDS,
        scope=TokenScope.READ_WRITE if grant.can_write else TokenScope.READ,
    )
