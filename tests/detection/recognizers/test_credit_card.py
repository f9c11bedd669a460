from __future__ import annotations

import pytest

from tests.detection.conftest import Find

TYPE = "CREDIT_CARD"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("カード番号4111 1111 1111 1111", "4111 1111 1111 1111"),
        ("5555-5555-5555-4444", "5555-5555-5555-4444"),
        ("3782 822463 10005", "3782 822463 10005"),
        ("3530111333300000", "3530111333300000"),
        ("４１１１－１１１１－１１１１－１１１１", "４１１１－１１１１－１１１１－１１１１"),
    ],
)
def test_luhn_valid_card_is_reported(find: Find, text: str, number: str) -> None:
    assert find(text, TYPE) == [number]


@pytest.mark.parametrize(
    "text",
    [
        "4111 1111 1111 1112",  # Luhn fails
        "5555-5555-5555-4445",
        "1111 1111 1111 1117",  # no card brand starts with 1
        "4444 4444 4444 4444 4",  # 17 equal digits
        "4111 1111 1111",  # 12 digits
    ],
)
def test_luhn_invalid_or_unbranded_number_is_not_reported(find: Find, text: str) -> None:
    assert find(text, TYPE) == []
