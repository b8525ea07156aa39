"""The URL scheme: graph IRIs under the configured base map onto this server's own paths.

A deployment under ``https://w3id.org/semaxkg/`` and a local server at
``http://127.0.0.1:8000/`` serve the same paths: the IRI ``{base}id/compound/semax`` is the
path ``/id/compound/semax`` on either. Pages link with local paths, so browsing a local
server never leaves it, and show the IRI itself for copying.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from flask import current_app, has_app_context

from semaxkg.rdf.iri_scheme import BASE, prefixes_for
from semaxkg.web.security import safe_href

#: Config key of the IRI base (default: the ontology's base).
CONFIG_KEY = "IRI_BASE"


@lru_cache(maxsize=8)
def _prefixes(base: str) -> tuple[tuple[str, str], ...]:
    """Prefixes used to shorten IRIs under ``base``, most specific first."""
    return tuple(sorted(prefixes_for(base).items(), key=lambda item: len(item[1]), reverse=True))


@dataclass(frozen=True)
class IriMapper:
    """Maps between graph IRIs and the server's paths for one IRI base."""

    base: str

    def is_local(self, iri: str) -> bool:
        """Whether ``iri`` is minted under the base (so this server answers for it)."""
        return iri.startswith(self.base) and len(iri) > len(self.base)

    def path_for(self, iri: str) -> str | None:
        """The server path of ``iri`` (``/id/...``), or ``None`` for an external IRI."""
        if iri == self.base.rstrip("/"):
            return "/"
        if not self.is_local(iri):
            return None
        return "/" + iri[len(self.base):]

    def iri_for(self, path: str) -> str:
        """The IRI a server path stands for (the inverse of :meth:`path_for`)."""
        return self.base + path.lstrip("/")

    def href(self, iri: str) -> str:
        """Where a page should link for ``iri``: the local path, the external IRI when it is
        ``http``/``https``, else ``""`` (no link: ``javascript:`` and the like stay text)."""
        path = self.path_for(iri)
        return path if path is not None else safe_href(iri)


def curie(iri: str) -> str:
    """``prefix:local`` for an IRI under a known prefix (``sx:`` under the app's ``IRI_BASE``),
    else the IRI itself."""
    base = str(current_app.config[CONFIG_KEY]) if has_app_context() else BASE
    for prefix, namespace in _prefixes(base):
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def get_mapper() -> IriMapper:
    """The current app's :class:`IriMapper`."""
    return IriMapper(str(current_app.config[CONFIG_KEY]))
