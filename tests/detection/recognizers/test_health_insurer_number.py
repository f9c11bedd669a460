from __future__ import annotations

import pytest

from tests.detection.conftest import Find

TYPE = "JP_HEALTH_INSURANCE_NUMBER"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("保険者番号 06139992", "06139992"),
        ("保険者番号：39130018", "39130018"),
        ("保険証の保険者番号は２７１３９９９７", "２７１３９９９７"),
        ("国民健康保険 保険者番号271007", "271007"),
    ],
)
def test_insurer_number_with_valid_check_digit_after_label_is_reported(find: Find, text: str, number: str) -> None:
    assert find(text, TYPE) == [number]


@pytest.mark.parametrize(
    "text",
    [
        "保険者番号 06139993",  # 検証番号 does not match
        "保険者番号 271008",
        "06139992",  # no label
        "保険者番号 0613999",  # seven digits
    ],
)
def test_insurer_number_with_bad_check_digit_or_no_label_is_not_reported(find: Find, text: str) -> None:
    assert find(text, TYPE) == []
