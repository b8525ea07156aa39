""""Did you mean …?" hints for unknown ids, codes, predicates and field names (edit distance)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

#: How many close matches a hint names at most.
MAX_SUGGESTIONS = 3
#: Least similarity (difflib ratio) a candidate needs to be suggested.
MIN_SIMILARITY = 0.7


def close_matches(value: str, choices: Iterable[str]) -> list[str]:
    """The known values closest to ``value``, best first (none when nothing is close)."""
    return difflib.get_close_matches(value, sorted(set(choices)), n=MAX_SUGGESTIONS,
                                     cutoff=MIN_SIMILARITY)


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest known values, or ``''`` when none is close."""
    found = close_matches(value, choices)
    if not found:
        return ""
    return " (did you mean " + " or ".join(f"'{f}'" for f in found) + "?)"
