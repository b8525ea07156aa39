"""A bounded LRU of complete HTTP answers, and the ETag of an answer.

The graph is immutable while served, so a stored answer never goes stale. Limits on entries,
on bytes in all (request key and answer both count) and on the size of one answer keep a
worker's memory bounded: once full, the cache only replaces entries.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass

#: Bytes charged per entry on top of its key and body (tuple, headers, dict slot).
ENTRY_OVERHEAD_BYTES = 1024


def etag_for(version: str, key: Hashable) -> str:
    """The (unquoted) strong ETag of the answer to ``key`` on graph ``version``."""
    return hashlib.blake2b(repr((version, key)).encode(), digest_size=12).hexdigest()


@dataclass(frozen=True)
class CachedAnswer:
    """An answer ready to be sent again: WSGI status line, headers, body and its ETag."""

    status: str
    headers: list[tuple[str, str]]
    body: bytes
    etag: str | None
    #: The headers of a 304 to a matching ``If-None-Match``.
    not_modified_headers: list[tuple[str, str]]
    size: int


class ResultCache:
    """LRU of :class:`CachedAnswer` with limits on entries, total bytes and entry size."""

    def __init__(self, max_entries: int, max_bytes: int, max_entry_bytes: int) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.max_entry_bytes = max_entry_bytes
        self._items: OrderedDict[Hashable, CachedAnswer] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._items)

    @property
    def bytes(self) -> int:
        """Bytes charged for the entries held now."""
        return self._bytes

    def get(self, key: Hashable, count_miss: bool = True) -> CachedAnswer | None:
        """The cached answer for ``key``, or ``None`` (counted as a miss if ``count_miss``)."""
        with self._lock:
            found = self._items.get(key)
            if found is None:
                self.misses += count_miss
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return found

    def put(self, key: Hashable, answer: CachedAnswer) -> bool:
        """Remember ``answer`` when it is small enough; return whether it was stored."""
        if answer.size > self.max_entry_bytes or self.max_entries <= 0:
            return False
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= old.size
            self._items[key] = answer
            self._bytes += answer.size
            while self._items and (
                len(self._items) > self.max_entries or self._bytes > self.max_bytes
            ):
                _, evicted = self._items.popitem(last=False)
                self._bytes -= evicted.size
        return True
