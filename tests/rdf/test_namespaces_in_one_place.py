"""Namespace IRIs live in one place: ``rdf/iri_scheme.py`` (strings) and ``rdf/namespaces.py``
(rdflib wrappers). Every other module of the package takes them from there, so a namespace or
the IRI base is changed in one line.

The scan reads every string literal of every module under ``src/semaxkg`` (docstrings are prose
and are skipped; templates and SPARQL files in ``queries/`` are not Python and are not scanned)
and fails on any ``http(s)://`` IRI that is not one of the documented exceptions below.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import semaxkg

PACKAGE = Path(semaxkg.__file__).resolve().parent
#: The two modules that spell namespace IRIs.
HOMES = {"rdf/iri_scheme.py", "rdf/namespaces.py"}
#: Modules allowed to spell IRIs, and why.
EXCEPTED_MODULES = {
    # A table of link-out patterns of external databases (the IRI forms the data uses for
    # them, old and new), not vocabularies the package reads or writes.
    "web/pages/links.py",
}
#: IRIs allowed anywhere, and why.
EXCEPTED_IRIS = {
    # The XML namespace of inline SVG markup: not an RDF IRI.
    "http://www.w3.org/2000/svg",
}
#: Hosts of addresses in help texts and messages (the local machine, RFC 2606 example hosts).
EXAMPLE_HOSTS = re.compile(r"^(127\.0\.0\.1|localhost|([a-z0-9-]+\.)*example\.(org|com))(:|/|$)")
IRI = re.compile(r"https?://[^\s\"'<>`{}]+")


def _docstring_nodes(tree: ast.AST) -> set[int]:
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def spelled_iris(source: str) -> list[tuple[int, str]]:
    """(line, IRI) of every IRI in a string literal of ``source`` that is not a docstring."""
    tree = ast.parse(source)
    docstrings = _docstring_nodes(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            found.extend((node.lineno, iri) for iri in IRI.findall(node.value))
    return found


def _allowed(iri: str) -> bool:
    host = iri.split("://", 1)[1]
    # "https://…" in a message is a placeholder for any address, not an IRI.
    return iri in EXCEPTED_IRIS or host.startswith("…") or bool(EXAMPLE_HOSTS.match(host))


def test_no_namespace_iri_is_spelled_outside_the_iri_scheme() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE).as_posix()
        if name in HOMES or name in EXCEPTED_MODULES:
            continue
        offenders.extend(f"{name}:{line}: {iri}" for line, iri in spelled_iris(path.read_text("utf-8"))
                         if not _allowed(iri))
    assert offenders == [], "take these from semaxkg.rdf.iri_scheme / namespaces:\n" + "\n".join(offenders)


def test_the_scan_finds_a_spelled_namespace_and_skips_prose_and_examples() -> None:
    source = '''"""Module prose may say http://www.w3.org/2002/07/owl# freely."""
OWL = "http://www.w3.org/2002/07/owl#"
QUERY = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT * {}"
HELP = "e.g. http://127.0.0.1:8000/ or https://kg.example.org/"
def f() -> str:
    """So may a docstring: https://schema.org/."""
    return f"{OWL}Class"
'''
    found = [(line, iri) for line, iri in spelled_iris(source) if not _allowed(iri)]
    assert found == [(2, "http://www.w3.org/2002/07/owl#"), (3, "http://www.w3.org/2000/01/rdf-schema#")]
