from __future__ import annotations

import pytest

from tests.detection.conftest import Find

TYPE = "JP_CARE_INSURANCE_NUMBER"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("介護保険被保険者番号 0000123456", "0000123456"),
        ("介護保険の被保険者番号：１２３４５６７８９０", "１２３４５６７８９０"),
        ("要介護2、番号3312345678", "3312345678"),
        ("高齢福祉課です。1147220705の介護保険証を再発行", "1147220705"),  # the label after the number
        ("番号0677407723の介護保険証", "0677407723"),  # wins over a phone number
    ],
)
def test_ten_digits_after_care_label_are_reported(find: Find, text: str, number: str) -> None:
    assert find(text, TYPE) == [number]


@pytest.mark.parametrize("text", ["受付番号 3312345678", "介護保険被保険者番号 000012345", "介護保険 00001234567"])
def test_ten_digits_without_care_label_or_wrong_length_are_not_reported(find: Find, text: str) -> None:
    assert find(text, TYPE) == []
