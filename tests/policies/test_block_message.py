"""The 403 message of a blocked request: kinds and counts, the level, and what to do instead."""

from __future__ import annotations

from collections import Counter

import pytest

from policies import Policy, RequestFacts, decide, load_policy
from tests.policies.samples import SMALL_POLICY, WritePolicy

# Fictitious values; the facts carry only their types and counts.
TEXT = "【極秘】山田太郎さん（マイナンバー 123456789018）と山田花子さんはDV被害の相談中"
VALUES = ("山田太郎", "山田花子", "123456789018")
ENTITIES = {"PERSON": 2, "JP_MY_NUMBER": 1, "JP_SENSITIVE_DV": 1}


def _blocked(policy: Policy, department: str) -> str:
    markers = Counter(hit.marker for hit in policy.scan_markers(TEXT))
    decision = decide(policy, RequestFacts(ENTITIES, markers, "cloud", department))
    assert decision.action == "block"
    assert decision.message is not None
    assert not any(value in " ".join(decision.reasons) for value in VALUES)
    return decision.message


@pytest.mark.parametrize(
    "part",
    [
        "機密性 3A: 秘密文書相当",
        "マーカー「極秘」 1件",
        "氏名 2件",
        "マイナンバー 1件",
        "要配慮個人情報(DV) 1件",
        "モデル「クラウド」",
        "機密性 2 まで（マスキング後は 3B まで）",
        "個人情報や秘密情報を削除して送信し直す",
        "情報セキュリティ担当に相談",
    ],
)
def test_block_message_says_what_was_found_and_what_to_do(small_policy: Policy, part: str) -> None:
    assert part in _blocked(small_policy, "shimin")


def test_block_message_never_holds_a_value(small_policy: Policy) -> None:
    message = _blocked(small_policy, "shimin")
    assert not any(value in message for value in VALUES)


def test_block_message_offers_on_premises_models_the_department_may_use(write_policy: WritePolicy) -> None:
    policy = load_policy(write_policy(SMALL_POLICY.replace("reroute_to: [cloud-strict, onprem]", "reroute_to: []")))
    assert "庁内モデル「庁内モデル」を使う" in _blocked(policy, "soumu")
    assert "庁内モデル「" not in _blocked(policy, "shimin")


def test_block_message_names_the_department_floor_and_declared_level(write_policy: WritePolicy) -> None:
    policy = load_policy(write_policy(SMALL_POLICY.replace("reroute_to: [cloud-strict, onprem]", "reroute_to: []")))
    decision = decide(policy, RequestFacts({}, {}, "cloud", "fukushi", declared_level="2"))
    assert decision.message is not None
    assert "所属（福祉課）の既定レベル: 3C" in decision.message
    assert "申告されたレベル: 2" in decision.message
    assert "検出:" not in decision.message
