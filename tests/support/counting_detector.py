"""A detector wrapper that counts the texts really analyzed, for tests of the content caches.

Example:
    >>> counting = CountingDetector(build_detector())
    >>> _ = CachingDetector(counting).detect("山田太郎さんの電話は090-1234-5678です")
    >>> counting.texts
    ['山田太郎さんの電話は090-1234-5678です']
"""

from __future__ import annotations

from gateway.detection.base import Detector
from gateway.findings import Finding

__all__ = ["CountingDetector"]


class CountingDetector:
    """Wraps a detector and keeps every text it was asked to analyze, in order."""

    def __init__(self, inner: Detector) -> None:
        self.inner = inner
        self.texts: list[str] = []

    def detect(self, text: str) -> list[Finding]:
        self.texts.append(text)
        return self.inner.detect(text)
