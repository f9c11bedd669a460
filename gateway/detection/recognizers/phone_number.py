"""Japanese telephone numbers (電話番号).

Format (電気通信番号規則, 総務省): a national number is 10 digits starting
with 0 (fixed lines: 0 + area code + local number, e.g. 03-1234-5678,
0466-12-3456) or 11 digits for mobile (070/080/090), IP (050), M2M (020),
060 and 0800 toll-free numbers; 0120 toll-free and 0570 numbers have 10.
Writers separate the groups with hyphens, spaces or brackets: 03(1234)5678,
(03)1234-5678, ０９０ー１２３４ー５６７８ (folded to ASCII before matching),
and international forms drop the leading 0: +81-90-1234-5678, +81(0)3-1234-5678.

The pattern accepts any grouping; ``validate_result`` counts the digits and
checks the prefix. Fictitious examples: 03-1234-5678, 090-1234-5678,
0120-123-456, 050 1234 5678.
"""

from __future__ import annotations

from gateway.detection.recognizers.checksums import digits_of
from gateway.detection.recognizers.pattern_recognizer import LIKELY, JaPatternRecognizer, Pattern

__all__ = ["PhoneNumberRecognizer"]

_SEP = r"(?:[- ]|\)[- ]?|[- ]?\()"
# The area code, "03-" or "(03)", not right after a digit, "+" or "-".
_AREA = rf"(?:\((?<![0-9+\-]\()0[0-9]{{1,4}}\)[- ]?|0(?<![0-9+\-]0)[0-9]{{1,4}}{_SEP})"
_NATIONAL = rf"{_AREA}[0-9]{{1,4}}{_SEP}[0-9]{{3,4}}"
_INTERNATIONAL = r"\+81(?<![0-9]\+81)[- ]?(?:\(0\)[- ]?)?[1-9][0-9]{0,3}[- ]?[0-9]{1,4}[- ]?[0-9]{3,4}"

_ELEVEN_DIGIT_PREFIXES = ("070", "080", "090", "050", "020", "060", "0800")


class PhoneNumberRecognizer(JaPatternRecognizer):
    """Fixed, mobile, IP and toll-free Japanese numbers, national or +81."""

    ENTITY = "JP_PHONE_NUMBER"
    PATTERNS = (
        Pattern("separated", rf"{_NATIONAL}(?![0-9])", LIKELY),
        Pattern("contiguous", r"0(?<![0-9+\-]0)[0-9]{9,10}(?![0-9])", LIKELY),
        Pattern("international", rf"{_INTERNATIONAL}(?![0-9])", LIKELY),
    )
    CONTEXT = ("電話", "TEL", "携帯", "連絡先", "FAX", "ファクス", "ファックス", "ケータイ", "スマホ")

    def validate_result(self, pattern_text: str) -> bool:
        digits = digits_of(pattern_text)
        if pattern_text.startswith("+81"):
            digits = "0" + digits[2:].removeprefix("0")
        if not digits.startswith("0") or digits.startswith("00"):
            return False
        is_eleven = digits.startswith(_ELEVEN_DIGIT_PREFIXES)
        return len(digits) == (11 if is_eleven else 10)
