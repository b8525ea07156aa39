"""One HTTP-error vocabulary for the app, and CORS headers on every response.

Blueprints raise :class:`ApiError` through the helpers (``bad_request``…); one handler turns
it, any Werkzeug ``HTTPException`` and any unexpected exception into a short plain-text
body — never an HTML page or a traceback. Only 5xx are logged.
"""

from __future__ import annotations

import logging
from typing import NoReturn

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

from semaxkg.errors import StoreError
from semaxkg.sparql.messages import bad_request_text
from semaxkg.web.state import get_state

log = logging.getLogger(__name__)

TEXT = "text/plain; charset=utf-8"
EXPOSED_HEADERS = "ETag, SPARQL-Results-Truncated, SemaxKG-Cache, Content-Length"
ALLOWED_METHODS = "GET, HEAD, POST, OPTIONS"
ALLOWED_HEADERS = "Accept, Content-Type, If-None-Match, Cache-Control, X-Requested-With"
#: Seconds a client should wait before retrying when the remote store is unreachable.
STORE_RETRY_AFTER_SECONDS = 5


class ApiError(Exception):
    """An error answer: status, a message naming the parameter and the fix, extra headers."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def text_response(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """A short plain-text response."""
    response = Response(message.rstrip() + "\n", status=status, content_type=TEXT)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def bad_request(what: str, fix: str | None = None) -> NoReturn:
    """400: the request is malformed; ``what`` is wrong and ``fix`` says how to mend it.

    Every 400 of the app has the one style of :func:`semaxkg.sparql.messages.bad_request_text`.
    Without ``fix``, ``what`` is read in the house form "what is wrong: how to fix it".
    """
    if fix is None:
        what, _, fix = what.partition(": ")
    raise ApiError(400, bad_request_text(what, fix or "correct the request as said above"))


def forbidden(message: str) -> NoReturn:
    """403: the operation is refused (updates)."""
    raise ApiError(403, message)


def unsupported_media_type(message: str) -> NoReturn:
    """415: wrong, missing or non-UTF-8 Content-Type."""
    raise ApiError(415, message)


def too_large(message: str) -> NoReturn:
    """413: body or query over its limit."""
    raise ApiError(413, message)


def _handle_api_error(exc: ApiError) -> Response:
    if exc.status >= 500:
        log.error("%s %s -> %d: %s", request.method, request.path, exc.status, exc.message)
    return text_response(exc.status, exc.message, exc.headers)


def _handle_http_exception(exc: HTTPException) -> Response:
    status = exc.code or 500
    headers = {k: v for k, v in exc.get_headers() if k.lower() != "content-type"}
    message = f"{status} {exc.name}: {exc.description or ''}".strip()
    if status == 400:  # Werkzeug's own (an unreadable form body…): the one 400 style too
        message = bad_request_text(
            exc.description or "the request could not be read",
            "send a well-formed request (see the endpoint's documentation)")
    if status == 405:
        message = f"405 Method Not Allowed: use {', '.join(exc.valid_methods or ['GET'])}."  # type: ignore[attr-defined]
    if status >= 500:
        log.error("%s %s -> %d", request.method, request.path, status)
    return text_response(status, message, headers)


def _handle_store_error(exc: StoreError) -> Response:
    """The remote store behind ``serve --store`` failed: 503 when it may come back, else 502."""
    log.error("%s %s -> triplestore failed: %s", request.method, request.path, exc)
    if exc.transient:
        return text_response(503, "503 Service Unavailable: the triplestore behind this server "
                             "is not reachable or overloaded; try again shortly.",
                             {"Retry-After": str(STORE_RETRY_AFTER_SECONDS)})
    answered = f" (it answered {exc.status})" if exc.status else ""
    return text_response(502, f"502 Bad Gateway: the triplestore behind this server failed"
                         f"{answered}; the error was logged.")


def _handle_unexpected(exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.path)
    return text_response(500, "500 Internal Server Error: the error was logged.")


def _add_cors(response: Response) -> Response:
    state = get_state()
    response.headers["Access-Control-Allow-Origin"] = state.cors_origin
    response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = ALLOWED_METHODS
        response.headers["Access-Control-Allow-Headers"] = request.headers.get(
            "Access-Control-Request-Headers", ALLOWED_HEADERS
        )
        response.headers["Access-Control-Max-Age"] = str(state.cors_max_age)
    return response


def init_app(app: Flask) -> None:
    """Register the error handlers and the CORS hook on ``app``."""
    app.register_error_handler(ApiError, _handle_api_error)
    app.register_error_handler(HTTPException, _handle_http_exception)
    app.register_error_handler(StoreError, _handle_store_error)
    app.register_error_handler(Exception, _handle_unexpected)
    app.after_request(_add_cors)
