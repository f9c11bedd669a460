from __future__ import annotations

import pytest

from tests.detection.conftest import Find

TYPE = "JP_BIRTH_DATE"


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("生年月日：昭和45年3月12日", "昭和45年3月12日"),
        ("生年月日 平成元年1月8日", "平成元年1月8日"),
        ("誕生日は令和二年四月一日です", "令和二年四月一日"),
        ("昭和四十五年三月十二日生まれ", "昭和四十五年三月十二日"),
        ("（S45.3.12生）", "S45.3.12"),
        ("H1.1.8生まれの長男", "H1.1.8"),
        ("生年月日：R2/4/1", "R2/4/1"),
        ("生年月日：S45年3月12日", "S45年3月12日"),
        ("1970年3月12日生まれ", "1970年3月12日"),
        ("生年月日：1970/03/12", "1970/03/12"),
        ("生年月日：１９７０－３－１２", "１９７０－３－１２"),
        ("山田太郎（昭和45年3月12日）", "昭和45年3月12日"),
    ],
)
def test_date_in_birth_context_is_a_birth_date(find: Find, text: str, date: str) -> None:
    assert find(text, TYPE) == [date]


@pytest.mark.parametrize(
    "text",
    [
        "令和6年4月1日開催の会議",
        "2024年4月1日から施行",
        "会議はR6.4.1に行う",
        "生年月日：昭和65年1月1日",  # 昭和 ended in its 64th year
        "生年月日：平成32年1月1日",
        "生年月日：1970年13月1日",
        "生年月日：S45.3.32",
        "生年月日：昭和十十年三月一日",  # not a numeral
        "生活保護の開始日 R5.4.1",
    ],
)
def test_date_without_birth_context_or_impossible_date_is_not_reported(find: Find, text: str) -> None:
    assert find(text, TYPE) == []


def test_only_the_labelled_date_of_a_record_is_a_birth_date(find: Find) -> None:
    text = "生年月日：S45.3.12　相談日：R6.4.12"
    assert find(text, TYPE) == ["S45.3.12"]
