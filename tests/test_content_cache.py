"""The content-keyed cache under detection, the marker scan and masking: bounded, LRU, no content kept."""

from __future__ import annotations

import gc
import logging

import pytest

from gateway.content_cache import CacheStats, ContentCache

TEXT = "相談者は山田太郎さん（携帯090-1234-5678）です。"


class Counting:
    """A computation that counts the texts it really ran on."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def __call__(self, text: str) -> tuple[int, ...]:
        self.texts.append(text)
        return (len(text),)


def test_a_text_seen_before_is_not_computed_again() -> None:
    cache: ContentCache[tuple[int, ...]] = ContentCache()
    compute = Counting()
    assert cache.get_or_compute(TEXT, compute) == cache.get_or_compute(TEXT, compute) == (len(TEXT),)
    assert compute.texts == [TEXT]
    assert cache.stats() == CacheStats(hits=1, misses=1, entries=1)


def test_the_cache_is_bounded_and_forgets_the_least_recently_used() -> None:
    cache: ContentCache[tuple[int, ...]] = ContentCache(max_entries=3)
    compute = Counting()
    texts = [f"{n}番目の相談記録です。相談者は山田太郎さん。" for n in range(5)]
    for text in texts[:3]:
        cache.get_or_compute(text, compute)
    cache.get_or_compute(texts[0], compute)  # now the most recently used
    cache.get_or_compute(texts[3], compute)  # evicts texts[1]
    assert cache.stats().entries == 3
    ran = len(compute.texts)
    cache.get_or_compute(texts[0], compute)
    assert len(compute.texts) == ran
    cache.get_or_compute(texts[1], compute)
    assert compute.texts[-1] == texts[1]
    for text in texts * 20:
        cache.get_or_compute(text, compute)
    assert cache.stats().entries == 3


def test_short_texts_are_computed_every_time_and_not_kept() -> None:
    cache: ContentCache[tuple[int, ...]] = ContentCache(min_chars=16)
    compute = Counting()
    cache.get_or_compute("山田さん", compute)
    cache.get_or_compute("山田さん", compute)
    assert len(compute.texts) == 2 and cache.stats() == CacheStats(0, 0, 0)


def test_a_failed_computation_is_not_kept() -> None:
    cache: ContentCache[tuple[int, ...]] = ContentCache()

    def failing(text: str) -> tuple[int, ...]:
        raise RuntimeError("analyzer down")

    with pytest.raises(RuntimeError):
        cache.get_or_compute(TEXT, failing)
    assert cache.get_or_compute(TEXT, Counting()) == (len(TEXT),)
    assert cache.stats().entries == 1


def test_keys_are_keyed_digests_that_hold_no_text(caplog: pytest.LogCaptureFixture) -> None:
    first: ContentCache[tuple[int, ...]] = ContentCache()
    second: ContentCache[tuple[int, ...]] = ContentCache()
    with caplog.at_level(logging.DEBUG):
        first.get_or_compute(TEXT, Counting())
    assert caplog.records == []
    (key,) = list(first._entries)  # the test looks inside on purpose
    assert isinstance(key, bytes) and len(key) == 20
    assert "山田".encode() not in key and b"1234" not in key
    # Another cache (another process) has another key: a digest cannot be looked up elsewhere.
    assert second.digest(TEXT) != key
    assert not [r for r in gc.get_referrers(TEXT) if r is first._entries]


def test_max_entries_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_entries"):
        ContentCache(max_entries=0)
