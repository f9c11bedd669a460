from __future__ import annotations

import pytest

from tests.detection.conftest import Find

TYPE = "EMAIL_ADDRESS"


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("連絡先はtaro.yamada@example.jpです", "taro.yamada@example.jp"),
        ("メール：hanako+soudan@city.example.lg.jp。", "hanako+soudan@city.example.lg.jp"),
        ("宛先（Taro_Yamada-01@Example.co.jp）", "Taro_Yamada-01@Example.co.jp"),
        ("ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐへ", "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ"),
        ("a@example.jp、b@example.com", "a@example.jp"),
    ],
)
def test_email_glued_to_japanese_yields_exactly_the_address(find: Find, text: str, address: str) -> None:
    assert find(text, TYPE)[0] == address


@pytest.mark.parametrize(
    "text",
    [
        "担当者@総務課",
        "taro.yamada@",
        "@example.jp",
        "taro@example",
        "住所は東京都です",
        "a" * 70 + "@example.jp",  # a local part longer than 64 characters is not an address
    ],
)
def test_text_that_is_not_an_address_is_not_reported(find: Find, text: str) -> None:
    assert find(text, TYPE) == []
