from __future__ import annotations

import pytest

from tests.detection.conftest import Find

TYPE = "JP_PASSPORT"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("旅券番号 TK1234567", "TK1234567"),
        ("パスポート：ＸＺ７６５４３２１", "ＸＺ７６５４３２１"),
        ("番号はMZ0000001です", "MZ0000001"),
    ],
)
def test_passport_number_with_or_without_label_is_reported(find: Find, text: str, number: str) -> None:
    assert find(text, TYPE) == [number]


@pytest.mark.parametrize("text", ["TK123456", "TK12345678", "tk1234567", "ATK1234567", "TK1234567A"])
def test_passport_like_codes_of_wrong_shape_are_not_reported(find: Find, text: str) -> None:
    assert find(text, TYPE) == []
