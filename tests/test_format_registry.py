"""One RDF format registry (semaxkg.rdf.formats): the loader, the uploader, the dumps and the
linked-data documents all take their extensions, syntaxes and media types from it."""

from __future__ import annotations

import pyoxigraph as ox

from semaxkg.rdf import dumps, formats
from semaxkg.store import dataset, upload
from semaxkg.web.linked import linkeddata


def test_loader_reads_the_registry_table() -> None:
    assert dataset.FORMATS_BY_EXTENSION is formats.FILE_EXTENSIONS
    assert formats.FILE_EXTENSIONS[".owl"] is ox.RdfFormat.RDF_XML
    assert len(formats.FILE_EXTENSIONS) == 13


def test_upload_formats_come_from_the_registry() -> None:
    assert upload.DATASET_FORMATS == {".nq": ox.RdfFormat.N_QUADS, ".nquads": ox.RdfFormat.N_QUADS,
                                      ".trig": ox.RdfFormat.TRIG}
    assert upload.GRAPH_SUFFIXES == {".ttl": (ox.RdfFormat.TURTLE, "text/turtle"),
                                     ".nt": (ox.RdfFormat.N_TRIPLES, "application/n-triples")}


def test_dump_media_types_are_the_registry_ones() -> None:
    registry = {f.media_type for f in formats.ALL_FORMATS}
    assert [d.media_type for d in dumps.FORMATS] == [
        "application/trig", "application/n-quads", "text/turtle", "application/n-triples",
        "application/ld+json"]
    assert {d.media_type for d in dumps.FORMATS} <= registry


def test_documents_are_registry_formats_with_their_own_suffix_and_aliases() -> None:
    for doc in linkeddata.DOCUMENT_FORMATS:
        if doc.rdf_format is None:
            continue  # HTML: a page, not an RDF syntax
        [entry] = [f for f in formats.ALL_FORMATS if f.rdf_format == doc.rdf_format]
        assert doc.media_type == entry.media_type
        assert doc.suffix in entry.short_names
        assert set(doc.aliases) <= set(entry.aliases)
