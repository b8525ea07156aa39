"""HTTP to a triplestore: one session per process, authentication, retries, clear errors.

Every failure becomes a :class:`~semaxkg.errors.StoreError` whose message says what we were
doing, which URL answered what, and what to check; ``transient`` marks the ones worth retrying
(connection refused or reset, no answer in time, 429, 502, 503, 504). :func:`with_retries`
retries those with exponential backoff and honours ``Retry-After``.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

import requests
from requests.auth import AuthBase, HTTPBasicAuth, HTTPDigestAuth

from semaxkg import __version__
from semaxkg.errors import StoreError
from semaxkg.rdf.iri_scheme import BASE

log = logging.getLogger(__name__)

#: Seconds to wait for a TCP connection to the store.
CONNECT_TIMEOUT_SECONDS: float = 5.0
#: Attempts for one request when the failure is transient (the first try included).
MAX_ATTEMPTS: int = 4
#: First backoff delay in seconds; doubled after each failed attempt.
BACKOFF_SECONDS: float = 0.5
#: Longest wait between two attempts, also the cap on a store's ``Retry-After``.
MAX_BACKOFF_SECONDS: float = 30.0
#: Characters of a store's error body quoted in our message.
MAX_ERROR_BODY_CHARS: int = 300
#: HTTP statuses that mean "try again later".
TRANSIENT_STATUSES = frozenset({429, 502, 503, 504})
#: How we introduce ourselves to the store (its logs then say who sent what).
USER_AGENT = f"semaxkg/{__version__} (+{BASE})"

AuthScheme = Literal["basic", "digest"]
T = TypeVar("T")


@dataclass(frozen=True)
class StoreAuth:
    """Credentials for the store: user, password and scheme (Virtuoso's ``-auth`` uses digest)."""

    user: str
    password: str = ""
    scheme: AuthScheme = "basic"

    def requests_auth(self) -> AuthBase:
        """The ``requests`` authentication object for this scheme."""
        if self.scheme == "digest":
            return HTTPDigestAuth(self.user, self.password)
        return HTTPBasicAuth(self.user, self.password)

    def __repr__(self) -> str:  # never print the password in a log or traceback
        return f"StoreAuth(user={self.user!r}, scheme={self.scheme!r})"


def make_auth(user: str | None, password: str | None, scheme: str = "basic") -> StoreAuth | None:
    """A :class:`StoreAuth` from settings, or ``None`` when no user is given."""
    if not user:
        return None
    if scheme not in ("basic", "digest"):
        from semaxkg.errors import UsageError

        raise UsageError(f"unknown authentication scheme {scheme!r}: use basic or digest")
    return StoreAuth(user, password or "", "digest" if scheme == "digest" else "basic")


def _body_excerpt(response: requests.Response) -> str:
    try:
        text = response.text
    except (requests.RequestException, UnicodeDecodeError):
        return ""
    one_line = " ".join(text.split())
    if len(one_line) > MAX_ERROR_BODY_CHARS:
        one_line = one_line[: MAX_ERROR_BODY_CHARS - 1] + "…"
    return one_line


def status_error(what: str, response: requests.Response) -> StoreError:
    """The :class:`StoreError` for a non-2xx answer, with a hint for the usual causes."""
    status = response.status_code
    head = f"{what}: {response.url} answered {status} {response.reason or ''}".rstrip()
    body = _body_excerpt(response)
    if status == 401:
        hint = ("check the user and password (--auth USER with SEMAXKG_STORE_PASSWORD) "
                "and the scheme (--auth-scheme basic|digest)")
    elif status == 403:
        hint = "the user is known but may not do this: grant it write access to the store"
    elif status == 404:
        hint = "check the URL: is it the store's SPARQL endpoint / graph store endpoint?"
    elif status == 405:
        hint = "this URL does not accept the method: check it is the graph store endpoint"
    elif status == 413:
        hint = "the store refused the body size: raise its upload limit"
    else:
        hint = ""
    parts = [head]
    if body:
        parts.append(f"the store said: {body}")
    if hint:
        parts.append(f"fix: {hint}")
    return StoreError("; ".join(parts), transient=status in TRANSIENT_STATUSES, status=status,
                      retry_after=_retry_after(response))


def exception_error(what: str, url: str, exc: requests.RequestException,
                    read_timeout: float | None) -> StoreError:
    """The :class:`StoreError` for a failure below HTTP (refused, reset, timed out)."""
    if isinstance(exc, requests.ConnectTimeout):
        return StoreError(f"{what}: could not connect to {url} within "
                          f"{CONNECT_TIMEOUT_SECONDS:g} s: is the store running and reachable?",
                          transient=True)
    if isinstance(exc, requests.Timeout):
        limit = f" within {read_timeout:g} s" if read_timeout else ""
        return StoreError(f"{what}: {url} sent no answer{limit} (timed out); raise --timeout "
                          "or check the store's load", transient=True)
    if isinstance(exc, requests.ConnectionError):
        reason = _root_cause(exc)
        if reason == "timed out":
            return StoreError(f"{what}: {url} stopped taking the request (timed out while "
                              "sending it); raise --timeout or check the store's load",
                              transient=True)
        return StoreError(f"{what}: the store at {url} is not reachable ({reason}): is it "
                          "running?", transient=True)
    return StoreError(f"{what}: request to {url} failed: {exc}")


def _root_cause(exc: BaseException) -> str:
    cause: BaseException = exc
    while cause.__cause__ is not None or cause.__context__ is not None:
        cause = cause.__cause__ or cause.__context__  # type: ignore[assignment]
    text = str(cause) or type(cause).__name__
    if "Connection refused" in text:
        return "connection refused"
    if "reset" in text.lower() or "aborted" in text.lower():
        return "connection reset: the store closed it"
    return " ".join(text.split())[:MAX_ERROR_BODY_CHARS]


class Connection:
    """A ``requests`` session per process (a forked web worker must not share sockets)."""

    def __init__(self, auth: StoreAuth | None = None) -> None:
        self.auth = auth
        self._session: requests.Session | None = None
        self._pid = 0
        self._lock = threading.Lock()

    def session(self) -> requests.Session:
        """This process's session, created on first use."""
        with self._lock:
            if self._session is None or self._pid != os.getpid():
                session = requests.Session()
                session.headers["User-Agent"] = USER_AGENT
                if self.auth is not None:
                    session.auth = self.auth.requests_auth()
                # Proxies from the environment would route 127.0.0.1 stores through them.
                session.trust_env = False
                self._session = session
                self._pid = os.getpid()
            return self._session

    def request(self, method: str, url: str, *, what: str, read_timeout: float | None,
                send_timeout: float = CONNECT_TIMEOUT_SECONDS,
                **kwargs: Any) -> requests.Response:
        """Send one request; raise :class:`StoreError` unless the answer is 2xx.

        ``send_timeout`` bounds connecting *and* sending the body (urllib3 sends under the
        connect time-out): uploads pass their long time-out, because a store may stop reading
        a body for a while, e.g. while it deletes the graph the body replaces.
        """
        try:
            response = self.session().request(
                method, url, timeout=(send_timeout, read_timeout), **kwargs)
        except requests.RequestException as exc:
            raise exception_error(what, url, exc, read_timeout) from exc
        if response.status_code >= 300:
            error = status_error(what, response)
            response.close()
            raise error
        return response

    def close(self) -> None:
        """Close this process's session."""
        if self._session is not None and self._pid == os.getpid():
            self._session.close()
        self._session = None


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After", "")
    try:
        return min(MAX_BACKOFF_SECONDS, max(0.0, float(value)))
    except ValueError:
        return None


def backoff_delay(attempt: int) -> float:
    """Seconds to wait after failed attempt number ``attempt`` (1-based)."""
    return float(min(MAX_BACKOFF_SECONDS, BACKOFF_SECONDS * 2 ** (attempt - 1)))


def with_retries(call: Callable[[], T], *, what: str, attempts: int = MAX_ATTEMPTS,
                 sleep: Callable[[float], None] = time.sleep) -> T:
    """``call()``, retried with backoff while it raises a transient :class:`StoreError`."""
    attempts = max(1, attempts)
    for attempt in range(1, attempts + 1):
        try:
            return call()
        except StoreError as exc:
            if not exc.transient or attempt == attempts:
                if exc.transient and attempts > 1:
                    raise StoreError(f"{exc} (gave up after {attempts} attempts)",
                                     transient=True, graph=exc.graph, status=exc.status) from exc
                raise
            delay = exc.retry_after if exc.retry_after is not None else backoff_delay(attempt)
            log.warning("%s; retrying in %.1f s (attempt %d of %d)", exc, delay, attempt + 1,
                        attempts)
            sleep(delay)
    raise AssertionError("unreachable")  # pragma: no cover
