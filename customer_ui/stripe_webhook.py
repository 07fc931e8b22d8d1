"""`POST /webhooks/stripe` on the portal's FastAPI app (filled in by the billing work)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
