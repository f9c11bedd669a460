from __future__ import annotations

import pytest

from tests.detection.conftest import Find

TYPE = "JP_MY_NUMBER"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("123456789018", "123456789018"),
        ("番号は4820 3957 1611です", "4820 3957 1611"),
        ("7391-5028-4673", "7391-5028-4673"),
        ("２６０４８１９３７５３３", "２６０４８１９３７５３３"),
        ("個人番号：１２３４－５６７８－９０１８", "１２３４－５６７８－９０１８"),
    ],
)
def test_mynumber_with_valid_check_digit_is_reported(find: Find, text: str, number: str) -> None:
    assert find(text, TYPE) == [number]


@pytest.mark.parametrize(
    "text",
    [
        "123456789012",
        "番号は4820 3957 1612です",
        "1234567890189",  # 13 digits
        "1234 5678-9018",  # inconsistent separators
        "4820 3957 1611 1234",  # a fourth group: a longer number, not a My Number
    ],
)
def test_mynumber_with_bad_check_digit_is_not_reported(find: Find, text: str) -> None:
    assert find(text, TYPE) == []


@pytest.mark.parametrize("label", ["マイナンバー：", "個人番号 ", "マイナンバーは"])
def test_labelled_mynumber_with_bad_check_digit_is_still_reported(find: Find, label: str) -> None:
    assert find(f"{label}123456789012", TYPE) == ["123456789012"]
