from __future__ import annotations

import pytest

from tests.detection.conftest import Find

TYPE = "JP_BANK_ACCOUNT"


@pytest.mark.parametrize(
    ("text", "account"),
    [
        ("みずほ銀行 新宿支店 普通 1234567", "1234567"),
        ("架空銀行本店 当座預金 0123456", "0123456"),
        ("店番123 普通口座7654321", "7654321"),
        ("口座番号：１２３４５６７", "１２３４５６７"),
        ("ゆうちょ銀行 記号 10120 番号 98765431", "10120 番号 98765431"),
        ("記号10120、番号98765431", "10120、番号98765431"),
        ("ゆうちょ 10120-98765431", "10120-98765431"),
    ],
)
def test_account_next_to_its_label_is_reported(find: Find, text: str, account: str) -> None:
    assert find(text, TYPE) == [account]


@pytest.mark.parametrize(
    "text",
    [
        "受付番号1234567",
        "普通 123456",  # six digits
        "普通 12345678",  # eight digits
        "10120-98765431",  # ゆうちょ form without a label
        "人口1234567人",
    ],
)
def test_number_without_account_label_is_not_reported(find: Find, text: str) -> None:
    assert find(text, TYPE) == []
