"""Policy.scan_markers: confidentiality markings, and only as markings."""

from __future__ import annotations

import pytest

from policies import MarkerHit, Policy
from policies.markers import MarkerScanner


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("【秘】人事異動案", [("秘", "3A", "【秘】")]),
        ("（秘）庁舎警備計画", [("秘", "3A", "（秘）")]),
        ("〔 秘 〕", [("秘", "3A", "〔 秘 〕")]),
        ("(秘)", [("秘", "3A", "(秘)")]),
        ("㊙ 資料", [("秘", "3A", "㊙")]),
        ("マル秘資料", [("秘", "3A", "マル秘")]),
        ("秘文書につき取扱いに注意", [("秘", "3A", "秘")]),
        ("件名\n秘\n本文", [("秘", "3A", "秘")]),
        ("極秘：用地交渉", [("極秘", "3A", "極秘")]),
        ("極秘文書", [("極秘", "3A", "極秘")]),
        ("秘密文書の管理", [("秘密文書", "3A", "秘密文書")]),
        ("【庁内限り】組織改正案", [("庁内限り", "2", "庁内限り")]),
        ("庁内限定の資料", [("庁内限り", "2", "庁内限定")]),
        ("【部外秘】", [("部外秘", "2", "部外秘")]),
        ("取り扱い注意", [("取扱注意", "2", "取り扱い注意")]),
        ("取扱注意 予算資料", [("取扱注意", "2", "取扱注意")]),
        ("未定稿です", [("未定稿", "2", "未定稿")]),
        ("検討中の計画と【秘】", [("検討中", "2", "検討中"), ("秘", "3A", "【秘】")]),
        ("秘書課への連絡", []),
        ("神秘的な夜景", []),
        ("便秘の相談窓口", []),
        ("秘密保持契約の一般的な条項", []),
        ("行の途中の 秘 は表示ではない", []),
        ("", []),
    ],
)
def test_markings_are_found_only_as_markings(
    default_policy: Policy, text: str, expected: list[tuple[str, str, str]]
) -> None:
    hits = default_policy.scan_markers(text)
    assert [(h.marker, h.level, text[h.start : h.end]) for h in hits] == expected


def test_overlapping_markings_count_once(default_policy: Policy) -> None:
    assert default_policy.scan_markers("【極秘】") == [MarkerHit("極秘", "3A", 1, 3)]


def _scanner(cache_entries: int = 100) -> MarkerScanner:
    return MarkerScanner({"極秘": ("3A", "極秘"), "庁内限り": ("2", "庁内限り")}, cache_entries=cache_entries)


def test_a_text_scanned_before_is_answered_from_the_cache() -> None:
    scanner = _scanner()
    text = "【庁内限り】来年度の組織改正案について（検討用）"
    first = scanner.scan(text)
    assert scanner.scan(text) == first == [MarkerHit("庁内限り", "2", 1, 5)]
    assert scanner.cache_stats() == (1, 1, 1)


def test_each_turn_of_a_conversation_scans_only_its_new_message() -> None:
    scanner = _scanner()
    messages = [f"{n}回目の打合せメモです。次回までに資料を準備します。" for n in range(1, 21)]
    for turn in range(1, 21):
        before = scanner.cache_stats().misses
        for message in messages[:turn]:
            scanner.scan(message)
        assert scanner.cache_stats().misses - before == 1


def test_the_marker_cache_is_bounded_and_answers_stay_right_after_eviction() -> None:
    scanner = _scanner(cache_entries=3)
    texts = [f"第{n}版：極秘の用地交渉メモ（取扱い厳重）" for n in range(10)]
    for text in texts * 3:
        assert [hit.marker for hit in scanner.scan(text)] == ["極秘"]
    assert scanner.cache_stats().entries == 3


def test_a_returned_list_is_a_copy() -> None:
    scanner = _scanner()
    text = "極秘：来年度予算の内示前資料について"
    scanner.scan(text).clear()
    assert len(scanner.scan(text)) == 1
