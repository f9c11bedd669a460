from __future__ import annotations

import pytest

from tests.detection.conftest import Find

TYPE = "PERSON"


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        ("フリガナ：ヤマダ タロウ", "ヤマダ タロウ"),
        ("ふりがな：なかむら みさき", "なかむら みさき"),
        ("氏名（カナ）：ナカジマユミコ", "ナカジマユミコ"),
        ("よみがな やまだ たろう", "やまだ たろう"),
    ],
)
def test_labelled_reading_is_reported(find: Find, text: str, reading: str) -> None:
    assert find(text, TYPE) == [reading]


def test_reading_in_brackets_after_a_name_is_reported(find: Find) -> None:
    assert find("山田太郎（やまだ たろう）", TYPE) == ["山田太郎", "やまだ たろう"]


@pytest.mark.parametrize(
    "text",
    [
        "なかなか採用に至らない",  # かな inside a word is not a label
        "（おしらせ）",  # brackets without a name before them
        "カナ入力",
    ],
)
def test_kana_without_reading_label_is_not_reported(find: Find, text: str) -> None:
    assert find(text, TYPE) == []
