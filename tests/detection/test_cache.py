"""The content-keyed detection cache: hits, bounds, failures, no content kept or logged."""

from __future__ import annotations

import gc
import logging

import pytest

from gateway.detection import CachingDetector
from gateway.detection.analyzer import JapaneseDetector
from gateway.errors import DetectorUnavailable
from gateway.findings import Finding
from tests.detection.conftest import in_threads
from tests.support.counting_detector import CountingDetector

CASE = "相談者は山田太郎さん（携帯090-1234-5678）です。"


class FailingOnce:
    def __init__(self) -> None:
        self.failed = False

    def detect(self, text: str) -> list[Finding]:
        if not self.failed:
            self.failed = True
            raise DetectorUnavailable("検出に失敗しました。")
        return [Finding("PERSON", 0, 2, 0.85)]


def test_a_repeated_text_is_analyzed_once_and_answers_the_same(detector: JapaneseDetector) -> None:
    counting = CountingDetector(detector)
    cached = CachingDetector(counting)
    first = cached.detect(CASE)
    second = cached.detect(CASE)
    assert first == second == detector.detect(CASE)
    assert [f.entity_type for f in first] == ["PERSON", "JP_PHONE_NUMBER"]
    assert counting.texts == [CASE]
    assert cached.stats() == (1, 1, 1)


def test_a_changed_text_is_analyzed_again(detector: JapaneseDetector) -> None:
    counting = CountingDetector(detector)
    cached = CachingDetector(counting)
    cached.detect(CASE)
    changed = CASE.replace("山田太郎", "鈴木花子")
    assert next(changed[f.start : f.end] for f in cached.detect(changed)) == "鈴木花子"
    assert len(counting.texts) == 2


def test_a_conversation_turn_analyzes_only_its_new_messages(detector: JapaneseDetector) -> None:
    counting = CountingDetector(detector)
    cached = CachingDetector(counting)
    messages = [f"{n}回目の相談です。相談者は山田太郎さん、電話は03-1234-{n:04d}。" for n in range(1, 21)]
    for turn in range(1, 21):
        before = len(counting.texts)
        for message in messages[:turn]:
            cached.detect(message)
        assert len(counting.texts) - before == 1  # only the newest message of each turn


def test_the_cache_is_bounded_and_forgets_the_least_recently_used(detector: JapaneseDetector) -> None:
    counting = CountingDetector(detector)
    cached = CachingDetector(counting, max_entries=3)
    texts = [f"{name}さんの住所は東京都千代田区霞が関1-2-{n}です" for n, name in enumerate(["山田", "鈴木", "佐藤", "田中"])]
    for text in texts[:3]:
        cached.detect(text)
    cached.detect(texts[0])  # now the most recently used
    cached.detect(texts[3])  # evicts texts[1]
    assert cached.stats().entries == 3
    calls = len(counting.texts)
    cached.detect(texts[0])
    assert len(counting.texts) == calls
    cached.detect(texts[1])
    assert len(counting.texts) == calls + 1


def test_short_texts_bypass_the_cache(detector: JapaneseDetector) -> None:
    counting = CountingDetector(detector)
    cached = CachingDetector(counting, min_chars=16)
    cached.detect("山田さん")
    cached.detect("山田さん")
    assert len(counting.texts) == 2 and cached.stats().entries == 0


def test_a_failure_is_not_cached() -> None:
    cached = CachingDetector(FailingOnce())
    with pytest.raises(DetectorUnavailable):
        cached.detect(CASE)
    assert cached.detect(CASE) == [Finding("PERSON", 0, 2, 0.85)]
    assert cached.stats().entries == 1


def test_the_cache_holds_no_text_and_logs_nothing(detector: JapaneseDetector, caplog: pytest.LogCaptureFixture) -> None:
    secret = "マイナンバー 1234 5678 9018 の山田太郎さん"
    cached = CachingDetector(detector)
    with caplog.at_level(logging.DEBUG):
        cached.detect(secret)
        cached.detect(secret)
    assert not [r for r in caplog.records if "山田" in r.getMessage() or "1234" in r.getMessage()]
    assert not [r for r in caplog.records if r.name.startswith("gateway")]
    keys = list(cached._cache._entries)  # the test looks inside on purpose
    assert all(isinstance(key, bytes) and len(key) == 20 for key in keys)
    assert all(part.encode() not in key for key in keys for part in ("山田", "1234"))
    referrers = [r for r in gc.get_referrers(secret) if isinstance(r, dict) and r is cached._cache._entries]
    assert referrers == []


def test_a_returned_list_is_a_copy(detector: JapaneseDetector) -> None:
    cached = CachingDetector(detector)
    first = cached.detect(CASE)
    first.clear()
    assert len(cached.detect(CASE)) == 2


def test_the_cache_is_safe_to_share_between_threads(detector: JapaneseDetector) -> None:
    cached = CachingDetector(detector, max_entries=2)
    texts = [CASE, CASE.replace("山田", "佐藤"), CASE.replace("山田", "髙橋")]
    expected = [detector.detect(text) for text in texts]
    answers = in_threads(lambda: [cached.detect(text) for text in texts])
    assert all(answer == expected for answer in answers)


def test_max_entries_must_be_positive(detector: JapaneseDetector) -> None:
    with pytest.raises(ValueError, match="max_entries"):
        CachingDetector(detector, max_entries=0)
