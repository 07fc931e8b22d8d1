"""Shared request types: ids the database can hold, and text the database can store."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import Path
from pydantic import BaseModel, Field, model_validator

from core.catalogue import Phrase

# BIGINT's range: a larger id cannot exist, and must be a 422, not a database error.
MAX_ID = 2**63 - 1

# Days the platform can have data for; also keeps date arithmetic far from year 9999.
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)

ResourceId = Annotated[int, Path(ge=1, le=MAX_ID, description="The resource's id.")]


def service_checked_text(*, max_length: int) -> Any:  # noqa: ANN401 (pydantic's FieldInfo)
    """A text field whose limits a service checks and words (issue 18: one rule in one
    place): the API's 422 then reads as the portal's form does ("The subject may have at
    most 200 characters."), one message id, instead of the schema's own wording of the same
    limit. The OpenAPI document still shows clients the limits."""
    return Field(json_schema_extra={"minLength": 1, "maxLength": max_length})


class RequestBody(BaseModel):
    """Base of every request body. PostgreSQL text cannot hold NUL characters, so they are
    refused here with a field error instead of failing in the database."""

    @model_validator(mode="before")
    @classmethod
    def _refuse_nul_characters(cls, data: Any) -> Any:
        if _has_nul(data):
            raise ValueError(
                Phrase("Please remove the invisible control characters from this text.")
            )
        return data


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(item) for item in value)
    return False
