"""Individual numbers (個人番号, マイナンバー).

Legal basis: 行政手続における特定の個人を識別するための番号の利用等に関する法律
(番号法) and its 施行令 第8条, which defines the 12th digit as a check digit
over the first 11 (see :func:`checksums.my_number_is_valid`). The card prints
the number in groups of four; writers use spaces, hyphens or full-width digits
(``1234 5678 9018``, ``１２３４－５６７８－９０１８``).

A number with a wrong check digit is a typo or not a My Number. Without a
label it is not reported; right after a label (マイナンバー, 個人番号) it is
reported anyway, because a mistyped My Number still reveals eleven of its
digits. Fictitious example: 123456789018 (valid), 123456789012 (invalid).
"""

from __future__ import annotations

from gateway.detection.recognizers.checksums import digits_of, my_number_is_valid
from gateway.detection.recognizers.pattern_recognizer import (
    NEEDS_CONTEXT,
    VERIFIED,
    JaPatternRecognizer,
    Pattern,
)

__all__ = ["MyNumberRecognizer"]


class MyNumberRecognizer(JaPatternRecognizer):
    """Twelve digits, in groups of four or not, with a valid check digit."""

    ENTITY = "JP_MY_NUMBER"
    PATTERNS = (
        # A fourth group means a longer number (a card), not a My Number.
        Pattern(
            "grouped",
            r"[0-9](?<![0-9]{2})(?<![0-9][- ][0-9])[0-9]{3}([- ]?)[0-9]{4}\1[0-9]{4}(?![0-9])(?!\1[0-9])",
            VERIFIED,
        ),
    )
    CONTEXT = ("マイナンバー", "個人番号", "マイナ", "my number", "mynumber")
    INVALID_SCORE = NEEDS_CONTEXT

    def validate_result(self, pattern_text: str) -> bool:
        return my_number_is_valid(digits_of(pattern_text))
