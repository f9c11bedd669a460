"""Check-digit arithmetic shared by the recognizers.

Each function takes the digits only (no separators) and says whether the
check digit is right. Anything that is not a string of ASCII digits of the
right length is invalid.

Example:
    >>> my_number_is_valid("123456789018"), my_number_is_valid("123456789012")
    (True, False)
"""

from __future__ import annotations

__all__ = ["corporate_number_is_valid", "digits_of", "luhn_is_valid", "my_number_is_valid"]


def digits_of(text: str) -> str:
    """The ASCII digits of ``text``, in order (separators dropped).

    Example:
        >>> digits_of("1234-5678 9012")
        '123456789012'
    """
    return "".join(char for char in text if "0" <= char <= "9")


def my_number_is_valid(digits: str) -> bool:
    """Check the 12th digit of an individual number (マイナンバー).

    行政手続における特定の個人を識別するための番号の利用等に関する法律施行令 第8条:
    with P(n) the n-th of the first 11 digits counted from the right and
    Q(n) = n + 1 for n <= 6, n - 5 for n >= 7, the check digit is 0 when
    sum(P(n) * Q(n)) mod 11 <= 1, else 11 minus that remainder.

    Example:
        >>> my_number_is_valid("123456789018")
        True
    """
    if not _is_digits(digits, 12):
        return False
    body = [int(char) for char in reversed(digits[:11])]
    total = sum(p * (n + 1 if n <= 6 else n - 5) for n, p in enumerate(body, start=1))
    remainder = total % 11
    expected = 0 if remainder <= 1 else 11 - remainder
    return int(digits[11]) == expected


def corporate_number_is_valid(digits: str) -> bool:
    """Check the first digit of a corporate number (法人番号, 13 digits).

    法人番号の指定等に関する省令 第2条: with P(n) the n-th of the last 12
    digits counted from the right and Q(n) = 1 for odd n, 2 for even n, the
    check digit is 9 minus (sum(P(n) * Q(n)) mod 9).

    Example:
        >>> corporate_number_is_valid("7000012050002")
        True
    """
    if not _is_digits(digits, 13):
        return False
    body = [int(char) for char in reversed(digits[1:])]
    total = sum(p * (1 if n % 2 else 2) for n, p in enumerate(body, start=1))
    return int(digits[0]) == 9 - total % 9


def luhn_is_valid(digits: str) -> bool:
    """The Luhn (mod 10) check used by payment cards and by 保険者番号 検証番号.

    Example:
        >>> luhn_is_valid("4111111111111111")
        True
    """
    if not _is_digits(digits, len(digits)) or len(digits) < 2:
        return False
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _is_digits(text: str, length: int) -> bool:
    return len(text) == length and text.isascii() and text.isdigit()
