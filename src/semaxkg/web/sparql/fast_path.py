"""``GET``/``POST /sparql`` answered on the serving front's event loop, outside Flask (issue 14).

With the answer cache off (or on a miss) a query used to take Flask's whole request
machinery (~0.5 ms of Python per request) and a thread that waited for the executor. Here
the front parses the protocol request itself, runs the same checks, hands the query to an
executor and *awaits* its answer on the event loop (no thread), then sends head and body in
one write, with exactly the status, headers and bytes the Flask route gives
(``tests/endpoint/test_endpoint_fast_path.py`` compares the two over queries x formats x
methods). The time limit is the executor's, as before: a runaway is killed at its limit.

Anything this path does not handle falls through to Flask untouched (:meth:`FastPath.answer`
returns ``False`` before doing anything visible): errors the Flask route reports itself
(missing, repeated, empty, long or NUL queries, updates, bad Content-Type or charset,
invalid UTF-8, 406, sizes near the URL/header limits), the query page and the service
description, ``HEAD``, ``If-None-Match``, chunked bodies, and a query identical to one
being answered now (the answer cache's single flight waits for it in a thread). When every
executor of the worker is busy, the query waits for one in a front thread, without Flask.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from concurrent.futures import Executor
from typing import Any
from urllib.parse import parse_qsl

from flask import Flask
from werkzeug.datastructures import MIMEAccept, MultiDict
from werkzeug.http import HTTP_STATUS_CODES, parse_accept_header, parse_options_header

from semaxkg.sparql import negotiation
from semaxkg.sparql.cache import etag_for
from semaxkg.sparql.executor import QueryStopped, QueryTimeout, deadline_after
from semaxkg.sparql.messages import QueryRequest, QueryResponse
from semaxkg.web.api_errors import EXPOSED_HEADERS, TEXT, ApiError
from semaxkg.web.compression import CompressionMiddleware
from semaxkg.web.security import SECURITY_HEADERS
from semaxkg.web.sparql.answer_cache import (
    MIDDLEWARE_KEY,
    AnswerCacheMiddleware,
    run_to_end,
)
from semaxkg.web.sparql.sparql_routes import (
    FORM_TYPE,
    FORMAT_PARAMETERS,
    QUERY_TYPE,
    executor_error,
)
from semaxkg.web.state import EndpointState, get_state

log = logging.getLogger(__name__)

Headers = list[tuple[str, str]]
Answer = tuple[int, Headers, bytes]

#: Requests this close to the URL or header-size limit go to Flask, which measures them
#: exactly as its 414/431 checks do (header names and joined fields may differ by a little).
LIMIT_MARGIN_BYTES = 1024
#: The WSGI environ key through which a finished answer reaches the compression layer.
_ANSWER_KEY = "semaxkg.fast_answer"

def _replay(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    status, headers, body = environ[_ANSWER_KEY]
    start_response(status, headers)
    return [body]


def _parameters(raw: str) -> MultiDict[str, str] | None:
    """``name=value`` pairs of a query string or form body as Werkzeug parses them, or
    ``None`` when one is not UTF-8 once percent-decoded (one decoding pass checks both)."""
    try:
        return MultiDict(parse_qsl(raw, keep_blank_values=True, errors="strict"))
    except UnicodeDecodeError:
        return None


@functools.lru_cache(maxsize=negotiation.MEMO_SIZE)
def _acceptable_memo(accept: str) -> bool:
    return negotiation.acceptable_at_all(parse_accept_header(accept, MIMEAccept))


def _acceptable(accept: str) -> bool:
    """Whether some kind of result fits ``Accept`` (clients repeat a few headers: memoised)."""
    if len(accept) > negotiation.MEMO_MAX_CHARS:
        return negotiation.acceptable_at_all(parse_accept_header(accept, MIMEAccept))
    return _acceptable_memo(accept)


def _status_line(code: int) -> str:
    return f"{code} {HTTP_STATUS_CODES.get(code, 'UNKNOWN').upper()}"


class FastPath:
    """The ``/sparql`` fast path of one worker (see the module doc)."""

    def __init__(self, app: Flask, state: EndpointState) -> None:
        self.state = state
        self.max_url_bytes = int(app.config["MAX_URL_BYTES"]) - LIMIT_MARGIN_BYTES
        self.max_header_bytes = int(app.config["MAX_HEADER_BYTES"]) - LIMIT_MARGIN_BYTES
        self.max_body_bytes = int(app.config["MAX_CONTENT_LENGTH"])
        self.answer_cache: AnswerCacheMiddleware | None = app.extensions.get(MIDDLEWARE_KEY)
        # The same compression rules (gzip, Vary, ETag suffix) as every Flask answer.
        self._compression = CompressionMiddleware(_replay)
        self._after = [*SECURITY_HEADERS.items(),
                       ("Access-Control-Allow-Origin", state.cors_origin),
                       ("Access-Control-Expose-Headers", EXPOSED_HEADERS)]

    @classmethod
    def for_app(cls, app: Flask) -> FastPath | None:
        """The fast path for ``app``, or ``None`` where it does not apply (a remote store,
        queries answered in the web process)."""
        state = get_state(app)
        if state.remote is not None or state.dataset is None or state.executor_kind != "process":
            return None
        return cls(app, state)

    async def answer(self, environ: dict[str, Any], body: bytes, protocol: Any,
                     threads: Executor) -> bool:
        """Answer the ``/sparql`` request of ``environ`` (whole ``body`` read); ``False``
        (nothing sent) when Flask must. ``threads`` waits for an executor when all are busy."""
        started = deadline_after(0.0)
        query = self.parse(environ, body)
        if query is None:
            return False
        key: tuple[str | bytes, ...] = ()
        flight = None
        if self.answer_cache is not None:
            key = self.answer_cache.key_for(environ, body)
            if self.answer_cache.cache.get(key) is not None:  # stored since the loop looked:
                return False  # replayed by the thread path; the miss is counted once, here
            flight, leading = self.answer_cache.lead(key)
            if not leading:  # an identical request is running: wait for it in a thread
                return False
        fresh = None
        try:
            status, headers, payload = await self._run(
                query, started + self.state.timeout, threads, environ)
            if self.answer_cache is not None:
                fresh = self.answer_cache.keep(key, _status_line(status), headers, payload)
        finally:
            if self.answer_cache is not None and flight is not None:
                self.answer_cache.land(key, flight, fresh)
        environ[_ANSWER_KEY] = (_status_line(status), headers, payload)
        line, headers, payload = run_to_end(self._compression, environ)
        protocol.response_bytes(int(line.split(" ", 1)[0]), headers, payload)
        return True

    def parse(self, environ: dict[str, Any], body: bytes) -> QueryRequest | None:
        """The query of a protocol request that needs nothing but the executor; ``None``
        for everything the Flask route must answer itself."""
        method = environ["REQUEST_METHOD"]
        raw_query: str = environ.get("QUERY_STRING", "")
        accept: str = environ.get("HTTP_ACCEPT", "")
        if (method not in ("GET", "POST") or "HTTP_IF_NONE_MATCH" in environ
                or "html" in accept or not raw_query.isascii() or self._near_limits(environ)):
            return None
        params = _parameters(raw_query)
        if params is None:  # not UTF-8 once percent-decoded: Flask's 400 names the parameter
            return None
        queries = params.getlist("query")
        if method == "POST":
            posted = self._posted(environ, body, params)
            if posted is None:
                return None
            queries = posted
        if "update" in params or len(queries) != 1:
            return None
        text = queries[0]
        if not text.strip() or len(text) > self.state.max_query_chars or "\x00" in text:
            return None
        hint = next((params[k] for k in FORMAT_PARAMETERS if params.get(k)), None)
        if not hint and not _acceptable(accept):
            return None
        return QueryRequest(
            query=text,
            default_graphs=tuple(params.getlist("default-graph-uri")),
            named_graphs=tuple(params.getlist("named-graph-uri")),
            base_iri=self.state.base_iri,
            accept=accept,
            format_hint=hint,
            row_cap=self.state.row_cap,
        )

    def _near_limits(self, environ: dict[str, Any]) -> bool:
        url = len(environ.get("PATH_INFO", "")) + len(environ.get("QUERY_STRING", "")) + 1
        fields = sum(len(k) + len(v) for k, v in environ.items()
                     if k.startswith("HTTP_") or k in ("CONTENT_TYPE", "CONTENT_LENGTH"))
        return url > self.max_url_bytes or fields > self.max_header_bytes

    def _posted(self, environ: dict[str, Any], body: bytes,
                params: MultiDict[str, str]) -> list[str] | None:
        """The query texts of a POST (form fields join ``params``); ``None``: Flask's case."""
        if len(body) > self.max_body_bytes or str(len(body)) != environ.get("CONTENT_LENGTH"):
            return None
        mimetype, options = parse_options_header(environ.get("CONTENT_TYPE", ""))
        charset = options.get("charset")
        if charset is not None and charset.strip().lower() not in ("utf-8", "utf8"):
            return None
        if mimetype.lower() == FORM_TYPE:
            try:
                form = _parameters(body.decode("utf-8"))
            except UnicodeDecodeError:
                return None
            if form is None:
                return None
            for name, value in form.items(multi=True):
                params.add(name, value)
            return params.getlist("query")
        if mimetype.lower() == QUERY_TYPE:
            try:
                return [body.decode("utf-8"), *params.getlist("query")]
            except UnicodeDecodeError:
                return None
        return None

    async def _run(self, query: QueryRequest, deadline: float, threads: Executor,
                   environ: dict[str, Any]) -> Answer:
        # The pre-checks (nesting, updates, SERVICE) run once, in the executor, before the
        # parser (``engine.execute``): the event loop is the worker's one thread for all of
        # its requests, the executors run side by side.
        try:
            answer = await self._execute(query, deadline, threads)
        except (QueryTimeout, QueryStopped) as exc:
            error = executor_error(exc, self.state.timeout)
            if error.status >= 500:  # logged as api_errors logs it
                log.error("%s %s -> %d: %s", environ["REQUEST_METHOD"], environ["PATH_INFO"],
                          error.status, error.message)
            return self._error(error)
        etag = etag_for(self.state.version, query)
        return self._to_answer(answer, etag)

    async def _execute(self, query: QueryRequest, deadline: float,
                       threads: Executor) -> QueryResponse:
        pool = self.state.pool()
        executor = pool.try_borrow()
        if executor is None:  # all busy: a thread waits for one (the wait counts, as before)
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(threads, self.state.run, query, deadline)
        try:
            return await executor.execute_async(query, max(0.0, deadline - deadline_after(0.0)))
        finally:
            pool.give_back(executor)

    def _to_answer(self, answer: QueryResponse, etag: str | None) -> Answer:
        """The route's ``_to_flask`` plus the after-request hooks, as a header list."""
        headers: Headers = [("Content-Type", answer.content_type),
                            ("Content-Length", str(len(answer.body)))]
        for name, value in answer.headers:
            headers.append((name, value))
        headers.append(("Vary", "Accept"))
        if etag is not None and answer.status == 200:
            headers.append(("ETag", f'"{etag}"'))
        cacheable = answer.cacheable and self.answer_cache is not None
        headers.append(("SemaxKG-Cache", "miss" if cacheable else "off"))
        return answer.status, headers + self._after, answer.body

    def _error(self, error: ApiError) -> Answer:
        """``api_errors``' text answer for ``error``, hooks included."""
        body = (error.message.rstrip() + "\n").encode()
        headers: Headers = [("Content-Type", TEXT), ("Content-Length", str(len(body))),
                            *error.headers.items()]
        return error.status, headers + self._after, body
