from __future__ import annotations

import pytest

from tests.detection.conftest import Find

TYPE = "JP_DRIVER_LICENSE"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("運転免許証番号 第123456789012号", "123456789012"),
        ("免許証：３０１２ ３４５６ ７８９０", "３０１２ ３４５６ ７８９０"),
    ],
)
def test_twelve_digits_after_license_label_are_reported(find: Find, text: str, number: str) -> None:
    assert find(text, TYPE) == [number]


@pytest.mark.parametrize(
    "text", ["受付番号 301234567890", "運転免許証番号 12345678901", "運転免許証番号 1234567890123"]
)
def test_twelve_digits_without_label_or_wrong_length_are_not_reported(find: Find, text: str) -> None:
    assert find(text, TYPE) == []
