from __future__ import annotations

import pytest

from tests.detection.conftest import Find

TYPE = "JP_HEALTH_INSURANCE_NUMBER"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("被保険者証 記号 7201 番号 345", "7201 番号 345"),
        ("記号：ｱｲ12 番号：34", "ｱｲ12 番号：34"),
        ("記号・番号 12-345 （枝番 01）", "12-345 （枝番 01"),
        ("被保険者番号：87654321", "87654321"),
        ("後期高齢者医療の被保険者番号 12345678", "12345678"),
    ],
)
def test_labelled_insured_symbol_and_number_are_reported(find: Find, text: str, value: str) -> None:
    assert find(text, TYPE) == [value]


@pytest.mark.parametrize(
    "text",
    [
        "記号を入力してください",
        "番号 345",
        "被保険者番号：1234567",  # seven digits
        "保険証を提示",
    ],
)
def test_unlabelled_or_incomplete_card_numbers_are_not_reported(find: Find, text: str) -> None:
    assert find(text, TYPE) == []
