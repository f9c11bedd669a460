"""The seam between the pipeline and the PII analyzer.

The pipeline depends on this Protocol only; ``gateway.detection.analyzer``
provides the presidio-based implementation and tests may pass any object with
a ``detect`` method.
"""

from __future__ import annotations

from typing import Protocol

from gateway.findings import Finding

__all__ = ["Detector"]


class Detector(Protocol):
    def detect(self, text: str) -> list[Finding]:
        """Return the findings in ``text``, sorted by start, without overlaps.

        Offsets index ``text`` exactly as given (before any normalisation).
        """
        ...
