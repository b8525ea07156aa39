"""Record a dataset release: the N-Quads dump, its checksum, and a DCAT description.

A release lives in ``data/releases/VERSION/``: ``semaxkg.nq.gz`` (the built graph, gzip
without a timestamp so the same build gives the same bytes), ``release.ttl`` (the version
IRI ``https://w3id.org/semaxkg/releases/VERSION``, its date, its distribution with size and
SHA-256, the previous version) and ``changelog.md`` (the claim diff from the previous
release). Releases are never overwritten.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from semaxkg.build.curation.claimdiff import ClaimSet, claim_set, diff, read_quads
from semaxkg.build.curation.diffreport import as_markdown
from semaxkg.errors import UsageError
from semaxkg.rdf.iri_scheme import BASE, DCAT, IANA_MEDIA_TYPES, PREFIXES, RELEASES, SPDX
from semaxkg.rdf.release_layout import (
    CHANGELOG_NAME,
    DESCRIPTION_NAME,
    DUMP_NAME,
    releases,
    version_key,
)

RELEASES_IRI = RELEASES
#: The dataset every release is a version of (the VoID description's dataset).
DATASET_IRI = BASE + ".well-known/void#dataset"
XSD = PREFIXES["xsd"]
MEDIA_NQUADS = IANA_MEDIA_TYPES + "application/n-quads"
MEDIA_GZIP = IANA_MEDIA_TYPES + "application/gzip"


@dataclass(frozen=True)
class Release:
    """A recorded release: its version, folder and the numbers it was made with."""

    version: str
    folder: Path
    quads: int
    claims: int
    sha256: str


def _description(version: str, date: dt.date, previous: str | None, size: int, digest: str,
                 quads: int, claims: int) -> bytes:
    rel = ox.NamedNode(RELEASES_IRI + version)
    dist = ox.NamedNode(f"{RELEASES_IRI}{version}/{DUMP_NAME}")
    checksum = ox.BlankNode("checksum")
    claim_part = ox.BlankNode("claims")

    def iri(name: str) -> ox.NamedNode:
        prefix, local = name.split(":", 1)
        namespace = {"dcat": DCAT, "spdx": SPDX}.get(prefix)
        return ox.NamedNode((namespace or PREFIXES[prefix]) + local)

    def typed(value: object, kind: str) -> ox.Literal:
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + kind))

    t: list[tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, ox.NamedNode | ox.BlankNode | ox.Literal]]
    t = [(rel, iri("rdf:type"), iri("dcat:Dataset")),
         (rel, iri("rdf:type"), iri("void:Dataset")),
         (rel, iri("dcterms:title"), ox.Literal(f"semaxkg {version}", language="en")),
         (rel, iri("dcterms:description"), ox.Literal(
             "A release of the semaxkg graph: the claims about Semax, each traced to its passage.",
             language="en")),
         (rel, iri("dcat:version"), ox.Literal(version)),
         (rel, iri("owl:versionInfo"), ox.Literal(version)),
         (rel, iri("dcterms:issued"), typed(date.isoformat(), "date")),
         (rel, iri("dcterms:isVersionOf"), ox.NamedNode(DATASET_IRI)),
         (rel, iri("dcat:distribution"), dist),
         (rel, iri("void:dataDump"), dist),
         (rel, iri("void:triples"), typed(quads, "integer")),
         (rel, iri("void:classPartition"), claim_part),
         (claim_part, iri("void:class"), iri("sxo:Claim")),
         (claim_part, iri("void:entities"), typed(claims, "integer")),
         (dist, iri("rdf:type"), iri("dcat:Distribution")),
         (dist, iri("dcterms:title"), ox.Literal(f"semaxkg {version}, N-Quads (gzip)", language="en")),
         (dist, iri("dcat:downloadURL"), dist),
         (dist, iri("dcat:mediaType"), ox.NamedNode(MEDIA_NQUADS)),
         (dist, iri("dcat:compressFormat"), ox.NamedNode(MEDIA_GZIP)),
         (dist, iri("dcat:byteSize"), typed(size, "nonNegativeInteger")),
         (dist, iri("spdx:checksum"), checksum),
         (checksum, iri("rdf:type"), iri("spdx:Checksum")),
         (checksum, iri("spdx:algorithm"), iri("spdx:checksumAlgorithm_sha256")),
         (checksum, iri("spdx:checksumValue"), typed(digest, "hexBinary"))]
    if previous is not None:
        prev = ox.NamedNode(RELEASES_IRI + previous)
        t += [(rel, iri("dcat:previousVersion"), prev), (rel, iri("prov:wasRevisionOf"), prev)]
    triples = [ox.Triple(s, p, o) for s, p, o in t]
    prefixes = {"dcat": DCAT, "spdx": SPDX, "void": PREFIXES["void"], "dcterms": PREFIXES["dcterms"],
                "owl": PREFIXES["owl"], "prov": PREFIXES["prov"], "sxo": PREFIXES["sxo"], "xsd": XSD}
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes) or b""


def _write_release(out: Path, data: bytes, quads: list[ox.Quad], claims: ClaimSet, folder: Path,
                   version: str, previous: str | None, date: dt.date) -> str:
    """The release's three files in ``out``; the dump's SHA-256."""
    packed = gzip.compress(data, compresslevel=9, mtime=0)
    digest = hashlib.sha256(packed).hexdigest()
    (out / DUMP_NAME).write_bytes(packed)
    (out / DESCRIPTION_NAME).write_bytes(
        _description(version, date, previous, len(packed), digest, len(quads), len(claims.claims)))
    if previous is None:
        log_text = (f"# semaxkg {version}\n\nThe first release: {len(claims.claims)} claims, "
                    f"{len(quads)} quads.\n")
    else:
        before = claim_set(read_quads(folder / previous / DUMP_NAME))
        log_text = as_markdown(diff(before, claims), previous, version)
    (out / CHANGELOG_NAME).write_text(log_text, encoding="utf-8")
    return digest


def make_release(data_file: Path, folder: Path, version: str, date: dt.date) -> Release:
    """Record ``data_file`` (a built ``semaxkg.nq``) as release ``version`` in ``folder``."""
    key = version_key(version)
    existing = releases(folder)
    if version in existing or (folder / version).exists():
        raise UsageError(f"release {version} exists already; releases are never overwritten: "
                         "choose the next version")
    if existing and version_key(existing[-1]) >= key:
        raise UsageError(f"release {version} is not newer than {existing[-1]}: choose a higher version")
    if not data_file.is_file():
        raise UsageError(f"no built graph at {data_file}: run 'semaxkg build' first")
    data = data_file.read_bytes()
    quads = read_quads(data_file)
    claims = claim_set(quads)
    previous = existing[-1] if existing else None
    target = folder / version
    # Written beside the target, then renamed into place: a release appears whole or not at
    # all (a killed run leaves only a dot-folder that releases() ignores), and the folder's
    # mtime changes exactly when one appears (the server keys its pages on that).
    partial = folder / f".{version}.{os.getpid()}.partial"
    partial.mkdir(parents=True)
    try:
        digest = _write_release(partial, data, quads, claims, folder, version, previous, date)
        partial.rename(target)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return Release(version, target, len(quads), len(claims.claims), digest)
