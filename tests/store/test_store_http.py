"""Retries, backoff and error messages of the store client (no server needed)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import requests

from semaxkg.errors import StoreError, UsageError
from semaxkg.store import http
from semaxkg.store.remote import graph_values
from semaxkg.store.upload import default_graph_store


def failing(times: int, error: StoreError) -> tuple[list[int], Callable[[], str]]:
    calls: list[int] = []

    def call() -> str:
        calls.append(1)
        if len(calls) <= times:
            raise error
        return "done"

    return calls, call


def test_transient_errors_are_retried_with_doubling_delays() -> None:
    slept: list[float] = []
    calls, call = failing(3, StoreError("busy", transient=True))
    assert http.with_retries(call, what="x", attempts=4, sleep=slept.append) == "done"
    assert len(calls) == 4
    assert slept == [0.5, 1.0, 2.0]


def test_retry_after_is_honoured() -> None:
    slept: list[float] = []
    _calls, call = failing(1, StoreError("busy", transient=True, retry_after=7.0))
    http.with_retries(call, what="x", sleep=slept.append)
    assert slept == [7.0]


def test_giving_up_says_how_many_attempts() -> None:
    slept: list[float] = []
    calls, call = failing(10, StoreError("store down", transient=True, status=503))
    with pytest.raises(StoreError) as caught:
        http.with_retries(call, what="x", attempts=3, sleep=slept.append)
    assert str(caught.value) == "store down (gave up after 3 attempts)"
    assert caught.value.status == 503 and caught.value.transient
    assert len(calls) == 3 and slept == [0.5, 1.0]


def test_permanent_errors_are_not_retried() -> None:
    slept: list[float] = []
    calls, call = failing(1, StoreError("401"))
    with pytest.raises(StoreError, match=r"^401$"):
        http.with_retries(call, what="x", sleep=slept.append)
    assert len(calls) == 1 and slept == []


def test_backoff_is_capped() -> None:
    assert [http.backoff_delay(n) for n in (1, 2, 3, 7, 20)] == [0.5, 1.0, 2.0, 30.0, 30.0]


def response(status: int, body: str, headers: dict[str, str] | None = None) -> requests.Response:
    answer = requests.Response()
    answer.status_code = status
    answer.reason = {401: "Unauthorized", 404: "Not Found", 503: "Service Unavailable",
                     500: "Internal Server Error"}[status]
    answer.url = "http://store.example/sparql"
    answer._content = body.encode()
    answer.headers.update(headers or {})
    return answer


def test_status_errors_quote_the_store_and_name_the_fix() -> None:
    error = http.status_error("uploading graph G", response(404, "no such\n  endpoint"))
    assert str(error) == ("uploading graph G: http://store.example/sparql answered 404 Not Found; "
                          "the store said: no such endpoint; fix: check the URL: is it the "
                          "store's SPARQL endpoint / graph store endpoint?")
    assert not error.transient and error.status == 404
    busy = http.status_error("x", response(503, "", {"Retry-After": "120"}))
    assert busy.transient and busy.retry_after == 30.0  # capped
    assert str(busy) == "x: http://store.example/sparql answered 503 Service Unavailable"
    long = http.status_error("x", response(500, "y" * 1000))
    assert str(long).endswith("y" * 299 + "…")


def test_auth_never_shows_the_password() -> None:
    auth = http.make_auth("semax", "s3cret", "digest")
    assert auth is not None and "s3cret" not in repr(auth)
    assert http.make_auth(None, "s3cret") is None
    with pytest.raises(UsageError, match="unknown authentication scheme 'ntlm'"):
        http.make_auth("semax", "x", "ntlm")


def test_graph_store_url_is_derived_for_oxigraph_only() -> None:
    assert default_graph_store("http://h:7878/query") == "http://h:7878/store"
    assert default_graph_store("http://h:7878/query/") == "http://h:7878/store"
    assert default_graph_store("http://h:3030/semax") == "http://h:3030/semax"


def test_graph_values_come_from_a_parsed_iri() -> None:
    import pyoxigraph as ox

    assert graph_values(ox.NamedNode("https://w3id.org/semaxkg/graph/a")) == \
        "VALUES ?g { <https://w3id.org/semaxkg/graph/a> }"
    with pytest.raises(ValueError):
        ox.NamedNode("https://x/> } ; DROP ALL #")


@pytest.mark.parametrize(("query", "expected"), [
    ("ASK { { ?r ?p ?o } UNION { ?s ?p ?r } }\nVALUES (?r) { (<https://a/b>) }",
     "ASK { VALUES (?r) { (<https://a/b>) }  { ?r ?p ?o } UNION { ?s ?p ?r } }"),
    ("SELECT ?p WHERE { ?r ?p ?o } ORDER BY ?p LIMIT 5\nVALUES ?r { <https://a/b> <https://a/c> }",
     "SELECT ?p WHERE { VALUES ?r { <https://a/b> <https://a/c> }  ?r ?p ?o } ORDER BY ?p LIMIT 5"),
    ("CONSTRUCT { ?r ?p ?o } WHERE { ?r ?p ?o }\nVALUES (?r) { (<https://a/b>) }",
     "CONSTRUCT { ?r ?p ?o } WHERE { VALUES (?r) { (<https://a/b>) }  ?r ?p ?o }"),
    ('SELECT * { ?r <urn:p> "}{" # } {\n }\nVALUES (?r) { ("x") }',
     'SELECT * { VALUES (?r) { ("x") }  ?r <urn:p> "}{" # } {\n }'),
    ("SELECT ?p WHERE { { SELECT ?r WHERE { ?r ?q ?z } } ?r ?p ?o }\nVALUES (?r) { (<urn:a>) }",
     "SELECT ?p WHERE { VALUES (?r) { (<urn:a>) }  { SELECT ?r WHERE { ?r ?q ?z } } ?r ?p ?o }"),
    ("DESCRIBE ?r\nVALUES (?r) { (<urn:a>) }", "DESCRIBE ?r\nVALUES (?r) { (<urn:a>) }"),
    ("SELECT * WHERE { VALUES ?x { 1 } ?x ?p ?o }", "SELECT * WHERE { VALUES ?x { 1 } ?x ?p ?o }"),
])
def test_trailing_values_move_into_the_where_group(query: str, expected: str) -> None:
    from semaxkg.store.remote import inline_values

    assert inline_values(query) == expected


def test_moved_values_give_the_same_answers() -> None:
    import pyoxigraph as ox

    from semaxkg.rdf.graph_store import with_bindings
    from semaxkg.store.remote import inline_values

    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.Literal("1")))
    store.add(ox.Quad(ox.NamedNode("urn:b"), ox.NamedNode("urn:p"), ox.Literal("2")))
    query = with_bindings("SELECT ?o WHERE { ?s <urn:p> ?o }", {"s": ox.NamedNode("urn:b")})
    trailing = [row["o"] for row in store.query(query)]  # type: ignore[union-attr]
    moved = [row["o"] for row in store.query(inline_values(query))]  # type: ignore[union-attr]
    assert trailing == moved == [ox.Literal("2")]


def test_virtuoso_ask_tables_are_read_as_booleans() -> None:
    import pyoxigraph as ox

    from semaxkg.store.remote import as_boolean

    def table(rows: str) -> ox.QuerySolutions:
        parsed = ox.parse_query_results(
            '{"head":{"vars":["__ASK_RETVAL"]},"results":{"bindings":[' + rows + "]}}",
            ox.QueryResultsFormat.JSON)
        assert isinstance(parsed, ox.QuerySolutions)
        return parsed

    one = '{"__ASK_RETVAL":{"type":"literal","datatype":"http://www.w3.org/2001/XMLSchema#integer","value":"1"}}'
    assert bool(as_boolean(table(one))) is True
    assert bool(as_boolean(table(""))) is False
    real = ox.parse_query_results('{"head":{"vars":["x"]},"results":{"bindings":[]}}',
                                  ox.QueryResultsFormat.JSON)
    assert as_boolean(real) is None  # type: ignore[arg-type]
