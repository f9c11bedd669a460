"""Japanese personal-information detection (presidio-analyzer + SudachiPy).

Example:
    >>> detector = build_detector()
    >>> [f.entity_type for f in detector.detect("山田太郎さんの携帯は090-1234-5678です")]
    ['PERSON', 'JP_PHONE_NUMBER']
"""

from __future__ import annotations

from gateway.detection.analyzer import build_detector
from gateway.detection.base import Detector
from gateway.detection.cache import CachingDetector
from gateway.detection.recognizers import ENTITY_TYPES

__all__ = ["ENTITY_TYPES", "CachingDetector", "Detector", "build_detector"]
