"""Corporate numbers (法人番号).

Legal basis: 行政手続における特定の個人を識別するための番号の利用等に関する法律
第39条 and 法人番号の指定等に関する省令 第2条: 13 digits, the first being a
check digit over the other 12 (see :func:`checksums.corporate_number_is_valid`).
Corporate numbers are public (国税庁 publishes them), but the gateway still
identifies them so that the policy can decide. The invoice registration
number (適格請求書発行事業者登録番号) is ``T`` + the corporate number; only the
digits are reported. Example: 7000012050002 (国税庁's own number, public).
"""

from __future__ import annotations

from gateway.detection.recognizers.checksums import corporate_number_is_valid, digits_of
from gateway.detection.recognizers.pattern_recognizer import VERIFIED, JaPatternRecognizer, Pattern

__all__ = ["CorporateNumberRecognizer"]


class CorporateNumberRecognizer(JaPatternRecognizer):
    """Thirteen digits with a valid leading check digit."""

    ENTITY = "JP_CORPORATE_NUMBER"
    PATTERNS = (
        Pattern("contiguous", r"[0-9](?<![0-9]{2})[0-9]{12}(?![0-9])", VERIFIED),
        Pattern("grouped", r"[0-9](?<![0-9]{2})-[0-9]{4}-[0-9]{4}-[0-9]{4}(?![0-9])", VERIFIED),
    )
    CONTEXT = ("法人番号", "登録番号", "インボイス")

    def validate_result(self, pattern_text: str) -> bool:
        return corporate_number_is_valid(digits_of(pattern_text))
