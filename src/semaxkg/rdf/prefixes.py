"""Choosing the prefixes of a Turtle or RDF/XML document: only those that shorten an IRI."""

from __future__ import annotations

import re
from collections.abc import Iterable

import pyoxigraph as ox

#: A local name every Turtle and RDF/XML parser reads without escapes.
LOCAL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def term_iris(triples: Iterable[ox.Triple]) -> set[str]:
    """Every IRI of ``triples``: subjects, predicates, IRI objects and literal datatypes."""
    iris: set[str] = set()
    for t in triples:
        for term in (t.subject, t.predicate, t.object):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
            elif isinstance(term, ox.Literal) and term.datatype is not None:
                iris.add(term.datatype.value)
    return iris


def used_prefixes(triples: Iterable[ox.Triple], candidates: dict[str, str]) -> dict[str, str]:
    """The prefixes of ``candidates`` that shorten an IRI of ``triples`` to a plain name.

    A prefix is kept only where the rest of some IRI is a plain local name (letters, digits,
    ``-``, ``_``): a prefix that would only give escaped names (``sx:claim\\/x``, valid but
    hard to read) is dropped, and those IRIs are written in full.
    """
    iris = term_iris(triples)
    used: dict[str, str] = {}
    for prefix, namespace in sorted(candidates.items()):
        if any(iri.startswith(namespace) and LOCAL_NAME.fullmatch(iri[len(namespace):])
               for iri in iris):
            used[prefix] = namespace
    return used
