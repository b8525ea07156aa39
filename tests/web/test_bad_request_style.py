"""Every 400 the server gives has one style (issue 13 item 2, issue 15 item 5).

``Bad request: <what>.`` on the first line, ``Fix: <how>.`` on the second, plain text. The
list below asks each surface for each 400 it can give; the audit below it finds every place
in the code that makes a 400, so a new one cannot skip the builder.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask, abort
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from semaxkg.web import create_app

SRC = Path(__file__).resolve().parents[2] / "src" / "semaxkg"
JSON = "application/sparql-results+json"
FORM = "application/x-www-form-urlencoded"
FIRST = re.compile(r"^Bad request: \S.*[.?>]$")
FIX = re.compile(r"^Fix: \S.*[.?>]$")

Call = Callable[[FlaskClient], TestResponse]

#: (surface, request) for every kind of 400 the app gives.
BAD_REQUESTS: list[tuple[str, Call]] = [
    ("sparql: no query", lambda c: c.get("/sparql", query_string={"default-graph-uri": "x:y"})),
    ("sparql: two queries", lambda c: c.get("/sparql?query=ASK%7B%7D&query=ASK%7B%7D")),
    ("sparql: empty query", lambda c: c.get("/sparql?query=%20")),
    ("sparql: NUL", lambda c: c.get("/sparql", query_string={"query": "ASK {\x00}"})),
    ("sparql: body not UTF-8", lambda c: c.post(
        "/sparql", data=b"ASK { \xff }", content_type="application/sparql-query")),
    ("sparql: form not UTF-8", lambda c: c.post("/sparql", data=b"query=%FF", content_type=FORM)),
    ("sparql: URL not UTF-8", lambda c: c.get("/sparql?query=%FF")),
    ("sparql: undeclared prefix", lambda c: c.get("/sparql", query_string={
        "query": "SELECT * { ?s sxo:x ?o }"}, headers={"Accept": JSON})),
    ("sparql: misspelt keyword", lambda c: c.get("/sparql", query_string={
        "query": "SELEC * { ?s ?p ?o }"}, headers={"Accept": JSON})),
    ("sparql: parser error", lambda c: c.get("/sparql", query_string={
        "query": "SELECT ?x WHERE { ?x a }"}, headers={"Accept": JSON})),
    ("sparql: SERVICE", lambda c: c.get("/sparql", query_string={
        "query": "SELECT * { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"})),
    ("sparql: too deep", lambda c: c.get("/sparql", query_string={
        "query": "ASK " + "{" * 300 + "}" * 300})),
    ("sparql: bad graph IRI", lambda c: c.get("/sparql", query_string={
        "query": "ASK {}", "default-graph-uri": "not an iri"})),
    ("labels: no iri", lambda c: c.get("/api/labels")),
    ("labels: relative iri", lambda c: c.get("/api/labels", query_string={"iri": "semax"})),
    ("conflicts: unknown kind", lambda c: c.get("/conflicts?kind=imaginary")),
    ("page: URL not UTF-8", lambda c: c.get("/?q=%C3")),
]


@pytest.mark.parametrize(("surface", "call"), BAD_REQUESTS, ids=[s for s, _ in BAD_REQUESTS])
def test_every_400_has_the_one_style(client: FlaskClient, surface: str, call: Call) -> None:
    response = call(client)
    assert response.status_code == 400, surface
    assert response.content_type == "text/plain; charset=utf-8", surface
    lines = response.get_data(as_text=True).splitlines()
    assert FIRST.match(lines[0]), (surface, lines[0])
    assert FIX.match(lines[1]), (surface, lines[1])


def test_werkzeug_own_400_has_the_one_style(built_dir: Path) -> None:
    app: Flask = create_app({"DATA_FILES": [str(built_dir / "semaxkg.nq")],
                             "BUILD_DIR": str(built_dir), "EXECUTOR": "inline", "TESTING": True})
    try:
        app.add_url_rule("/test-abort-400", "abort400", lambda: abort(400))
        response = app.test_client().get("/test-abort-400")
        assert response.status_code == 400
        lines = response.get_data(as_text=True).splitlines()
        assert lines[0].startswith("Bad request: The browser (or proxy) sent a request")
        assert lines[1] == ("Fix: send a well-formed request (see the endpoint's "
                            "documentation).")
    finally:
        app.extensions["semaxkg"].close()


def _calls(tree: ast.AST, name: str) -> list[ast.Call]:
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call) and (
        getattr(node.func, "id", None) == name or getattr(node.func, "attr", None) == name)]


def test_audit_every_400_goes_through_the_builder() -> None:
    """No 400 is made by hand: ``bad_request(what, fix)``, ``bad_request_response`` or
    ``bad_request_text`` build every one."""
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "messages.py" and path.parent.name == "sparql":
            continue  # the builder itself
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for name in ("ApiError", "error_response", "text_response", "abort"):
            for call in _calls(tree, name):
                first = call.args[0] if call.args else None
                message = call.args[1] if len(call.args) > 1 else None
                built = isinstance(message, ast.Call) and getattr(
                    message.func, "id", None) == "bad_request_text"
                made_400 = isinstance(first, ast.Constant) and first.value == 400
                assert built or not made_400, f"{path}:{call.lineno}: a 400 without the builder"


def test_bad_request_reads_the_house_form_what_colon_fix(app: Flask) -> None:
    from semaxkg.web.api_errors import ApiError, bad_request

    with app.test_request_context("/"), pytest.raises(ApiError) as refused:
        bad_request("page=0 is not a page number: use page=1 or more")
    assert refused.value.status == 400
    assert refused.value.message == ("Bad request: page=0 is not a page number.\n"
                                     "Fix: use page=1 or more.")
