"""Which spellings of a value count as the same value."""

from __future__ import annotations

import pytest

from gateway.masking.value_key import value_key


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("０９０－１２３４－５６７８", "090-1234-5678"),
        ("090 1234 5678", "09012345678"),
        ("090ー1234ー5678", "090-1234-5678"),
        ("090−1234−5678", "090‐1234‐5678"),
        ("03(1234)5678", "03-1234-5678"),
        ("１２３４ ５６７８ ９０１８", "123456789018"),
        ("Taro.Yamada@Example.JP", "taro.yamada@example.jp"),
        ("ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ", "taro@example.jp"),
        ("山田 太郎", "山田太郎"),
        ("山田　太郎", "山田太郎"),
        ("ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダタロウ"),
    ],
)
def test_spellings_of_one_value_share_a_key(first: str, second: str) -> None:
    assert value_key(first) == value_key(second)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("090-1234-5678", "090-1234-5679"),
        ("山田太郎", "山田花子"),
        # Hyphens carry meaning outside digit-only values (an address block).
        ("中央1-23", "中央12-3"),
        # Only e-mails are case-folded.
        ("ABC-Corp", "abc-corp"),
        ("090-1234-5678 内線12", "090-1234-5678"),
    ],
)
def test_different_values_keep_different_keys(first: str, second: str) -> None:
    assert value_key(first) != value_key(second)
