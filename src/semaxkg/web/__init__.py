"""The semaxkg web app: ``create_app`` builds it, one blueprint per surface.

>>> from semaxkg.web import create_app  # doctest: +SKIP
>>> app = create_app({"DATA_FILES": ["graph.ttl"]})  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from semaxkg.web import api_errors as errors
from semaxkg.web import (
    assets,
    build_watch,
    compression,
    config,
    health,
    page_cache,
    request_checks,
    request_clock,
    security,
    state,
)
from semaxkg.web.linked import dump_routes as dumps
from semaxkg.web.linked import release_routes as releases
from semaxkg.web.linked import resources
from semaxkg.web.ontology import ontology_routes as ontology
from semaxkg.web.pages import claim_facets, source_text_page
from semaxkg.web.pages import page_routes as pages
from semaxkg.web.search import search_routes, search_state
from semaxkg.web.sparql import answer_cache, query_page
from semaxkg.web.sparql import sparql_routes as sparql
from semaxkg.web.state import get_graph_store, get_state, get_store

__all__ = ["create_app", "get_graph_store", "get_state", "get_store"]


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: configure it, load the dataset once, register the blueprints."""
    # The package's static/ folder (CSS, scripts) is served at /static: no asset comes from
    # the internet.
    app = Flask(__name__)
    config.configure(app, test_config)
    state.init_app(app)
    # serve --watch: swap in the watcher's conforming builds, show its problems meanwhile.
    build_watch.init_app(app)
    errors.init_app(app)
    # CSP, nosniff, referrer and framing headers on every response; the href_attr filter.
    security.init_app(app)
    # Query strings and form bodies must be UTF-8 (400 otherwise, never silently replaced).
    request_checks.init_app(app)
    app.register_blueprint(sparql.bp)
    app.register_blueprint(health.bp)
    # Repeated /sparql requests are answered from the result cache before Flask; every other
    # path passes through untouched.
    answer_cache.init_app(app)
    # Pages and documents drawn once per store version, replayed with ETags and 304s.
    page_cache.init_app(app, bool(app.config["PAGE_CACHE"]) and get_state(app).remote is None)
    # gzip for every text answer the client accepts it for (pages, /sparql, RDF, dumps).
    compression.init_app(app)
    # Outermost: each request's arrival time, from which its query time limit counts.
    request_clock.init_app(app)
    # Blueprints of the linked-data surfaces are registered below, one line each.
    app.register_blueprint(resources.bp)  # /id/…, /graph/… dereferencing, /context.jsonld
    app.register_blueprint(dumps.bp)  # /dumps, /dumps/<file>, /.well-known/void
    releases.init_app(app)  # /releases/, each release's files, claims as in a release
    app.register_blueprint(query_page.bp)  # /sparql page for browsers, /api/labels
    app.register_blueprint(ontology.bp)  # /ontology docs, term IRIs, diagram
    app.register_blueprint(pages.bp)  # /, /conflicts, /sources; HTML of /id/<kind>/<id>
    claim_facets.init_app(app)  # data-f-* attributes of claim cards, for the page filters
    assets.init_app(app)  # /assets/<name>.<hash>.<ext> (immutable), /favicon.ico, asset_url()
    app.register_blueprint(source_text_page.bp)  # /sources/<id>/text, passage excerpts
    search_state.init_app(app)  # the search index of the served data (made by state.init_app)
    app.register_blueprint(search_routes.bp)  # /search, /api/search
    return app
