"""A bounded least-recently-used cache keyed by message content, that holds no content.

Chat clients send the whole conversation with every turn, so every stage that
works message by message (detection, the marker scan, masking) would redo
turn 1's work on turn 20. Each of them keeps what it computed for a text in a
:class:`ContentCache`:

* the key is a keyed BLAKE2b digest of the text (a per-cache random key), so
  the cache holds no text, and a digest seen in a memory dump cannot be tested
  against guessed texts;
* at most ``max_entries`` entries are kept, the least recently used going
  first, so its memory is bounded whatever the traffic;
* texts shorter than ``min_chars`` are not cached: computing their value costs
  less than the bookkeeping;
* a failure of the computation is not cached: the next call tries again;
* nothing is ever logged; :meth:`ContentCache.stats` gives counts only.

Values must be immutable (tuples of frozen records): one value is shared by
every caller that asks for the same text.

Example:
    >>> cache = ContentCache(max_entries=100)
    >>> cache.get_or_compute("山田太郎さんの電話は090-1234-5678です", len)
    28
    >>> cache.get_or_compute("山田太郎さんの電話は090-1234-5678です", len), cache.stats()
    (28, CacheStats(hits=1, misses=1, entries=1))
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, NamedTuple, TypeVar

__all__ = ["DEFAULT_MAX_ENTRIES", "DEFAULT_MIN_CHARS", "CacheStats", "ContentCache"]

DEFAULT_MAX_ENTRIES = 20_000
DEFAULT_MIN_CHARS = 16

V = TypeVar("V")


class CacheStats(NamedTuple):
    hits: int
    misses: int
    entries: int


class ContentCache(Generic[V]):
    """Values computed from texts, for the last ``max_entries`` texts (thread-safe)."""

    def __init__(self, max_entries: int = DEFAULT_MAX_ENTRIES, min_chars: int = DEFAULT_MIN_CHARS) -> None:
        if max_entries < 1:
            raise ValueError("max_entries must be at least 1")
        self._max_entries = max_entries
        self._min_chars = min_chars
        self._key = os.urandom(32)
        self._entries: OrderedDict[bytes, V] = OrderedDict()
        self._lock = threading.Lock()
        self._hits = self._misses = 0

    def digest(self, text: str) -> bytes | None:
        """The cache key of ``text``; None when ``text`` is too short to be cached."""
        if len(text) < self._min_chars:
            return None
        return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), key=self._key, digest_size=20).digest()

    def get(self, digest: bytes) -> V | None:
        """The value stored under ``digest`` (counted as a hit), or None (counted as a miss)."""
        with self._lock:
            value = self._entries.get(digest)
            if value is None:
                self._misses += 1
                return None
            self._entries.move_to_end(digest)
            self._hits += 1
            return value

    def put(self, digest: bytes, value: V) -> None:
        """Store ``value`` under ``digest``, forgetting the least recently used entries beyond the bound."""
        with self._lock:
            self._entries[digest] = value
            self._entries.move_to_end(digest)
            while len(self._entries) > self._max_entries:
                self._entries.popitem(last=False)

    def get_or_compute(self, text: str, compute: Callable[[str], V]) -> V:
        """``compute(text)``, from the cache when it has seen ``text``; ``compute`` runs outside the lock."""
        digest = self.digest(text)
        if digest is None:
            return compute(text)
        value = self.get(digest)
        if value is None:
            value = compute(text)
            self.put(digest, value)
        return value

    def stats(self) -> CacheStats:
        """Hit and miss counts and the current number of entries (no content)."""
        with self._lock:
            return CacheStats(self._hits, self._misses, len(self._entries))

    def clear(self) -> None:
        """Forget every entry (e.g. after the policy's dictionaries change)."""
        with self._lock:
            self._entries.clear()
