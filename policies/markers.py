"""Finding confidentiality markings (秘, 庁内限り, ...) in a text.

The patterns are compiled once, when the policy loads. When two markings
overlap (秘 inside 極秘), the one that starts first wins, then the longer one,
so a marking is counted once.

The hits of recent texts are kept in a bounded content cache (keyed by a
digest, no text kept), so that turn 20 of a conversation scans only its new
message, not the 38 it repeats.

Example:
    >>> scanner = MarkerScanner({"極秘": ("3A", "極秘"), "秘": ("3A", "【秘】")})
    >>> scanner.scan("【秘】人事案")
    [MarkerHit(marker='秘', level='3A', start=0, end=3)]
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from gateway.content_cache import DEFAULT_MAX_ENTRIES, CacheStats, ContentCache

__all__ = ["MarkerHit", "MarkerScanner"]


@dataclass(frozen=True, slots=True)
class MarkerHit:
    """The marking ``marker`` (its name in the policy) at ``text[start:end]``."""

    marker: str
    level: str
    start: int
    end: int


class MarkerScanner:
    """Scans text for markings given as ``{name: (level, regex)}``; remembers the last ``cache_entries`` texts."""

    def __init__(self, markers: Mapping[str, tuple[str, str]], cache_entries: int = DEFAULT_MAX_ENTRIES) -> None:
        self._patterns = [(name, level, re.compile(pattern)) for name, (level, pattern) in markers.items()]
        self._cache: ContentCache[tuple[MarkerHit, ...]] = ContentCache(cache_entries)

    def scan(self, text: str) -> list[MarkerHit]:
        """Return the markings in ``text``, sorted by start, without overlaps."""
        return list(self._cache.get_or_compute(text, self._scan))

    def cache_stats(self) -> CacheStats:
        """Hits, misses (texts really scanned, short ones aside) and entries of the cache; no content."""
        return self._cache.stats()

    def _scan(self, text: str) -> tuple[MarkerHit, ...]:
        hits = [
            MarkerHit(name, level, match.start(), match.end())
            for name, level, pattern in self._patterns
            for match in pattern.finditer(text)
            if match.end() > match.start()
        ]
        hits.sort(key=lambda hit: (hit.start, hit.start - hit.end))
        kept: list[MarkerHit] = []
        for hit in hits:
            if not kept or hit.start >= kept[-1].end:
                kept.append(hit)
        return tuple(kept)
