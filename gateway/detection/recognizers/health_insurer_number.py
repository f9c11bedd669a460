"""Health insurer numbers (保険者番号).

Format (健康保険法施行規則 and the 保険者番号 numbering rules of 厚生労働省):
8 digits, 法別番号 (2) + 都道府県番号 (2) + 保険者別番号 (3) + 検証番号 (1),
or 6 digits for 国民健康保険 (no 法別番号). The 検証番号 is computed like a
Luhn check digit: the other digits are multiplied by 2, 1, 2, ... from the
right, the digits of the products are summed, and the check digit brings the
sum to a multiple of 10.

An insurer number identifies the insurer, not a person, but it is printed
next to the insured person's 記号・番号 and is identified so that the policy
can decide. Six or eight Luhn-valid digits are common, so a context word is
required (保険者番号, 保険証...). Fictitious examples: 06139992, 139998.
"""

from __future__ import annotations

from gateway.detection.recognizers.checksums import luhn_is_valid
from gateway.detection.recognizers.pattern_recognizer import NEEDS_CONTEXT, JaPatternRecognizer, Pattern

__all__ = ["HealthInsurerNumberRecognizer"]


class HealthInsurerNumberRecognizer(JaPatternRecognizer):
    """Six or eight digits with a valid 検証番号, after an insurer label."""

    ENTITY = "JP_HEALTH_INSURANCE_NUMBER"
    PATTERNS = (Pattern("insurer", r"[0-9](?<![0-9]{2})(?:[0-9]{7}|[0-9]{5})(?![0-9])", NEEDS_CONTEXT),)
    CONTEXT = ("保険者番号", "保険者", "保険証", "資格確認書")

    def validate_result(self, pattern_text: str) -> bool:
        return luhn_is_valid(pattern_text)
