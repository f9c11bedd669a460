from __future__ import annotations

import pytest

from tests.detection.conftest import Find

TYPE = "JP_PENSION_NUMBER"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("基礎年金番号 1234-567890", "1234-567890"),
        ("年金手帳の番号：１２３４５６７８９０", "１２３４５６７８９０"),
        ("基礎年金番号は4321 098765です", "4321 098765"),
    ],
)
def test_pension_number_after_label_is_reported(find: Find, text: str, number: str) -> None:
    assert find(text, TYPE) == [number]


@pytest.mark.parametrize("text", ["整理番号 1234-567890", "基礎年金番号 123-4567890", "基礎年金番号 1234-5678901"])
def test_pension_like_number_without_label_or_wrong_grouping_is_not_reported(find: Find, text: str) -> None:
    assert find(text, TYPE) == []
