from __future__ import annotations

import pytest

from gateway.detection.recognizers.checksums import (
    corporate_number_is_valid,
    digits_of,
    luhn_is_valid,
    my_number_is_valid,
)


@pytest.mark.parametrize(
    ("digits", "valid"),
    [
        ("123456789018", True),
        ("482039571611", True),
        ("000000000000", True),  # remainder 0 gives check digit 0
        ("123456789012", False),
        ("12345678901", False),
        ("1234567890188", False),
        ("12345678901a", False),
        ("１２３４５６７８９０１８", False),  # full-width digits are folded before, never here
    ],
)
def test_my_number_check_digit(digits: str, valid: bool) -> None:
    assert my_number_is_valid(digits) is valid


@pytest.mark.parametrize(
    ("digits", "valid"),
    [
        ("7000012050002", True),
        ("7123456789012", True),
        ("9000011112222", True),
        ("8000012050002", False),
        ("700001205000", False),
        ("", False),
    ],
)
def test_corporate_number_check_digit(digits: str, valid: bool) -> None:
    assert corporate_number_is_valid(digits) is valid


@pytest.mark.parametrize(
    ("digits", "valid"),
    [
        ("4111111111111111", True),
        ("378282246310005", True),
        ("06139992", True),
        ("271007", True),
        ("4111111111111112", False),
        ("06139993", False),
        ("0", False),
        ("41x1", False),
    ],
)
def test_luhn_check_digit(digits: str, valid: bool) -> None:
    assert luhn_is_valid(digits) is valid


@pytest.mark.parametrize(("text", "digits"), [("1234-5678 9012", "123456789012"), ("T70-00", "7000"), ("なし", "")])
def test_digits_of_drops_every_separator(text: str, digits: str) -> None:
    assert digits_of(text) == digits
