"""Turn N of a conversation: the request-side stages work only on what is new, and answer as if nothing were cached."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import pytest

from gateway.detection import CachingDetector, build_detector
from gateway.detection.analyzer import JapaneseDetector
from gateway.keys import Principal
from gateway.masking import PlaceholderMap
from gateway.masking.mask_plan import MaskPlans
from gateway.masking.placeholder_map import SHARED_PLANS
from gateway.pipeline.exchange import Exchange
from gateway.pipeline.parse import text_slots
from gateway.pipeline.stages import prepare
from gateway.settings import DEFAULT_POLICY
from policies import Policy, load_policy
from tests.support.counting_detector import CountingDetector

TURNS = 20


@dataclass
class Engines:
    policy: Policy
    detector: Any


@pytest.fixture(scope="module")
def real_detector() -> JapaneseDetector:
    return build_detector()


def _conversation() -> list[tuple[str, str]]:
    """(staff message, answer) per turn; a nonce keeps other tests' cache entries out of the counts."""
    nonce = uuid.uuid4().hex[:8]
    staff = "【{nonce}-{n}】相談者の山田太郎さん（携帯090-1234-{phone}）から、東京都千代田区霞が関1-2-{n}の住所変更について{n}回目の問合せがありました。"
    answer = "【{nonce}-{n}】承知しました。山田太郎様には、転居届の提出先として市民課の窓口をご案内します。連絡先は03-5253-{office}です。"
    return [
        (staff.format(nonce=nonce, n=n, phone=5600 + n), answer.format(nonce=nonce, n=n, office=1000 + n))
        for n in range(1, TURNS + 1)
    ]


def _exchange(messages: list[dict[str, Any]], placeholders: PlaceholderMap | None = None) -> Exchange:
    exchange = Exchange(
        request_id="test",
        principal=Principal(key_id="-", user="test", department="soumu", roles=frozenset()),
        model="preview",
        messages=messages,
        params={},
        slots=text_slots(messages),
    )
    if placeholders is not None:
        exchange.placeholders = placeholders
    return exchange


def test_turn_n_runs_the_detector_the_marker_scan_and_the_mask_planning_only_on_new_messages(
    real_detector: JapaneseDetector,
) -> None:
    counting = CountingDetector(real_detector)
    engines = Engines(load_policy(DEFAULT_POLICY), CachingDetector(counting))
    scanner = engines.policy._scanner  # the test looks inside on purpose
    history: list[dict[str, Any]] = []
    for turn, (staff, answer) in enumerate(_conversation(), start=1):
        history.append({"role": "user", "content": staff})
        new = [m["content"] for m in history[-2:]] if turn > 1 else [staff]
        analyzed, scanned, planned = len(counting.texts), scanner.cache_stats().misses, SHARED_PLANS.stats().misses
        exchange = _exchange(list(history))
        prepare(exchange, engines)
        assert exchange.decision is not None and exchange.decision.action == "mask"
        assert counting.texts[analyzed:] == new
        assert scanner.cache_stats().misses - scanned == len(new)
        assert SHARED_PLANS.stats().misses - planned == len(new)
        history.append({"role": "assistant", "content": answer})


def test_every_turn_masks_exactly_as_without_any_cache(real_detector: JapaneseDetector) -> None:
    cached = Engines(load_policy(DEFAULT_POLICY), CachingDetector(real_detector))
    history: list[dict[str, Any]] = []
    for staff, answer in _conversation():
        history.append({"role": "user", "content": staff})
        with_caches = _exchange(list(history))
        prepare(with_caches, cached)
        # A fresh policy (its marker cache empty), the bare detector and fresh masking plans.
        without = _exchange(list(history), PlaceholderMap(MaskPlans()))
        prepare(without, Engines(load_policy(DEFAULT_POLICY), real_detector))
        assert with_caches.findings == without.findings
        assert with_caches.marker_counts == without.marker_counts
        assert with_caches.outbound_messages == without.outbound_messages
        history.append({"role": "assistant", "content": answer})
    sent = "".join(m["content"] for m in with_caches.outbound_messages or [])
    assert "山田太郎" not in sent and "090-1234" not in sent
    # One person, one placeholder, from the first message to the last.
    assert sent.count("<PERSON_1>") == 2 * TURNS - 1 and "<PERSON_2>" not in sent
