"""Patterns start with a character, and their lookbehind follows it (see ``pattern_recognizer``)."""

from __future__ import annotations

import re

import pytest

from gateway.detection.recognizers import RECOGNIZERS, JaPatternRecognizer
from gateway.detection.recognizers.age import AgeRecognizer
from gateway.detection.recognizers.bank_account import BankAccountRecognizer
from gateway.detection.recognizers.birth_date import BirthDateRecognizer
from gateway.detection.recognizers.care_insurance_number import CareInsuranceNumberRecognizer
from gateway.detection.recognizers.corporate_number import CorporateNumberRecognizer
from gateway.detection.recognizers.credit_card import CreditCardRecognizer
from gateway.detection.recognizers.driver_license import DriverLicenseRecognizer
from gateway.detection.recognizers.health_insurer_number import HealthInsurerNumberRecognizer
from gateway.detection.recognizers.my_number import MyNumberRecognizer
from gateway.detection.recognizers.name_reading import NameReadingRecognizer
from gateway.detection.recognizers.passport import PassportRecognizer
from gateway.detection.recognizers.pension_number import PensionNumberRecognizer
from gateway.detection.recognizers.phone_number import PhoneNumberRecognizer
from gateway.detection.recognizers.residence_card import ResidenceCardRecognizer

_LEADING_LOOKBEHIND = re.compile(r"(?:\(\?:)*\(\?<[!=]")


@pytest.mark.parametrize("regex", [pattern.regex for recognizer in RECOGNIZERS for pattern in recognizer.PATTERNS])
def test_no_pattern_starts_with_a_lookbehind(regex: str) -> None:
    assert _LEADING_LOOKBEHIND.match(regex) is None


def _starts(recognizer: type[JaPatternRecognizer], text: str) -> set[int]:
    return {match.start() for pattern in recognizer.PATTERNS for match in re.finditer(pattern.regex, text)}


@pytest.mark.parametrize(
    ("recognizer", "value", "blockers"),
    [
        (AgeRecognizer, "45歳", ["1", "."]),
        (BankAccountRecognizer, "1234567", ["9"]),
        (BankAccountRecognizer, "12345-1234567", ["9"]),
        (BirthDateRecognizer, "S50.1.2", ["a", "9"]),
        (BirthDateRecognizer, "1980/01/02", ["9"]),
        (CareInsuranceNumberRecognizer, "0000123456", ["9"]),
        (CorporateNumberRecognizer, "7000012050002", ["9"]),
        (CorporateNumberRecognizer, "7-0000-1205-0002", ["9"]),
        (CreditCardRecognizer, "4111111111111111", ["9"]),
        (DriverLicenseRecognizer, "1234 5678 9018", ["9", "9 ", "9-"]),
        (HealthInsurerNumberRecognizer, "12345678", ["9"]),
        (HealthInsurerNumberRecognizer, "123456", ["9"]),
        (MyNumberRecognizer, "1234-5678-9018", ["9", "9 ", "9-"]),
        (NameReadingRecognizer, "フリガナ:ヤマダ", ["ア", "あ"]),
        (PassportRecognizer, "TK1234567", ["A", "a", "9"]),
        (PensionNumberRecognizer, "1234-567890", ["9", "9-"]),
        (PhoneNumberRecognizer, "03-1234-5678", ["9", "+", "-"]),
        (PhoneNumberRecognizer, "(03)1234-5678", ["9", "+", "-"]),
        (PhoneNumberRecognizer, "09012345678", ["9", "+", "-"]),
        (PhoneNumberRecognizer, "+81-90-1234-5678", ["9"]),
        (ResidenceCardRecognizer, "AB12345678CD", ["A", "a", "9"]),
    ],
)
def test_a_value_matches_at_the_text_start_but_not_right_after_a_blocker(
    recognizer: type[JaPatternRecognizer], value: str, blockers: list[str]
) -> None:
    assert 0 in _starts(recognizer, value)
    assert 1 in _starts(recognizer, " " + value)
    for blocker in blockers:
        assert len(blocker) not in _starts(recognizer, blocker + value)
