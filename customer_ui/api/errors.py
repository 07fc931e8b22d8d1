"""One error shape for the whole API: `{"error": {"code", "message", "fields"}}`.

Domain errors from services map to their status here, so routes just call services and let
errors rise. Anything unexpected becomes a 500 with a plain message and no internals.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from core.catalogue import N_, negotiate, translate
from core.unavailable import refusal
from customer_ui.api.field_errors import field_name, field_phrase
from services.errors import (
    AuthenticationFailed,
    Conflict,
    DomainError,
    NotFound,
    ValidationFailed,
    Wording,
)
from services.permissions import NotAllowed

log = logging.getLogger(__name__)

NEEDS_ATTENTION = N_("Some fields need attention.")
NOT_FOUND = N_("Not found.")
REFUSED = N_("Request refused.")
SOMETHING_WENT_WRONG = N_("Something went wrong on our side. Please try again.")

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "rate_limited",
    500: "internal_error",
    503: "unavailable",
}


class ErrorDetail(BaseModel):
    code: str = Field(description="What went wrong, for programs: `invalid`, `not_found`, …")
    message: str = Field(description="For people, in the language Accept-Language asks for.")
    fields: dict[str, str] = Field(
        default={},
        description="With 422: per field — named as the request names it (`subject`, "
        "`faq.0.answer`; `limit`, `bot_id` for parameters) — what to change, "
        "in the same language.",
    )


class ErrorBody(BaseModel):
    error: ErrorDetail


class ApiError(Exception):
    """Raised by API code for a specific status, e.g. 403 for a read-only token writing."""

    def __init__(
        self, status: int, message: Wording, *, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(str(message))
        self.status = status
        self.message = message
        self.headers = headers


def error_response(
    status: int,
    message: Wording,
    fields: Mapping[str, Wording] | None = None,
    headers: dict[str, str] | None = None,
    *,
    language: str = "en",
) -> JSONResponse:
    """The error body, its message and field messages in `language` ("de", "en")."""
    words = {name: translate(language, text) for name, text in (fields or {}).items()}
    detail = ErrorDetail(
        code=CODES.get(status, "error"), message=translate(language, message), fields=words
    )
    body = ErrorBody(error=detail)
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


def caller_language(request: Request) -> str:
    """The language the caller's Accept-Language asks for (Babel's negotiation); English
    without one, as the API's documentation is written."""
    return negotiate(request.headers.get("accept-language")) or "en"


def unavailable_response(request: Request, busy: bool) -> JSONResponse:
    """The database cannot be reached, or every pooled connection is taken (`busy`):
    customer_ui/outage.py answers with it, in the caller's language."""
    message, retry_after = refusal(busy=busy)
    return error_response(503, message, headers=retry_after, language=caller_language(request))


# Every route may answer with these; they join the OpenAPI document so clients (and
# schemathesis) know the error shape.
ERROR_RESPONSES: dict[int | str, dict[str, object]] = {
    status: {"model": ErrorBody, "description": CODES[status].replace("_", " ")}
    for status in (400, 401, 403, 404, 409, 413, 422, 429)
}


def install_error_handlers(app: FastAPI) -> None:
    """Every error as the one body, in the caller's language (Accept-Language)."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, error: ApiError) -> JSONResponse:
        return error_response(
            error.status, error.message, headers=error.headers, language=caller_language(request)
        )

    @app.exception_handler(ValidationFailed)
    async def _validation_failed(request: Request, error: ValidationFailed) -> JSONResponse:
        return error_response(422, NEEDS_ATTENTION, error.fields, language=caller_language(request))

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, error: NotFound) -> JSONResponse:
        message = error.message or NOT_FOUND
        return error_response(404, message, language=caller_language(request))

    @app.exception_handler(NotAllowed)
    async def _not_allowed(request: Request, error: NotAllowed) -> JSONResponse:
        return error_response(403, error.message, language=caller_language(request))

    @app.exception_handler(Conflict)
    async def _conflict(request: Request, error: Conflict) -> JSONResponse:
        return error_response(409, error.message, language=caller_language(request))

    @app.exception_handler(AuthenticationFailed)
    async def _unauthenticated(request: Request, error: AuthenticationFailed) -> JSONResponse:
        return error_response(
            401,
            error.message,
            headers={"WWW-Authenticate": "Bearer"},
            language=caller_language(request),
        )

    @app.exception_handler(DomainError)
    async def _domain_error(request: Request, error: DomainError) -> JSONResponse:
        return error_response(400, error.message, language=caller_language(request))

    @app.exception_handler(RequestValidationError)
    async def _invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
        # Pydantic's error types through the catalogue (customer_ui/api/field_errors.py).
        language = caller_language(request)
        fields: dict[str, Wording] = {}
        for problem in error.errors():
            fields.setdefault(field_name(problem), field_phrase(problem, language))
        return error_response(422, NEEDS_ATTENTION, fields, language=language)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        message = error.detail if isinstance(error.detail, str) else REFUSED
        headers = dict(error.headers) if error.headers else None
        return error_response(
            error.status_code, message, headers=headers, language=caller_language(request)
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, error: Exception) -> JSONResponse:
        log.exception("API error on %s %s", request.method, request.url.path)
        return error_response(500, SOMETHING_WENT_WRONG, language=caller_language(request))
