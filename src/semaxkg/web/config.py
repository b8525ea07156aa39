"""Configuration keys of the web app and their defaults.

Order of precedence (later wins): these defaults → the file named by ``SEMAXKG_CONFIG``
(``.py``, ``.toml`` or ``.json``) → ``SEMAXKG_*`` environment variables (values parsed as
JSON, e.g. ``SEMAXKG_QUERY_TIMEOUT=5``) → the mapping passed to ``create_app``.
"""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path
from typing import Any

from flask import Flask

from semaxkg.errors import UsageError
from semaxkg.paths import find_current_project
from semaxkg.rdf import iri_scheme
from semaxkg.rdf.iri_scheme import BASE
from semaxkg.sparql import limits


def default_data_files() -> list[str]:
    """The current project's built dataset (see :mod:`semaxkg.paths`), or none outside a project."""
    project = find_current_project()
    return [str(project.data_file)] if project is not None else []


def default_sources_dir() -> str:
    """The current project's source-text folder when it exists, else ``""``."""
    project = find_current_project()
    if project is None or project.embedded or not project.sources_dir.is_dir():
        return ""
    return str(project.sources_dir)


#: Settings that limit what one request may cost, with their defaults (see sparql/limits.py).
LIMIT_DEFAULTS: dict[str, Any] = {
    # Seconds before a query is stopped with 503.
    "QUERY_TIMEOUT": limits.QUERY_TIMEOUT_SECONDS,
    # Seconds to receive a whole request body (`semaxkg serve`): 408 after.
    "BODY_READ_TIMEOUT": limits.BODY_READ_TIMEOUT_SECONDS,
    # Most rows/triples per answer; more are cut and flagged.
    "MAX_RESULT_ROWS": limits.MAX_RESULT_ROWS,
    # Largest request body in bytes (Flask's own key): 413 above.
    "MAX_CONTENT_LENGTH": limits.MAX_BODY_BYTES,
    # Longest query text in characters: 413 above.
    "MAX_QUERY_CHARS": limits.MAX_QUERY_CHARS,
    # Longest request target (path and query string, bytes): 414 above; use POST for more.
    "MAX_URL_BYTES": limits.MAX_URL_BYTES,
    # Most bytes of request header fields: 431 above.
    "MAX_HEADER_BYTES": limits.MAX_HEADER_BYTES,
    # Memory an executor may add to the shared store (bytes); 0 means no limit.
    "QUERY_MEMORY_BYTES": limits.QUERY_MEMORY_BYTES,
    # Private memory of an executor (bytes) above which it is replaced by a fresh fork; 0: never.
    "EXECUTOR_PRIVATE_BYTES": limits.EXECUTOR_PRIVATE_BYTES,
    # Result cache size; 0 entries turns the cache off.
    "RESULT_CACHE_ENTRIES": limits.RESULT_CACHE_ENTRIES,
    "RESULT_CACHE_BYTES": limits.RESULT_CACHE_BYTES,
    "RESULT_CACHE_ENTRY_BYTES": limits.RESULT_CACHE_ENTRY_BYTES,
    # Keep each page drawn once per store version (off over a remote store, which may change).
    "PAGE_CACHE": True,
}

#: How the server runs and where it reads from, with their defaults.
SERVER_DEFAULTS: dict[str, Any] = {
    # "process" (killable executor children, the default) or "inline" (no time limit).
    "EXECUTOR": "process",
    # Executor children per web worker process (one per worker thread is enough).
    "EXECUTORS_PER_WORKER": 4,
    # IRI base of the graph's resources: its paths are served by this server (linked data),
    # relative IRIs in queries resolve against it, and ``sx:`` in every answer is ``{base}id/``.
    "IRI_BASE": iri_scheme.BASE,
    # Public URL of this server (e.g. "https://kg.example.org/"): absolute URLs in answers
    # (the service description's sd:endpoint) use it, never the request's Host header.
    # "": the address `semaxkg serve` binds (unless 0.0.0.0/::), else IRI_BASE.
    "PUBLIC_URL": "",
    # Set by `semaxkg serve`: http://<host>:<port>/ it listens on (the PUBLIC_URL default).
    "BIND_URL": "",
    # CORS: allowed origin and how long a browser may cache a preflight answer.
    "CORS_ALLOW_ORIGIN": "*",
    "CORS_MAX_AGE": limits.CORS_MAX_AGE_SECONDS,
    # Serve over a remote SPARQL 1.1 endpoint instead of DATA_FILES ("": the local files);
    # its default graph must be the union of its named graphs. See docs/triplestores.md.
    "STORE_URL": "",
    # Credentials for the store (password best from the SEMAXKG_STORE_PASSWORD variable).
    "STORE_USER": "",
    "STORE_PASSWORD": "",
    # "basic" or "digest".
    "STORE_AUTH_SCHEME": "basic",
    # Form parameter that asks the store to stop a query at our time limit: "" (none),
    # NAME (seconds) or NAME:ms; Fuseki: "timeout" (see docs/triplestores.md).
    "STORE_TIMEOUT_PARAMETER": "",
    # Folder of the named queries (*.rq) the query page offers; None: the project's queries/.
    "QUERIES_DIR": None,
    # Folder of the search index files (one SQLite file per store version, reused across
    # restarts); "": a folder under the system's temp dir.
    "SEARCH_INDEX_DIR": "",
    # Set by `semaxkg serve --watch`: the watcher's status file, followed by every worker
    # (web/build_watch.py); "": not watching.
    "WATCH_STATUS_FILE": "",
}


