from __future__ import annotations

import pytest

from tests.detection.conftest import Find

TYPE = "JP_RESIDENCE_CARD"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("在留カード番号 AB12345678CD", "AB12345678CD"),
        ("ＡＢ１２３４５６７８ＣＤ", "ＡＢ１２３４５６７８ＣＤ"),
        ("特別永住者証明書：XY87654321ZW。", "XY87654321ZW"),
    ],
)
def test_residence_card_number_is_reported(find: Find, text: str, number: str) -> None:
    assert find(text, TYPE) == [number]


@pytest.mark.parametrize("text", ["AB1234567CD", "AB123456789CD", "A12345678CD", "AB12345678C", "ab12345678cd"])
def test_residence_card_like_codes_of_wrong_shape_are_not_reported(find: Find, text: str) -> None:
    assert find(text, TYPE) == []
