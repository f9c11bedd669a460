from __future__ import annotations

import pytest

from tests.detection.conftest import Find

TYPE = "JP_CORPORATE_NUMBER"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("法人番号7000012050002", "7000012050002"),
        ("7123456789012", "7123456789012"),
        ("登録番号T3987654321098", "3987654321098"),
        ("9-0000-1111-2222", "9-0000-1111-2222"),
    ],
)
def test_corporate_number_with_valid_check_digit_is_reported(find: Find, text: str, number: str) -> None:
    assert find(text, TYPE) == [number]


@pytest.mark.parametrize("text", ["法人番号8000012050002", "1123456789012", "70000120500021", "700001205000"])
def test_corporate_number_with_bad_check_digit_or_length_is_not_reported(find: Find, text: str) -> None:
    assert find(text, TYPE) == []
