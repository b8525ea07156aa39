"""Readable 400s for SPARQL syntax errors (issue 15 item 5): exact bodies, on the token."""

from __future__ import annotations

import json

import pytest
from flask.testing import FlaskClient

from semaxkg.sparql import syntax_errors
from semaxkg.sparql.projection import star_order

JSON = "application/sparql-results+json"


def _error(client: FlaskClient, query: str) -> str:
    response = client.post("/sparql", data={"query": query}, headers={"Accept": JSON})
    assert response.status_code == 400
    assert response.content_type == "text/plain; charset=utf-8"
    return response.get_data(as_text=True)


def test_issue15_undeclared_sxo_names_the_prefix_and_the_line_to_add(client: FlaskClient) -> None:
    assert _error(client, "SELECT * { ?s sxo:x ?o }") == (
        'Bad request: SPARQL syntax error at line 1, column 15: the prefix "sxo:" is not '
        "declared.\n"
        "Fix: add this line at the top of the query: "
        "PREFIX sxo: <https://w3id.org/semaxkg/ontology/>\n"
        "  1 | SELECT * { ?s sxo:x ?o }\n"
        "    |               ^^^^\n")


def test_undeclared_prefix_on_a_later_line_is_located_on_it(client: FlaskClient) -> None:
    body = _error(client, "PREFIX sxo: <https://w3id.org/semaxkg/ontology/>\n"
                          "SELECT ?c WHERE {\n  ?c a sxo:Claim ;\n     rdfs:label ?l }")
    assert body.splitlines()[:2] == [
        'Bad request: SPARQL syntax error at line 4, column 6: the prefix "rdfs:" is not '
        "declared.",
        "Fix: add this line at the top of the query: "
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>"]


def test_unknown_prefix_gets_the_general_fix(client: FlaskClient) -> None:
    assert _error(client, "ASK { ?s foo:bar ?o }").splitlines()[:2] == [
        'Bad request: SPARQL syntax error at line 1, column 10: the prefix "foo:" is not '
        "declared.",
        "Fix: declare it at the top of the query (PREFIX foo: followed by its namespace IRI in "
        "<…>) or write the full IRIs."]


def test_issue15_misspelt_select_says_found_and_expected(client: FlaskClient) -> None:
    body = _error(client, "SELEC ?s WHERE { ?s ?p ?o }")
    assert body == ('Bad request: SPARQL syntax error at line 1, column 1: found "SELEC"; did '
                    "you mean SELECT?\n"
                    "Fix: write SELECT instead of SELEC.\n"
                    "  1 | SELEC ?s WHERE { ?s ?p ?o }\n"
                    "    | ^^^^^\n")
    assert "CONSTRUCT" not in body and "[_]" not in body


def test_misspelt_limit_is_located_on_the_word(client: FlaskClient) -> None:
    body = _error(client, "SELECT ?s\nWHERE { ?s ?p ?o }\nLIMT 5")
    assert body.splitlines()[:2] == [
        'Bad request: SPARQL syntax error at line 3, column 1: found "LIMT"; did you mean '
        "LIMIT?", "Fix: write LIMIT instead of LIMT."]


def test_language_tags_and_exponents_are_not_taken_for_words(client: FlaskClient) -> None:
    body = _error(client, 'SELECT * { ?s ?p "x"@en-GB . ?s ?q 1e5 } LIMT 1')
    assert 'found "LIMT"' in body.splitlines()[0]


@pytest.mark.parametrize(("query", "first", "fix"), [
    ("SELECT * { ?s ?p ?o", 'at line 1, column 10: "{" is never closed.',
     'Fix: close it with "}" where the group ends.'),
    ("ASK { } }", 'at line 1, column 9: "}" closes nothing.',
     'Fix: remove this "}" or open its pair before it.'),
    ('ASK { ?s ?p "open }', "at line 1, column 13: the string starting here is never closed.",
     "Fix: end it with \" on the same line (or use triple quotes)."),
])
def test_brackets_and_strings(client: FlaskClient, query: str, first: str, fix: str) -> None:
    lines = _error(client, query).splitlines()
    assert lines[0] == "Bad request: SPARQL syntax error " + first
    assert lines[1] == fix


def test_other_errors_drop_the_character_class_dump(client: FlaskClient) -> None:
    body = _error(client, "SELECT ?x WHERE { ?x a }")
    assert body.splitlines()[0] == ('Bad request: SPARQL syntax error at line 1, column 24: '
                                    'found "}"; expected FILTER, SELECT, VALUES.')
    assert "'\\u{" not in body


def test_prefix_line_follows_the_registry() -> None:
    assert syntax_errors.prefix_line("prov") == "PREFIX prov: <http://www.w3.org/ns/prov#>"
    assert syntax_errors.prefix_line("sx", {"sx": "https://example.org/kg/id/"}) == (
        "PREFIX sx: <https://example.org/kg/id/>")
    assert syntax_errors.prefix_line("nope") is None


# ---- SELECT * columns ------------------------------------------------------------------

def _vars(client: FlaskClient, query: str) -> list[str]:
    response = client.post("/sparql", data={"query": query}, headers={"Accept": JSON})
    assert response.status_code == 200
    return list(json.loads(response.data)["head"]["vars"])


def test_issue15_select_star_columns_in_pattern_order(client: FlaskClient) -> None:
    assert _vars(client, "SELECT * { ?s ?p ?o } LIMIT 1") == ["s", "p", "o"]
    assert _vars(client, "SELECT DISTINCT * { ?zz ?p ?o OPTIONAL { ?o ?q ?aa } } LIMIT 1") == [
        "zz", "p", "o", "q", "aa"]


def test_select_star_rows_follow_their_columns(client: FlaskClient) -> None:
    response = client.post("/sparql", data={"query": "SELECT * { ?s ?p ?o } LIMIT 3",
                                             "format": "tsv"})
    explicit = client.post("/sparql", data={"query": "SELECT ?s ?p ?o { ?s ?p ?o } LIMIT 3",
                                             "format": "tsv"})
    assert response.data == explicit.data


def test_explicit_projection_keeps_its_order(client: FlaskClient) -> None:
    assert _vars(client, "SELECT ?o ?s { ?s ?p ?o } LIMIT 1") == ["o", "s"]
    assert star_order("SELECT ?o ?s { ?s ?p ?o }", ["o", "s"]) is None
    assert star_order("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", ["n"]) is None


def test_limit_without_a_number_says_the_query_ends_after_limit(client: FlaskClient) -> None:
    # Shown by "SELECT * WHERE { ?s ?p ?o } LIMIT": it said found "LIMIT"; expected GROUP,
    # LATERAL, ORDER, SERVICE, as if LIMIT were the mistake.
    assert _error(client, "SELECT * WHERE { ?s ?p ?o } LIMIT") == (
        'Bad request: SPARQL syntax error at line 1, column 29: the query ends after "LIMIT"; '
        "expected a number.\n"
        'Fix: complete the query after "LIMIT".\n'
        "  1 | SELECT * WHERE { ?s ?p ?o } LIMIT\n"
        "    |                             ^^^^^\n")


def test_query_ending_after_order_by_names_what_may_follow(client: FlaskClient) -> None:
    first = _error(client, "SELECT * { ?s ?p ?o } ORDER BY").splitlines()[0]
    assert first == ('Bad request: SPARQL syntax error at line 1, column 29: the query ends '
                     'after "BY"; expected "$", "(", ":", "<", "?".')


def test_blank_node_label_is_not_taken_for_an_undeclared_prefix(client: FlaskClient) -> None:
    # Shown by "SELECT * { _:b ?p ?o } LIMT 1": the 400 said the prefix "_:" is not declared.
    assert _error(client, "SELECT * { _:b ?p ?o } LIMT 1").splitlines()[:2] == [
        'Bad request: SPARQL syntax error at line 1, column 24: found "LIMT"; did you mean '
        "LIMIT?", "Fix: write LIMIT instead of LIMT."]
    assert 'the prefix "sxo:"' in _error(client, "SELECT * { _:b sxo:p ?o }")
