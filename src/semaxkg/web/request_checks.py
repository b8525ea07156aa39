"""Checks every request passes before a view sees it: its text must be UTF-8.

Werkzeug decodes percent-escapes in the query string and in form bodies with replacement
characters, so ``?query=%FF`` would silently become ``?query=\ufffd`` and be answered as if the
client had sent that. The raw bytes are checked here instead, the same way for a GET query
string, a POST's URL parameters and a form body (a ``application/sparql-query`` body is
checked by the endpoint itself): invalid UTF-8 is a 400 naming the parameter and the fix.
"""

from __future__ import annotations

from typing import NoReturn
from urllib.parse import unquote_to_bytes

from flask import Flask, request

from semaxkg.web.errors import bad_request

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
    what = f"The {name!r} parameter" if name != "?" else "A parameter name"
    bad_request(f"{what} in the {where} is not valid UTF-8: {FIX}.")


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
    """Register the checks on ``app``."""
    app.before_request(check_utf8)
