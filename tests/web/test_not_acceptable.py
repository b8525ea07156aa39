"""One 406 vocabulary: every surface (documents, ontology, /sparql, the service description)
refuses an unsatisfiable Accept with the same wording, naming what did not fit and listing the
media types it offers."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

GRAPH_TYPES = ("text/turtle\napplication/ld+json\napplication/rdf+xml\napplication/n-triples\n"
               "text/n3\napplication/trig\napplication/n-quads\n")


@pytest.mark.parametrize(("path", "expected"), [
    ("/id/compound/semax",
     "None of the media types in Accept fits this document. Supported:\n"
     "text/html\ntext/turtle\napplication/ld+json\napplication/n-triples\napplication/rdf+xml\n"),
    ("/ontology/Claim",
     "None of the media types in Accept fits this ontology document. Supported:\n"
     "text/html\ntext/turtle\napplication/ld+json\napplication/n-triples\napplication/rdf+xml\n"),
    ("/sparql",
     "None of the media types in Accept fits the service description. Supported:\n" + GRAPH_TYPES),
    ("/sparql?query=ASK%7B%7D",
     "None of the media types in Accept fits this endpoint. Supported:\n"
     "application/sparql-results+json\napplication/sparql-results+xml\ntext/csv\n"
     "text/tab-separated-values\n" + GRAPH_TYPES),
])
def test_every_406_has_one_wording(client: FlaskClient, path: str, expected: str) -> None:
    response = client.get(path, headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert response.headers["Vary"] == "Accept"
    assert response.get_data(as_text=True) == expected
