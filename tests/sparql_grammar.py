"""A small SPARQL grammar for hypothesis: queries that are mostly valid, then mutated.

Query forms, prologues, ``FROM`` clauses, nested group patterns (``OPTIONAL``, ``UNION``,
``MINUS``, ``GRAPH``, ``FILTER``, ``BIND``, ``VALUES``, ``FILTER NOT EXISTS``, sub-selects),
expressions and solution modifiers; about half of the drawn queries parse. Nesting stays
shallow (at most a few levels): the crash depths of issue 11 are tested on their own.
Used by the endpoint's fuzz tests, in-process, live and over a store.
"""

from __future__ import annotations

from hypothesis import strategies as st

SEMAX = "https://w3id.org/semaxkg/"
ID = SEMAX + "id/"
ONT = SEMAX + "ontology/"

variables = st.sampled_from(["?s", "?p", "?o", "?x", "?n", "$y", "?g"])
iris = st.sampled_from([
    f"<{ID}semax>", f"<{ONT}Claim>", f"<{ONT}about>", "<http://www.w3.org/2000/01/rdf-schema#label>",
    "<javascript:alert(1)>", "<relative>", "<>", "<http://x/%ZZ>", "sx:Claim", "rdfs:label", "a",
    "<https://w3id.org/semaxkg/graph/source-000>",
])
literals = st.one_of(
    st.sampled_from(['"Semax"@en', '"claim 1"', "3", "-1.5e3", "true", '"1"^^xsd:integer',
                     "'''multi\nline'''", '"\\u0041"', '"bad escape \\q"']),
    st.text(max_size=12).map(lambda t: '"' + t.replace("\\", "\\\\").replace('"', '\\"')
                             .replace("\n", "\\n").replace("\r", "\\r") + '"'),
)
terms = st.one_of(variables, iris, literals, st.just("[]"), st.just("_:b0"))
functions = st.sampled_from(["STR", "LANG", "ISIRI", "BOUND", "ABS", "UCASE", "STRLEN",
                             "DATATYPE", "IRI", "ENCODE_FOR_URI", "SHA256", "YEAR", "NOW"])
operators = st.sampled_from(["=", "!=", "<", ">", "&&", "||", "+", "*", "/", "-"])


def _expressions() -> st.SearchStrategy[str]:
    leaf = st.one_of(variables, literals, iris)
    return st.recursive(leaf, lambda inner: st.one_of(
        st.tuples(functions, inner).map(lambda f: f"{f[0]}({f[1]})"),
        st.tuples(inner, operators, inner).map(lambda e: f"({e[0]} {e[1]} {e[2]})"),
        st.tuples(inner, literals).map(lambda e: f"REGEX(STR({e[0]}), {e[1]})"),
        inner.map(lambda e: f"!{e}"),
    ), max_leaves=6)


expressions = _expressions()
triples = st.tuples(terms, st.one_of(variables, iris, st.just(f"<{ONT}about>/^<{ONT}about>*")),
                    terms).map(lambda t: f"{t[0]} {t[1]} {t[2]} .")


def _groups() -> st.SearchStrategy[str]:
    basic = st.lists(triples, min_size=0, max_size=2).map(" ".join)
    return st.recursive(basic.map(lambda b: "{ " + b + " }"), lambda inner: st.one_of(
        st.tuples(inner, inner).map(lambda g: f"{{ {g[0]} UNION {g[1]} }}"),
        st.tuples(basic, inner).map(lambda g: f"{{ {g[0]} OPTIONAL {g[1]} }}"),
        st.tuples(basic, inner).map(lambda g: f"{{ {g[0]} MINUS {g[1]} }}"),
        st.tuples(st.one_of(variables, iris), inner).map(lambda g: f"{{ GRAPH {g[0]} {g[1]} }}"),
        st.tuples(basic, expressions).map(lambda g: f"{{ {g[0]} FILTER({g[1]}) }}"),
        st.tuples(basic, expressions, variables).map(lambda g: f"{{ {g[0]} BIND({g[1]} AS {g[2]}) }}"),
        st.tuples(variables, st.lists(st.one_of(iris, literals), max_size=3)).map(
            lambda g: f"{{ VALUES {g[0]} {{ {' '.join(g[1])} }} }}"),
        st.tuples(basic, inner).map(lambda g: f"{{ {g[0]} FILTER NOT EXISTS {g[1]} }}"),
        inner.map(lambda g: f"{{ {{ SELECT * WHERE {g} LIMIT 2 }} }}"),
    ), max_leaves=4)


groups = _groups()
prologue = st.sampled_from([
    "", "PREFIX sx: <https://w3id.org/semaxkg/ontology/>\n",
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nPREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n",
    "BASE <https://w3id.org/semaxkg/>\n", "PREFIX : <javascript:>\n",
])
datasets = st.lists(st.sampled_from([
    "FROM <https://w3id.org/semaxkg/graph/source-000>", "FROM NAMED <https://w3id.org/semaxkg/graph/entities>",
    "FROM <graph/entities>", "FROM sx:x", "FROM <nope:>",
]), max_size=2).map(" ".join)
modifiers = st.lists(st.sampled_from([
    "ORDER BY ?s", "ORDER BY DESC(?o)", "GROUP BY ?s", "LIMIT 3", "OFFSET 1", "LIMIT 0",
    "HAVING(COUNT(*) > 1)", "LIMIT 99999999999999999999",
]), max_size=2).map(" ".join)
heads = st.one_of(
    st.sampled_from(["SELECT *", "SELECT ?s ?o", "SELECT DISTINCT ?s", "SELECT (COUNT(*) AS ?n)",
                     "ASK", "CONSTRUCT { ?s ?p ?o }", "CONSTRUCT", "DESCRIBE ?s",
                     "DESCRIBE <https://w3id.org/semaxkg/id/semax>", "INSERT DATA",
                     "SELECT * { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"]),
    expressions.map(lambda e: f"SELECT ({e} AS ?e)"),
)
grammar_queries = st.tuples(prologue, heads, datasets, groups, modifiers).map(
    lambda q: f"{q[0]}{q[1]} {q[2]} WHERE {q[3]} {q[4]}".strip())


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A grammar query, maybe with one token dropped, doubled or replaced by random text."""
    query = draw(grammar_queries)
    words = query.split(" ")
    action = draw(st.sampled_from(["keep", "keep", "drop", "double", "replace"]))
    if action == "keep" or not words:
        return query
    at = draw(st.integers(0, len(words) - 1))
    if action == "drop":
        del words[at]
    elif action == "double":
        words.insert(at, words[at])
    else:
        words[at] = draw(st.text(max_size=8))
    return " ".join(words)


queries = st.one_of(grammar_queries, mutated(), st.text(max_size=200))


