"""Checks every request passes before a view sees it: its size, and its text must be UTF-8.

A request target over ``MAX_URL_BYTES`` gets 414, header fields over ``MAX_HEADER_BYTES``
431, each with a body naming the fix and the usual CORS headers (the limits are lower than
Granian's own, whose refusals are empty; see ``semaxkg.sparql.limits``).

Werkzeug decodes percent-escapes in the query string and in form bodies with replacement
characters, so ``?query=%FF`` would silently become ``?query=\ufffd`` and be answered as if the
client had sent that. The raw bytes are checked here instead, the same way for a GET query
string, a POST's URL parameters and a form body (a ``application/sparql-query`` body is
checked by the endpoint itself): invalid UTF-8 is a 400 naming the parameter and the fix.
"""

from __future__ import annotations

from typing import NoReturn
from urllib.parse import unquote_to_bytes

from flask import Flask, current_app, request

from semaxkg.web.api_errors import ApiError, bad_request

FORM_TYPE = "application/x-www-form-urlencoded"
#: What the 400 tells a client to do.
FIX = ("percent-encode the text as UTF-8 (as encodeURIComponent, urllib.parse.quote or curl "
       "--data-urlencode do)")


def invalid_utf8_parameter(raw: bytes) -> str | None:
    """The name of the first ``name=value`` pair of ``raw`` that is not UTF-8 once
    percent-decoded (``"?"`` when the name itself is not), or ``None`` when all are."""
    for pair in raw.split(b"&"):
        name, _, value = pair.replace(b"+", b" ").partition(b"=")
        try:
            decoded_name = unquote_to_bytes(name).decode("utf-8")
        except UnicodeDecodeError:
            return "?"
        try:
            unquote_to_bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            return decoded_name
    return None


def _refuse(name: str, where: str) -> NoReturn:
    what = f"the {name!r} parameter" if name != "?" else "a parameter name"
    bad_request(f"{what} in the {where} is not valid UTF-8", FIX)


def url_bytes() -> int:
    """Bytes of the request target: the path (as WSGI holds it) plus ``?`` and query string."""
    path = request.environ.get("PATH_INFO", "")
    query = request.query_string
    return len(path.encode("latin-1", "replace")) + (len(query) + 1 if query else 0)


def header_bytes() -> int:
    """Bytes of the request's header fields (names and values)."""
    return sum(len(name) + len(value) for name, value in request.headers.items())


def check_size() -> None:
    """The first before-request hook: 414 for a long URL, 431 for large header fields."""
    limit = int(current_app.config["MAX_URL_BYTES"])
    size = url_bytes()
    if size > limit:
        raise ApiError(414, f"The URL is {size} bytes long, over this server's limit of {limit}: "
                            "send a long query in a POST body instead (application/sparql-query, "
                            "or application/x-www-form-urlencoded with query=...).")
    limit = int(current_app.config["MAX_HEADER_BYTES"])
    size = header_bytes()
    if size > limit:
        raise ApiError(431, f"The request's header fields are {size} bytes, over this server's "
                            f"limit of {limit}: send fewer or shorter headers (cookies?).")


def check_utf8() -> None:
    """The before-request hook: 400 for a query string or form body that is not UTF-8."""
    name = invalid_utf8_parameter(request.query_string)
    if name is not None:
        _refuse(name, "URL's query string")
    if request.method == "POST" and request.mimetype == FORM_TYPE:
        name = invalid_utf8_parameter(request.get_data(cache=True))
        if name is not None:
            _refuse(name, "form body")


def init_app(app: Flask) -> None:
    """Register the checks on ``app`` (sizes first: they are the cheapest)."""
    app.before_request(check_size)
    app.before_request(check_utf8)
