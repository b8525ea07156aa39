"""``/releases/``: the recorded releases, their files, and any claim as it was in one.

- ``/releases/`` lists the releases (newest first) with their date, size, changelog, dump and
  description (DCAT/VoID);
- ``/releases/VERSION/`` is one release's page (the version IRI
  ``https://w3id.org/semaxkg/releases/VERSION`` dereferences here), with its changelog;
- ``/releases/VERSION/changelog.md``, ``semaxkg.nq.gz`` and ``release.ttl`` are its files;
- ``/releases/VERSION/id/claim/ID`` is claim ``ID`` as that release recorded it: its own
  triples and those of its passages. Claim pages link it ("as in release VERSION").

An unknown version is a 404 naming the known ones. The folder is ``RELEASES_DIR`` (default:
the project's ``data/releases``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
from flask import Blueprint, Flask, Response, current_app, render_template, request, send_file

from semaxkg.rdf.iri_scheme import ID
from semaxkg.rdf.release_layout import CHANGELOG_NAME, DESCRIPTION_NAME, DUMP_NAME, RELEASE_FILES
from semaxkg.web.iris import curie, get_mapper
from semaxkg.web.linked.linkeddata import HTML, media_type_header, not_found
from semaxkg.web.linked.release_archive import ReleaseArchive, Term, describe

bp = Blueprint("releases", __name__)

EXTENSION_KEY = "semaxkg.releases"
#: The media type each release file is sent with (Flask adds the charset of text types).
FILE_TYPES = {CHANGELOG_NAME: "text/markdown",
              DUMP_NAME: "application/gzip",
              DESCRIPTION_NAME: "text/turtle"}
#: A claim id as the build writes them (checked before it is made into an IRI).
CLAIM_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")


def get_archive() -> ReleaseArchive:
    """The current app's releases."""
    archive: ReleaseArchive = current_app.extensions[EXTENSION_KEY]
    return archive


def _unknown(version: str) -> Response:
    known = get_archive().versions()
    listed = ", ".join(known) if known else "none yet (semaxkg release VERSION records one)"
    return not_found(None, f"no release '{version}': the releases are {listed} (list: /releases/)",
                     HTML)


def _page(html: str) -> Response:
    return Response(html, status=200, content_type=media_type_header(HTML))


@bp.get("/releases/")
def releases_page() -> Response:
    """Every release, newest first."""
    archive = get_archive()
    infos = [describe(archive.folder, v) for v in archive.versions()] if archive.folder else []
    return _page(render_template("releases.html", releases=infos, files=RELEASE_FILES))


@bp.get("/releases/<version>/")
def release_page(version: str) -> Response:
    """One release: its description and its changelog (its ``release.ttl`` for a client
    that prefers Turtle: the version IRI dereferences to its description)."""
    archive = get_archive()
    if not archive.has(version):
        return _unknown(version)
    if request.accept_mimetypes.best_match(["text/html", "text/turtle"]) == "text/turtle":
        response = release_file(version, DESCRIPTION_NAME)
        response.headers["Vary"] = "Accept"
        return response
    assert archive.folder is not None
    changelog = archive.path(version, CHANGELOG_NAME)
    text = changelog.read_text(encoding="utf-8") if changelog.is_file() else ""
    response = _page(render_template("release.html", release=describe(archive.folder, version),
                                     changelog=text, files=RELEASE_FILES))
    response.headers["Vary"] = "Accept"
    return response


@bp.get("/releases/<version>/<name>")
def release_file(version: str, name: str) -> Response:
    """One file of a release."""
    archive = get_archive()
    if not archive.has(version):
        return _unknown(version)
    if name not in FILE_TYPES or not archive.path(version, name).is_file():
        return not_found(None, f"release {version} has no file '{name}': its files are "
                               f"{', '.join(RELEASE_FILES)}", HTML)
    return send_file(archive.path(version, name), mimetype=FILE_TYPES[name], conditional=True,
                     etag=True, max_age=0)


def _term(term: Term) -> str:
    """An IRI as a CURIE, a literal as its text, anything else as N-Triples."""
    if isinstance(term, ox.NamedNode):
        return curie(term.value)
    return term.value if isinstance(term, ox.Literal) else str(term)


@bp.get("/releases/<version>/id/claim/<claim_id>")
def release_claim(version: str, claim_id: str) -> Response:
    """Claim ``claim_id`` as release ``version`` recorded it."""
    archive = get_archive()
    if not archive.has(version):
        return _unknown(version)
    iri = f"{ID}claim/{claim_id}"
    quads = archive.claim_quads(version, iri) if CLAIM_ID.match(claim_id) else []
    if not quads:
        return not_found(iri, f"claim '{claim_id}' is not in release {version} (it may have "
                              f"been added later: see the changelogs at /releases/)", HTML)
    rows = [(str(q.subject).strip("<>").removeprefix(iri) or "(the claim)", curie(q.predicate.value),
             _term(q.object)) for q in quads]
    return _page(render_template("release_claim.html", version=version, claim_id=claim_id,
                                 iri=iri, rows=rows, today=get_mapper().href(iri)))


def releases_with(iri: str) -> list[tuple[str, str]]:
    """``(version, href)`` of each release holding claim ``iri`` (for the claim page)."""
    if not iri.startswith(ID + "claim/"):
        return []
    return [(v, f"/releases/{v}/id/{iri.removeprefix(ID)}")
            for v in get_archive().releases_with(iri)]


def init_app(app: Flask) -> None:
    """Register the blueprint over ``RELEASES_DIR`` ("" for none)."""
    folder = str(app.config.get("RELEASES_DIR") or "")
    app.extensions[EXTENSION_KEY] = ReleaseArchive(Path(folder) if folder else None)
    app.add_template_global(releases_with, "releases_with")
    app.register_blueprint(bp)
