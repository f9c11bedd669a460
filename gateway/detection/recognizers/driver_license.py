"""Driver's licence numbers (運転免許証番号).

Format (道路交通法施行規則 and 警察庁's numbering): 12 digits, printed as
``第 123456789012 号``: the issuing 公安委員会 (2), the year of first issue
(2), a serial number (6), a check digit (1) and the reissue count (1). The
check digit's method is not published, so a context word is required instead:
運転免許, 免許証. Fictitious example: 運転免許証番号 第123456789012号.
"""

from __future__ import annotations

from gateway.detection.recognizers.pattern_recognizer import (
    NEEDS_CONTEXT,
    VERIFIED,
    JaPatternRecognizer,
    Pattern,
)

__all__ = ["DriverLicenseRecognizer"]


class DriverLicenseRecognizer(JaPatternRecognizer):
    """Twelve digits after a driver's licence label."""

    ENTITY = "JP_DRIVER_LICENSE"
    PATTERNS = (
        Pattern(
            "license",
            r"[0-9](?<![0-9]{2})(?<![0-9][- ][0-9])[0-9]{3}([- ]?)[0-9]{4}\1[0-9]{4}(?![0-9])(?!\1[0-9])",
            NEEDS_CONTEXT,
        ),
        # Right after its own label the number is a licence even when its 12th digit
        # happens to pass the My Number check (one number in eleven does).
        Pattern(
            "labelled",
            r"(?:運転免許証?|免許証)(?:番号)? ?:? ?(?:第 ?)?"
            r"(?P<value>[0-9]{4}([- ]?)[0-9]{4}\2[0-9]{4})(?![0-9])",
            VERIFIED,
        ),
    )
    CONTEXT = ("運転免許", "免許証", "免許番号", "driver")
