"""Detection results cached by message content, so turn N of a conversation scans only what is new.

Chat clients send the whole conversation with every turn; without a cache,
turn 20 would analyze 39 messages again. :class:`CachingDetector` wraps any
:class:`~gateway.detection.base.Detector` and keeps the findings of recent
texts in a :class:`~gateway.content_cache.ContentCache`: keyed by a keyed
digest (no text is kept), bounded by ``max_entries`` (each entry is a digest
and a tuple of findings: about 200 bytes plus 100 per finding), texts shorter
than ``min_chars`` not cached, nothing logged. A failure of the wrapped
detector is not cached: the next call tries again. A cached tuple is copied
into a new list, never shared.

Example:
    >>> from gateway.detection import build_detector
    >>> detector = CachingDetector(build_detector())
    >>> first = detector.detect("山田太郎さんの電話は090-1234-5678です")
    >>> detector.detect("山田太郎さんの電話は090-1234-5678です") == first, detector.stats().hits
    (True, 1)
"""

from __future__ import annotations

from gateway.content_cache import DEFAULT_MAX_ENTRIES, DEFAULT_MIN_CHARS, CacheStats, ContentCache
from gateway.detection.base import Detector
from gateway.findings import Finding

__all__ = ["CacheStats", "CachingDetector"]


class CachingDetector:
    """A :class:`Detector` that remembers the findings of the last ``max_entries`` texts (thread-safe)."""

    def __init__(
        self, inner: Detector, max_entries: int = DEFAULT_MAX_ENTRIES, min_chars: int = DEFAULT_MIN_CHARS
    ) -> None:
        self._inner = inner
        self._cache: ContentCache[tuple[Finding, ...]] = ContentCache(max_entries, min_chars)

    def detect(self, text: str) -> list[Finding]:
        """The wrapped detector's findings for ``text``, from the cache when it has seen ``text``."""
        if not isinstance(text, str):
            return self._inner.detect(text)
        return list(self._cache.get_or_compute(text, self._analyze))

    def _analyze(self, text: str) -> tuple[Finding, ...]:
        return tuple(self._inner.detect(text))

    def stats(self) -> CacheStats:
        """Hit and miss counts and the current number of entries (no content)."""
        return self._cache.stats()

    def clear(self) -> None:
        """Forget every cached result (e.g. after the policy's dictionaries change)."""
        self._cache.clear()
