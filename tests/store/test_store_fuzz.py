"""Grammar-aware fuzzing over a store (issue 11, item 7): the same SPARQL grammar as the
endpoint's fuzz tests, through ``serve --store``'s app on a real Oxigraph server. Property: a
query the client got wrong is a 4xx (the store's refusals included), never a 5xx other than
the time-out's 503; every error has a body naming the problem; nothing is logged at ERROR."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from store_support import OxigraphServer
from tests.sparql_grammar import queries

from semaxkg.web import create_app
from semaxkg.web.state import get_state

#: Queries per run (each a round trip to the store).
STORE_EXAMPLES = 300
ACCEPTS = ["", "application/sparql-results+json", "text/csv", "text/turtle", "image/png"]


@pytest.fixture(scope="module")
def store_app(published: OxigraphServer) -> Iterator[Flask]:
    app = create_app({"STORE_URL": published.query_url, "QUERY_TIMEOUT": 5,
                      "RESULT_CACHE_ENTRIES": 0, "TESTING": True})
    yield app
    get_state(app).close()


@settings(max_examples=STORE_EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(query=queries, accept=st.sampled_from(ACCEPTS), method=st.sampled_from(["GET", "POST"]))
def test_fuzzed_queries_over_a_store_are_never_a_server_error(
        store_app: Flask, caplog: pytest.LogCaptureFixture, query: str, accept: str,
        method: str) -> None:
    caplog.clear()
    client: FlaskClient = store_app.test_client()
    if method == "GET":
        response = client.get("/sparql", query_string={"query": query}, headers={"Accept": accept})
    else:
        response = client.post("/sparql", data={"query": query}, headers={"Accept": accept})
    text = response.get_data(as_text=True)
    assert response.status_code < 500 or (
        response.status_code == 503 and "The query was stopped" in text), (response.status_code, text)
    if response.status_code >= 400:
        assert len(text.strip()) > 10, text
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == []
