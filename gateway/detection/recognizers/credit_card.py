"""Payment card numbers (クレジットカード番号).

Format (ISO/IEC 7812): 13 to 19 digits, the last a Luhn check digit, usually
printed in groups of four (Amex 4-6-5) and written with spaces or hyphens.
Only issuer ranges of the common brands are accepted (Visa 4, Mastercard
2/5, American Express and JCB 3, Discover/UnionPay 6), which keeps Luhn-valid
digit strings such as account or reference numbers out.
Fictitious examples: 4111 1111 1111 1111 (a test number), 3530-1113-3330-0000.
"""

from __future__ import annotations

from gateway.detection.recognizers.checksums import digits_of, luhn_is_valid
from gateway.detection.recognizers.pattern_recognizer import CERTAIN, JaPatternRecognizer, Pattern

__all__ = ["CreditCardRecognizer"]


class CreditCardRecognizer(JaPatternRecognizer):
    """Luhn-valid card numbers of the common brands, with or without separators."""

    ENTITY = "CREDIT_CARD"
    PATTERNS = (Pattern("card", r"[2-6](?<![0-9][2-6])(?:[- ]?[0-9]){12,18}(?![0-9])", CERTAIN),)
    CONTEXT = ("カード", "クレジット", "card", "VISA", "JCB", "有効期限")

    def validate_result(self, pattern_text: str) -> bool:
        digits = digits_of(pattern_text)
        return 13 <= len(digits) <= 19 and luhn_is_valid(digits) and len(set(digits)) > 1
