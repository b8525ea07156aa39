"""What keeps hostile data and URLs from running script in a reader's browser.

Two layers. First, a link is only ever made for a local path or an ``http``/``https`` IRI
(:func:`safe_href`): an IRI such as ``javascript:…`` or ``data:…`` — a query can mint any with
``BIND(IRI(…))`` and the data may hold one — is shown as inert text. Second, every response
carries a strict Content-Security-Policy (no inline script or style, nothing from other
origins, no plugins, no ``<base>``, no framing) with ``nosniff``, a referrer policy and
``X-Frame-Options`` (:func:`add_security_headers`), so a link that slipped through still runs
nothing: a browser treats a ``javascript:`` URL as inline script, which the policy forbids.
"""

from __future__ import annotations

import re

from flask import Flask, Response
from markupsafe import Markup, escape

#: Schemes a page may link to (besides paths on this server).
SAFE_SCHEMES = ("http", "https")
#: An absolute ``http``/``https`` URL with nothing a browser would strip or reinterpret
#: (whitespace and control characters are never in an IRI; a browser drops some of them
#: before reading the scheme, which could turn ``java\tscript:`` into ``javascript:``).
_SAFE_ABSOLUTE = re.compile(r"https?://[^\s\x00-\x1f\x7f]*", re.IGNORECASE)
_SAFE_RELATIVE = re.compile(r"[/#?][^\s\x00-\x1f\x7f\\]*")

#: The policy of every response: scripts, styles, images, fetches only from this origin;
#: no inline script or style, no plugins, no ``<base>`` rewriting, no framing, forms post
#: only here.
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
))
#: Sent with every response (``setdefault``: a view may choose stricter values).
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
}


def is_safe_href(href: str) -> bool:
    """Whether ``href`` may be a clickable link: a path/fragment/query here, or http(s)."""
    if href.startswith("//"):
        return bool(_SAFE_ABSOLUTE.fullmatch("http:" + href))
    return bool(_SAFE_RELATIVE.fullmatch(href) or _SAFE_ABSOLUTE.fullmatch(href))


def safe_href(href: str) -> str:
    """``href`` when :func:`is_safe_href`, else ``""`` (which pages render as no link)."""
    return href if is_safe_href(href) else ""


def href_attr(href: str) -> Markup:
    """`` href="…"`` for a safe ``href``, nothing otherwise: an ``<a>`` without ``href`` is text.

    Registered as the template filter ``href_attr``: ``<a{{ link.href|href_attr }}>``.
    """
    if not href or not is_safe_href(href):
        return Markup("")
    return Markup(' href="%s"') % escape(href)


def add_security_headers(response: Response) -> Response:
    """The after-request hook: the headers above on every response."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def init_app(app: Flask) -> None:
    """Register the headers hook and the ``href_attr`` filter on ``app``."""
    app.after_request(add_security_headers)
    app.add_template_filter(href_attr, "href_attr")
