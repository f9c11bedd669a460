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


def test_a_licence_number_that_passes_the_my_number_check_is_still_a_licence(find: Find) -> None:
    # 004058737122 has a valid My Number check digit; its label says what it is.
    assert find("運転免許証番号 004058737122 の確認済み", TYPE) == ["004058737122"]
    assert find("運転免許証番号 004058737122 の確認済み", "JP_MY_NUMBER") == []
    assert find("個人番号 004058737122", "JP_MY_NUMBER") == ["004058737122"]


@pytest.mark.parametrize(
    "text", ["受付番号 301234567890", "運転免許証番号 12345678901", "運転免許証番号 1234567890123"]
)
def test_twelve_digits_without_label_or_wrong_length_are_not_reported(find: Find, text: str) -> None:
    assert find(text, TYPE) == []
