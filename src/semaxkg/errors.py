"""The project's exception hierarchy; the CLI maps each class to an exit code."""

from __future__ import annotations

from dataclasses import dataclass


class SemaxkgError(Exception):
    """Base class of every error this package raises on purpose."""

    exit_code = 2


class UsageError(SemaxkgError):
    """The command line or configuration is wrong (exit 2)."""

    exit_code = 2


@dataclass(frozen=True)
class Location:
    """A place in an input file: path and 1-based line (and column when known)."""

    path: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        if self.line is None:
            return self.path
        if self.column is None:
            return f"{self.path}:{self.line}"
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    """One located problem: where, what is wrong, and how to fix it."""

    location: Location
    message: str
    fix: str = ""

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}"
        if self.fix:
            text += f" (fix: {self.fix})"
        return text


class InputError(SemaxkgError):
    """Statement files (or other inputs) are malformed; carries every located problem (exit 2)."""

    exit_code = 2

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class NotConformingError(SemaxkgError):
    """The built graph does not conform to the SHACL shapes or the OWL check (exit 1)."""

    exit_code = 1

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        self.problems = problems or []
        super().__init__(message)


class StoreError(SemaxkgError):
    """A triplestore could not be reached, refused us, or answered wrongly (exit 3).

    ``transient`` marks failures worth retrying (connection refused or reset, 429, 502–504);
    ``graph`` names the graph being published when it happened, if any; ``status`` is the
    HTTP status the store answered (``None`` when it did not answer); ``retry_after`` is the
    store's ``Retry-After`` in seconds, when it sent one.
    """

    exit_code = 3

    def __init__(self, message: str, *, transient: bool = False, graph: str | None = None,
                 status: int | None = None, retry_after: float | None = None) -> None:
        self.transient = transient
        self.graph = graph
        self.status = status
        self.retry_after = retry_after
        super().__init__(message)
