"""One renderer for every error: the OpenAI shape ``{"error": {message, type, code, param}}``.

Unknown exceptions become a plain 500 whose body holds neither prompt text nor
a traceback; only the exception's type is logged.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from starlette.exceptions import HTTPException as StarletteHTTPException

from gateway.api.headers import gateway_headers, new_request_id
from gateway.api.json_response import JsonResponse
from gateway.errors import GatewayError, RouteNotFound

__all__ = ["error_body", "error_response", "install_error_handlers"]

log = logging.getLogger(__name__)


def error_body(error: GatewayError) -> dict[str, Any]:
    return {"error": {"message": error.message, "type": error.type, "code": error.code, "param": error.param}}


def error_response(error: GatewayError, headers: dict[str, str] | None = None) -> JsonResponse:
    return JsonResponse(error_body(error), status_code=error.status, headers=headers)


def _default_headers(request: Request) -> dict[str, str]:
    # Set by a route once it knows the request id (and later the decision).
    headers = getattr(request.state, "gateway_headers", None)
    return headers or gateway_headers(new_request_id(), None)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(GatewayError)
    async def _gateway_error(request: Request, exc: GatewayError) -> JsonResponse:
        return error_response(exc, _default_headers(request))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JsonResponse:
        return error_response(RouteNotFound(exc.status_code), _default_headers(request))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JsonResponse:
        log.error("unexpected error on %s: %s", request.url.path, type(exc).__name__)
        return error_response(GatewayError(), _default_headers(request))
