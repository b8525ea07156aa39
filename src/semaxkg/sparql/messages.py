"""The request and response types of one SPARQL query, shared by the engine and its callers.

Kept apart from :mod:`semaxkg.sparql.engine` so that content negotiation can build a 406
without importing the engine (which imports negotiation).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class QueryRequest:
    """Everything needed to answer one query; picklable so it can cross a pipe."""

    query: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    base_iri: str | None = None
    accept: str = ""
    format_hint: str | None = None
    row_cap: int | None = None


@dataclass(frozen=True)
class QueryResponse:
    """The answer: status, exact content type, body and headers to add."""

    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = field(default=())

    @property
    def cacheable(self) -> bool:
        """Only successful answers are cached."""
        return self.status == 200


def error_response(status: int, message: str) -> QueryResponse:
    """A short plain-text error answer."""
    return QueryResponse(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode())
