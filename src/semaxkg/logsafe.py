"""Log lines that a client cannot forge: control characters are written escaped.

Request paths, query strings and headers reach the logs (the access log, error lines naming
the path). A raw CR or LF in them would start a new line that looks like the server's own;
:class:`EscapingFormatter` writes every control character (C0, DEL, C1, the Unicode line and
paragraph separators) as a Python-style escape (``\\r``, ``\\x1b``, ``\\u2028``), so one
record is always exactly one line (a traceback keeps its own line breaks, nothing else).
"""

from __future__ import annotations

import logging
import re
from typing import Any

#: Characters that may not appear raw in a log line.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL_BUT_NEWLINE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def _escape(match: re.Match[str]) -> str:
    return match.group().encode("unicode_escape").decode("ascii")


def escape_controls(text: str) -> str:
    """``text`` with every control character escaped (``"a\\r\\nb"`` → ``"a\\\\r\\\\nb"``)."""
    return _CONTROL.sub(_escape, text)


class EscapingFormatter(logging.Formatter):
    """A :class:`logging.Formatter` whose records each take exactly one line."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # ``fmt`` may be given as a keyword (logging.config passes it so).
        super().__init__(*args, **kwargs)

    def formatMessage(self, record: logging.LogRecord) -> str:
        """The record's line, control characters escaped."""
        return escape_controls(super().formatMessage(record))

    def formatException(self, ei: Any) -> str:
        """The traceback: its own line breaks kept, every other control character escaped."""
        return _CONTROL_BUT_NEWLINE.sub(_escape, super().formatException(ei))


def escaping_handler(stream: Any, fmt: str) -> logging.Handler:
    """A stream handler writing one escaped line per record."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(EscapingFormatter(fmt))
    return handler
