"""Long-term care insurance numbers (介護保険被保険者番号).

Format (介護保険法施行規則 第26条 and the 被保険者証 form): 10 digits set by
the municipality (保険者), printed on the 介護保険被保険者証. Ten digits are
common (phone numbers, internal IDs), so a context word is required:
介護保険, 介護, 被保険者番号 before the number, or 介護保険 right after it. Fictitious example: 介護保険被保険者番号 0000123456.
"""

from __future__ import annotations

import re

from gateway.detection.recognizers.pattern_recognizer import NEEDS_CONTEXT, JaPatternRecognizer, Pattern

__all__ = ["CareInsuranceNumberRecognizer"]


class CareInsuranceNumberRecognizer(JaPatternRecognizer):
    """Ten digits after a long-term care label."""

    ENTITY = "JP_CARE_INSURANCE_NUMBER"
    PATTERNS = (Pattern("care", r"[0-9](?<![0-9]{2})[0-9]{9}(?![0-9])", NEEDS_CONTEXT),)
    CONTEXT = ("介護保険", "介護", "要介護", "要支援", "被保険者番号")
    # The label may follow the number: 0000123456の介護保険証.
    FOLLOWED_BY = re.compile(r" ?(?:の|は)? ?(?:介護保険|要介護|要支援)")
