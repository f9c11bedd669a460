"""要配慮 words next to a person raise a request to 3B; alone, or far from one, they do not.

Runs the default policy through the dry run (every request-side stage), so the
level and the reasons are what a caller would get.
"""

from __future__ import annotations

import pytest

from gateway.detection.analyzer import JapaneseDetector
from gateway.dryrun import DryRun
from gateway.settings import DEFAULT_POLICY
from policies import Policy, load_policy


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy(DEFAULT_POLICY)


def _decide(policy: Policy, detector: JapaneseDetector, *texts: str):  # -> Decision
    department = next(iter(policy.departments))
    model = policy.models_for(department)[0].id
    messages = [{"role": "user", "content": text} for text in texts]
    decision = DryRun(policy, detector).evaluate(messages, model=model, department=department).decision
    assert decision is not None
    return decision


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("相談者の山田太郎さんは生活保護を受給中です。", "JP_SENSITIVE_WELFARE"),
        ("鈴木花子さん（45歳）は統合失調症で通院中。", "JP_SENSITIVE_HEALTH"),
        ("申請者 佐藤一郎、身体障害者手帳2級を所持。", "JP_SENSITIVE_DISABILITY"),
    ],
)
def test_a_category_word_next_to_a_person_makes_the_request_3b(
    policy: Policy, detector: JapaneseDetector, text: str, category: str
) -> None:
    decision = _decide(policy, detector, text)
    assert decision.level == "3B"
    assert any(reason.startswith(f"{category}×") and reason.endswith("→ 3B") for reason in decision.reasons)
    # The reasons name the category, never the words or the person.
    joined = " ".join(decision.reasons)
    for word in ("生活保護", "統合失調症", "身体障害者手帳", "山田", "鈴木", "佐藤"):
        assert word not in joined


def test_a_public_notice_with_an_office_phone_stays_below_3b(policy: Policy, detector: JapaneseDetector) -> None:
    # The office phone is more than 100 characters from the category words.
    notice = (
        "生活保護の申請は福祉事務所で受け付けます。統合失調症の理解を深める講演会も開催します。"
        + "この文は公開資料の一部です。" * 6
        + "問い合わせ：福祉課 電話 045-123-4567"
    )
    decision = _decide(policy, detector, notice)
    assert decision.level != "3B"
    assert not any("SENSITIVE" in reason for reason in decision.reasons)
