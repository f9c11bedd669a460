"""Japanese passport numbers (旅券番号).

Format (旅券法, 外務省): two Latin capital letters and seven digits, e.g.
``TK1234567`` (the letters are the series). The format is distinctive enough
to report without a label; 旅券 or パスポート nearby raises the score.
Fictitious examples: TK1234567, XZ7654321.
"""

from __future__ import annotations

from gateway.detection.recognizers.pattern_recognizer import LIKELY, JaPatternRecognizer, Pattern

__all__ = ["PassportRecognizer"]


class PassportRecognizer(JaPatternRecognizer):
    """Two capital letters and seven digits, standing alone."""

    ENTITY = "JP_PASSPORT"
    PATTERNS = (Pattern("passport", r"[A-Z](?<![A-Za-z0-9][A-Z])[A-Z][0-9]{7}(?![A-Za-z0-9])", LIKELY),)
    CONTEXT = ("旅券", "パスポート", "passport")
