from __future__ import annotations

import pytest

from tests.detection.conftest import Find

TYPE = "JP_AGE"


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("年齢：45歳", "45歳"),
        ("年齢：45", "45"),
        ("山田太郎（45歳）", "45歳"),
        ("田中さん、78歳", "78歳"),
        ("45歳の男性から相談", "45歳"),
        ("8歳の長男", "8歳"),
        ("満６５歳", "６５歳"),
        ("山本さんの長男（8歳）", "8歳"),
    ],
)
def test_age_of_a_person_is_reported(find: Find, text: str, age: str) -> None:
    assert find(text, TYPE) == [age]


@pytest.mark.parametrize(
    "text",
    [
        "65歳以上の方が対象です",
        "20歳未満",
        "平均年齢は45",  # not followed by a colon label
        "創立100周年",
        "年齢：150歳",
        "40歳代の職員",
    ],
)
def test_age_in_public_text_is_not_reported(find: Find, text: str) -> None:
    assert find(text, TYPE) == []
