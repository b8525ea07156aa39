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


#: The first words of every 400 answer (the endpoint, the pages, the APIs and the CLI alike).
BAD_REQUEST = "Bad request"
#: The first words of the line that names the fix.
FIX = "Fix"


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!", ">")) else text + "."


def bad_request_text(what: str, fix: str, detail: str = "") -> str:
    """The one style of every 400: ``Bad request: <what>`` then ``Fix: <how>``, then any detail.

    >>> print(bad_request_text("the query is empty", "send a query"))
    Bad request: the query is empty.
    Fix: send a query.
    """
    lines = [f"{BAD_REQUEST}: {_sentence(what)}", f"{FIX}: {_sentence(fix)}"]
    if detail:
        lines.append(detail.rstrip())
    return "\n".join(lines)


def bad_request_response(what: str, fix: str, detail: str = "") -> QueryResponse:
    """A 400 answer in the style of :func:`bad_request_text`."""
    return error_response(400, bad_request_text(what, fix, detail))
