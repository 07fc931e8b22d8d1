"""The caller's own tenant and price plan."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict

from customer_ui.api.routing import ThreadedRoute
from customer_ui.api.security import TenantDb, requires
from models import TenantStatus
from services.permissions import Action
from services.tenant_settings import own_tenant

router = APIRouter(
    prefix="/tenant",
    tags=["tenant"],
    route_class=ThreadedRoute,
    dependencies=[requires(Action.VIEW_ACCOUNT)],
)


class PlanOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    name: str
    currency: str
    monthly_fee_cents: int
    included_minutes: int
    per_minute_cents: int
    number_monthly_fee_cents: int


class TenantOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    slug: str
    status: TenantStatus
    locale: str
    country: str
    currency: str
    max_concurrent_calls: int
    price_plan: PlanOut | None


@router.get("", response_model=TenantOut, summary="Your account")
def read_tenant(db: TenantDb) -> TenantOut:
    return TenantOut.model_validate(own_tenant(session=db))
