"""Static assets under content-hashed names, cached for a year; the favicon.

``asset_url("style.css")`` (a template global) gives ``/assets/style.<hash>.css``, where
``<hash>`` is the first :data:`HASH_CHARS` hex digits of the file's SHA-256. The name changes
whenever the content does, so the answer may be kept by any cache for good
(``Cache-Control: public, max-age=31536000, immutable``); a name whose hash is not the current
one is a 404, never a stale file under a fresh name. ``/static/<file>`` keeps working (Flask's
own route, revalidated). ``/favicon.ico`` answers with the SVG icon, so no page load logs a 404.
"""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, Flask, Response, abort, current_app

#: Hex digits of the SHA-256 kept in an asset's name.
HASH_CHARS = 12
#: A year, the longest max-age caches honour (RFC 9111 recommends no more).
IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable"
#: The favicon's file in ``static/``.
FAVICON = "favicon.svg"
#: How long ``/favicon.ico`` may be kept (a day: its name cannot carry a hash).
FAVICON_CACHE_CONTROL = "public, max-age=86400"
EXTENSION_KEY = "semaxkg.assets"

bp = Blueprint("assets", __name__)


@dataclass(frozen=True)
class Asset:
    """One file of ``static/``: its bytes, media type and hashed name."""

    name: str
    hashed_name: str
    body: bytes
    media_type: str


def hashed_name(name: str, body: bytes) -> str:
    """``style.css`` → ``style.<first HASH_CHARS hex digits of sha256>.css``."""
    stem, dot, ext = name.rpartition(".")
    digest = hashlib.sha256(body).hexdigest()[:HASH_CHARS]
    return f"{stem}.{digest}.{ext}" if dot else f"{name}.{digest}"


def load_assets(folder: Path) -> dict[str, Asset]:
    """Every file directly in ``folder``, read once, by hashed name."""
    found: dict[str, Asset] = {}
    for path in sorted(folder.iterdir()):
        if not path.is_file():
            continue
        body = path.read_bytes()
        media = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if media.startswith("text/") or media in ("application/javascript", "image/svg+xml"):
            media += "; charset=utf-8"
        asset = Asset(path.name, hashed_name(path.name, body), body, media)
        found[asset.hashed_name] = asset
    return found


def _assets() -> dict[str, Asset]:
    assets: dict[str, Asset] = current_app.extensions[EXTENSION_KEY]
    return assets


def asset_url(name: str) -> str:
    """The content-hashed URL of ``static/<name>`` (``/static/<name>`` if there is no such file)."""
    for asset in _assets().values():
        if asset.name == name:
            return f"/assets/{asset.hashed_name}"
    return f"/static/{name}"


@bp.get("/assets/<name>")
def asset(name: str) -> Response:
    """The asset under its hashed name, cacheable for a year; 404 for any other name."""
    found = _assets().get(name)
    if found is None:
        abort(404)
    response = Response(found.body, content_type=found.media_type)
    response.headers["Cache-Control"] = IMMUTABLE_CACHE_CONTROL
    response.set_etag(found.hashed_name)
    return response


@bp.get("/favicon.ico")
def favicon() -> Response:
    """The site icon (an SVG, which browsers accept at this path too)."""
    for found in _assets().values():
        if found.name == FAVICON:
            response = Response(found.body, content_type=found.media_type)
            response.headers["Cache-Control"] = FAVICON_CACHE_CONTROL
            return response
    abort(404)


def init_app(app: Flask) -> None:
    """Read ``static/`` once, register the routes and the ``asset_url`` template global."""
    folder = Path(app.static_folder or "")
    app.extensions[EXTENSION_KEY] = load_assets(folder) if folder.is_dir() else {}
    app.register_blueprint(bp)
    app.add_template_global(asset_url, "asset_url")