def defaults() -> dict[str, Any]:
    """Every setting with its default value (paths: the current project's, see :mod:`semaxkg.paths`)."""
    project = find_current_project()
    return {
        # RDF files served (any of Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML).
        "DATA_FILES": default_data_files(),
        **LIMIT_DEFAULTS,
        **SERVER_DEFAULTS,
        # Build output (semaxkg build --out) whose dumps/ and void.ttl are served when its
        # semaxkg.nq is the file served; otherwise dumps and VoID are made from the store.
        "BUILD_DIR": str(project.ttl_dir) if project is not None else "",
        # Folder of the source texts (read at run time, checked against their recorded
        # SHA-256) from which pages show passages; "": none. Default: the project's
        # ../shared/sources when present.
        "SOURCES_DIR": default_sources_dir(),
        # Folder of the recorded releases (semaxkg release) served at /releases/; "": none.
        "RELEASES_DIR": str(project.releases_dir) if project is not None else "",
    }


def load_file(app: Flask, path: str) -> None:
    """Update ``app.config`` from a ``.py``, ``.toml`` or ``.json`` file."""
    file = Path(path)
    if not file.is_file():
        raise UsageError(f"SEMAXKG_CONFIG names {path}, which is not a file")
    if file.suffix == ".py":
        app.config.from_pyfile(str(file.resolve()))
    elif file.suffix == ".toml":
        app.config.from_file(str(file.resolve()), load=tomllib.load, text=False)
    elif file.suffix == ".json":
        app.config.from_file(str(file.resolve()), load=json.load)
    else:
        raise UsageError(f"SEMAXKG_CONFIG {path}: use a .py, .toml or .json file")


def configure(app: Flask, overrides: Any = None) -> None:
    """Apply defaults, the config file, the environment and ``overrides``, in that order."""
    app.config.update(defaults())
    config_file = os.environ.get("SEMAXKG_CONFIG")
    if config_file:
        load_file(app, config_file)
    app.config.from_prefixed_env("SEMAXKG")
    if overrides:
        app.config.update(overrides)
    public = str(app.config.get("PUBLIC_URL") or "")
    if public and not (public.startswith(("http://", "https://")) and " " not in public):
        raise UsageError(f"PUBLIC_URL {public!r} is not an http(s) URL: give the server's public "
                         "base URL, e.g. https://kg.example.org/")
    if "BASE_IRI" in app.config:
        raise UsageError("BASE_IRI is now IRI_BASE (one setting for the IRI base): rename it")
    base = str(app.config["IRI_BASE"])
    if not (base.startswith(("http://", "https://")) and base.endswith(("/", "#")) and " " not in base):
        raise UsageError(f"IRI_BASE {base!r} is not an http(s) IRI ending in / or #: give the base "
                         f"the graph's IRIs are minted under, e.g. {BASE}")
    data = app.config["DATA_FILES"]
    if isinstance(data, str | os.PathLike):
        app.config["DATA_FILES"] = [os.fspath(data)]


#: Bind addresses that are no URL a client could use (listening on every interface).
WILDCARD_HOSTS = frozenset({"0.0.0.0", "::", "[::]", ""})


def bind_url(host: str, port: int) -> str:
    """``http://host:port/`` for a bind address, or ``""`` for a wildcard address."""
    if host in WILDCARD_HOSTS:
        return ""
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"http://{shown}:{port}/"


def public_url(app: Flask) -> str:
    """The configured public base URL (ending in ``/``): ``PUBLIC_URL``, else the bound
    address, else ``IRI_BASE``. Never derived from a request (a client can forge ``Host``)."""
    url = str(app.config.get("PUBLIC_URL") or app.config.get("BIND_URL") or app.config["IRI_BASE"])
    return url if url.endswith("/") else url + "/"
