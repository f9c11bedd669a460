"""Basic pension numbers (基礎年金番号).

Format (国民年金法 第14条, 日本年金機構): 10 digits, a 4-digit office code
(課所符号) and a 6-digit serial number (一連番号), printed as ``1234-567890``
in the 年金手帳 and 基礎年金番号通知書. Ten digits are common, so a context
word is required: 基礎年金番号, 年金番号, 年金手帳. Fictitious example:
基礎年金番号 1234-567890.
"""

from __future__ import annotations

from gateway.detection.recognizers.pattern_recognizer import NEEDS_CONTEXT, JaPatternRecognizer, Pattern

__all__ = ["PensionNumberRecognizer"]


class PensionNumberRecognizer(JaPatternRecognizer):
    """Four plus six digits after a pension label."""

    ENTITY = "JP_PENSION_NUMBER"
    PATTERNS = (
        Pattern(
            "pension", r"[0-9](?<![0-9]{2})(?<![0-9]-[0-9])[0-9]{3}[- ]?[0-9]{6}(?![0-9])(?!-[0-9])", NEEDS_CONTEXT
        ),
    )
    CONTEXT = ("基礎年金番号", "年金番号", "年金手帳", "年金")
