"""Residence card numbers (在留カード番号) and special permanent resident certificates.

Format (出入国管理及び難民認定法 第19条の4, 出入国在留管理庁): two Latin
capital letters, eight digits and two capital letters, e.g. ``AB12345678CD``;
the 特別永住者証明書 uses the same format. Reported without a label.
Fictitious example: AB12345678CD.
"""

from __future__ import annotations

from gateway.detection.recognizers.pattern_recognizer import CERTAIN, JaPatternRecognizer, Pattern

__all__ = ["ResidenceCardRecognizer"]


class ResidenceCardRecognizer(JaPatternRecognizer):
    """Two letters, eight digits, two letters, standing alone."""

    ENTITY = "JP_RESIDENCE_CARD"
    PATTERNS = (Pattern("residence card", r"[A-Z](?<![A-Za-z0-9][A-Z])[A-Z][0-9]{8}[A-Z]{2}(?![A-Za-z0-9])", CERTAIN),)
    CONTEXT = ("在留カード", "在留", "特別永住者証明書")
