"""A small SPARQL tokeniser for the checks made before a query is executed.

It does not parse SPARQL (pyoxigraph does that); it only finds the *keywords* of a query,
skipping comments, strings, IRIs, variables and prefixed names, so that the endpoint can

* tell the query form (``SELECT``/``ASK``/``CONSTRUCT``/``DESCRIBE``) or an update, and
* refuse ``SERVICE`` before pyoxigraph, which would otherwise open an HTTP connection to
  the given IRI (server-side request forgery).

>>> query_keywords("PREFIX s: <http://x/#SERVICE> # SERVICE\\nSELECT ?service { ?s s:p 'SERVICE' }")
['PREFIX', 'SELECT']
>>> query_form("BASE <http://a/> PREFIX : <x> ask {}")
'ASK'
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''
             |\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
             |'(?:[^'\\\n\r]|\\.)*'
             |"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][^\s{}()\[\]<>,;.'"\#=!&|+*/^-]*)
  | (?P<pname>[^\s{}()\[\]<>,;'"\#:?$=!&|+*/^@]*:(?:[^\s{}()\[\]<>,;'"\#\\^|]|\\.)*)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

QUERY_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)


#: Queries up to this many characters have their keywords memoised (a client repeats the same
#: queries; tokenising costs ~0.1 ms per pass), at most ``MEMO_SIZE`` of them.
MEMO_MAX_CHARS = 16 * 1024
MEMO_SIZE = 256


def _scan(text: str) -> tuple[str, ...]:
    return tuple(
        match.group().upper() for match in _TOKEN.finditer(text) if match.lastgroup == "word"
    )


_scan_memo = functools.lru_cache(maxsize=MEMO_SIZE)(_scan)


def _words(text: str) -> tuple[str, ...]:
    return _scan_memo(text) if len(text) <= MEMO_MAX_CHARS else _scan(text)


def query_keywords(text: str) -> list[str]:
    """Return the bare keywords of ``text`` (upper-cased), in order."""
    return list(_words(text))


def query_form(text: str) -> str | None:
    """Return the first query-form or update keyword after the prologue, or ``None``."""
    for word in _words(text):
        if word in QUERY_FORMS or word in UPDATE_KEYWORDS:
            return word
    return None


def uses_service(text: str) -> bool:
    """Whether the query text contains the ``SERVICE`` keyword outside strings and IRIs."""
    return "SERVICE" in _words(text)


def tokens(text: str) -> Iterator[tuple[str, str, int]]:
    """``(kind, token, offset)`` of every token but white space and comments.

    Kinds: ``string``, ``iri``, ``var``, ``pname``, ``word`` and ``other`` (punctuation such as
    ``{`` and ``}``). Used to move a trailing ``VALUES`` clause for stores that refuse it
    (:func:`semaxkg.store.remote.inline_values`).
    """
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind is not None and kind not in ("ws", "comment"):
            yield kind, match.group(), match.start()
