"""A bounded LRU cache of complete answers, keyed by the graph version and the request.

The graph is immutable while served, so an answer never goes stale; bounds on entries and
bytes keep memory flat.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Hashable

from semaxkg.endpoint.engine import QueryResponse


def etag_for(version: str, key: Hashable) -> str:
    """The (unquoted) strong ETag of the answer to ``key`` on graph ``version``."""
    return hashlib.blake2b(repr((version, key)).encode(), digest_size=12).hexdigest()


class ResultCache:
    """LRU of :class:`QueryResponse` with limits on entries, total bytes and entry size."""

    def __init__(self, max_entries: int, max_bytes: int, max_entry_bytes: int) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.max_entry_bytes = max_entry_bytes
        self._items: OrderedDict[Hashable, QueryResponse] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: Hashable) -> QueryResponse | None:
        """The cached answer for ``key``, or ``None``."""
        with self._lock:
            found = self._items.get(key)
            if found is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return found

    def put(self, key: Hashable, response: QueryResponse) -> None:
        """Remember ``response`` when it is cacheable and small enough."""
        size = len(response.body)
        if not response.cacheable or size > self.max_entry_bytes or self.max_entries <= 0:
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= len(old.body)
            self._items[key] = response
            self._bytes += size
            while self._items and (
                len(self._items) > self.max_entries or self._bytes > self.max_bytes
            ):
                _, evicted = self._items.popitem(last=False)
                self._bytes -= len(evicted.body)
