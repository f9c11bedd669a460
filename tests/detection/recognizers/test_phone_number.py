from __future__ import annotations

import pytest

from tests.detection.conftest import Find

TYPE = "JP_PHONE_NUMBER"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("代表03-1234-5678です", "03-1234-5678"),
        ("0466-12-3456", "0466-12-3456"),
        ("TEL 03(1234)5678", "03(1234)5678"),
        ("(03)1234-5678まで", "(03)1234-5678"),
        ("携帯は090-1234-5678です", "090-1234-5678"),
        ("携帯09012345678", "09012345678"),
        ("070 1234 5678", "070 1234 5678"),
        ("IP電話050-1234-5678", "050-1234-5678"),
        ("フリーダイヤル0120-123-456", "0120-123-456"),
        ("0800-123-4567へ", "0800-123-4567"),
        ("電話０３－１２３４－５６７８", "０３－１２３４－５６７８"),
        ("０９０ー１２３４ー５６７８に連絡", "０９０ー１２３４ー５６７８"),
        ("+81-90-1234-5678", "+81-90-1234-5678"),
        ("+81 3 1234 5678", "+81 3 1234 5678"),
        ("+81(0)3-1234-5678", "+81(0)3-1234-5678"),
        ("FAX：0312345678", "0312345678"),
    ],
)
def test_phone_number_forms_are_reported_exactly(find: Find, text: str, number: str) -> None:
    assert find(text, TYPE) == [number]


@pytest.mark.parametrize(
    "text",
    [
        "070-123-4567",  # a mobile prefix needs 11 digits
        "0120-123-4567",  # toll-free 0120 has 10 digits
        "03-1234-56789",
        "001-1234-5678",  # 00 is the international prefix
        "2024-04-01",
        "予算3,000万円",
        "123-4567",
        "郵便番号100-8926",
        "12030-1234-5678",
    ],
)
def test_non_phone_numbers_are_not_reported(find: Find, text: str) -> None:
    assert find(text, TYPE) == []
