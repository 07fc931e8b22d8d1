"""One error shape for the whole API: `{"error": {"code", "message", "fields"}}`.

Domain errors from services map to their status here, so routes just call services and let
errors rise. Anything unexpected becomes a 500 with a plain message and no internals.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from core.unavailable import RETRY_AFTER, UNAVAILABLE
from services.errors import AuthenticationFailed, Conflict, DomainError, NotFound, ValidationFailed
from services.permissions import NotAllowed

log = logging.getLogger(__name__)

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
    code: str
    message: str
    fields: dict[str, str] = {}


class ErrorBody(BaseModel):
    error: ErrorDetail


class ApiError(Exception):
    """Raised by API code for a specific status, e.g. 403 for a read-only token writing."""

    def __init__(self, status: int, message: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers


def error_response(
    status: int,
    message: str,
    fields: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = ErrorBody(
        error=ErrorDetail(code=CODES.get(status, "error"), message=message, fields=fields or {})
    )
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


def unavailable_response() -> JSONResponse:
    """The database cannot be reached (customer_ui/outage.py answers with it)."""
    return error_response(503, UNAVAILABLE, headers=RETRY_AFTER)


# Every route may answer with these; they join the OpenAPI document so clients (and
# schemathesis) know the error shape.
ERROR_RESPONSES: dict[int | str, dict[str, object]] = {
    status: {"model": ErrorBody, "description": CODES[status].replace("_", " ")}
    for status in (400, 401, 403, 404, 409, 413, 422, 429)
}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, error: ApiError) -> JSONResponse:
        return error_response(error.status, error.message, headers=error.headers)

    @app.exception_handler(ValidationFailed)
    async def _validation_failed(_request: Request, error: ValidationFailed) -> JSONResponse:
        return error_response(422, "Some fields need attention.", error.english())

    @app.exception_handler(NotFound)
    async def _not_found(_request: Request, error: NotFound) -> JSONResponse:
        return error_response(404, str(error) or "Not found.")

    @app.exception_handler(NotAllowed)
    async def _not_allowed(_request: Request, error: NotAllowed) -> JSONResponse:
        return error_response(403, str(error))

    @app.exception_handler(Conflict)
    async def _conflict(_request: Request, error: Conflict) -> JSONResponse:
        return error_response(409, str(error))

    @app.exception_handler(AuthenticationFailed)
    async def _unauthenticated(_request: Request, error: AuthenticationFailed) -> JSONResponse:
        return error_response(401, str(error), headers={"WWW-Authenticate": "Bearer"})

    @app.exception_handler(DomainError)
    async def _domain_error(_request: Request, error: DomainError) -> JSONResponse:
        return error_response(400, str(error))

    @app.exception_handler(RequestValidationError)
    async def _invalid_request(_request: Request, error: RequestValidationError) -> JSONResponse:
        fields = {}
        for problem in error.errors():
            location = [str(part) for part in problem.get("loc", ()) if part != "body"]
            fields[".".join(location) or "body"] = str(problem.get("msg", "invalid"))
        return error_response(422, "Some fields need attention.", fields)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, error: StarletteHTTPException) -> JSONResponse:
        message = error.detail if isinstance(error.detail, str) else "Request refused."
        headers = dict(error.headers) if error.headers else None
        return error_response(error.status_code, message, headers=headers)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, error: Exception) -> JSONResponse:
        log.exception("API error on %s %s", request.method, request.url.path)
        return error_response(500, "Something went wrong on our side. Please try again.")
