"""A query string read as one model by the API's route class (routing.ThreadedRoute), not
by FastAPI.

An endpoint takes its filters and paging as one model, `query: Annotated[CallQuery,
Query()]`, as FastAPI documents. FastAPI reads such a model field by field and looks at each
field's type again on every request: 7 % of a page of calls' CPU (bench/api_instructions.py,
4.90M → 4.66M instructions a request without it). The route reads the query string into the
model in one validation instead, and answers a wrong value as FastAPI would (a
RequestValidationError at `("query", <name>)`, which the API's handler words). The
operation's parameters in the OpenAPI document come from the model's JSON schema.

A request whose path and query are both wrong is told about its path first (FastAPI reads
the path before the endpoint runs); no endpoint with a query model has path parameters.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Mapping
from typing import Annotated, Any

from fastapi import params
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError


def query_models(endpoint: Callable[..., Any]) -> dict[str, type[BaseModel]]:
    """The endpoint's parameters annotated `Annotated[SomeModel, Query()]`: name → model."""
    found: dict[str, type[BaseModel]] = {}
    for name, hint in typing.get_type_hints(endpoint, include_extras=True).items():
        if typing.get_origin(hint) is not Annotated:
            continue
        model, *metadata = typing.get_args(hint)
        if (
            isinstance(model, type)
            and issubclass(model, BaseModel)
            and any(isinstance(m, params.Query) for m in metadata)
        ):
            found[name] = model
    return found


def read_query(model: type[BaseModel], query: Mapping[str, str]) -> BaseModel:
    """`query` (a repeated parameter: its last value, as FastAPI takes it) as `model`, or
    RequestValidationError naming each wrong parameter."""
    try:
        return model.model_validate(dict(query))
    except ValidationError as error:
        problems = error.errors(include_url=False)
        raise RequestValidationError(
            [{**problem, "loc": ("query", *problem["loc"])} for problem in problems]
        ) from None


def documented_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    """The model's fields as the OpenAPI operation's query parameters, each with its JSON
    schema (the types it refers to written out in place: the document need not hold them)."""
    schema = model.model_json_schema(by_alias=True)
    definitions = schema.get("$defs", {})
    required = set(schema.get("required", ()))
    parameters = []
    for name, field in schema["properties"].items():
        written_out = {"title": name.replace("_", " ").title()} | _without_references(
            field, definitions
        )
        parameter = {"name": name, "in": "query", "required": name in required}
        if "description" in written_out:
            parameter["description"] = written_out["description"]
        parameters.append(parameter | {"schema": written_out})
    return parameters


def _without_references(schema: Any, definitions: dict[str, Any]) -> Any:  # noqa: ANN401 (JSON)
    if isinstance(schema, dict):
        if "$ref" in schema:
            return _without_references(definitions[schema["$ref"].rsplit("/", 1)[-1]], definitions)
        return {key: _without_references(value, definitions) for key, value in schema.items()}
    if isinstance(schema, list):
        return [_without_references(item, definitions) for item in schema]
    return schema
