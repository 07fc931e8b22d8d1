"""Shared request types: ids the database can hold, and text the database can store."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, TypeVar

from fastapi import Path
from pydantic import (
    BaseModel,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    JsonValue,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, core_schema

from core.catalogue import Phrase
from services.errors import Wording

T = TypeVar("T")

# BIGINT's range: a larger id cannot exist, and must be a 422, not a database error.
MAX_ID = 2**63 - 1

# Days the platform can have data for; also keeps date arithmetic far from year 9999.
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)

ResourceId = Annotated[int, Path(ge=1, le=MAX_ID, description="The resource's id.")]


class ServiceChecked:
    """Metadata for a value whose rules a service owns and words (issue 18: one rule in one
    place), as in `Annotated[str, ServiceChecked(subject_problem, maxLength=200)]`.

    `problem_of` is the service's own check (the words, or None), asked after the value has
    its type, while the body is validated, so one 422 names every wrong field at once and
    reads as the portal's form does ("The subject may have at most 200 characters."), one
    message id, instead of the schema's own wording of the same limit. `limits` (`minLength`,
    `maxLength`, `maxItems`, …) only show clients the service's limits in the OpenAPI
    document; the schema does not check them again."""

    def __init__(self, problem_of: Callable[[Any], Wording | None], **limits: JsonValue) -> None:
        self.problem_of, self.limits = problem_of, limits

    def __get_pydantic_core_schema__(
        self,
        source: Any,  # noqa: ANN401 (any annotated type)
        handler: GetCoreSchemaHandler,
    ) -> CoreSchema:
        return core_schema.no_info_after_validator_function(self._checked, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {**handler(schema), **self.limits}

    def _checked(self, value: T) -> T:
        if (problem := self.problem_of(value)) is None:
            return value
        raise ValueError(problem if isinstance(problem, Phrase) else Phrase(problem))


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
