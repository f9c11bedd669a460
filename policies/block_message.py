"""The Japanese message a caller sees when the policy blocks a request.

It says what kinds of information were found and how many (labels and
counts only, never a value), the request's level, what the requested model
may receive, and what the caller can do instead.

Example:
    >>> from policies import RequestFacts, decide, load_policy
    >>> policy = load_policy("policies/default/policy.yaml")
    >>> decide(policy, RequestFacts({}, {"秘": 1}, "preview", "shimin")).message.split("。")[1]
    '検出: マーカー「秘」 1件'
"""

from __future__ import annotations

from policies.classification import Classification
from policies.model_spec import ModelSpec
from policies.policy import Policy
from policies.schema import Department

__all__ = ["block_message"]


def block_message(
    policy: Policy,
    classification: Classification,
    department: Department,
    declared_level: str | None,
    requested: ModelSpec,
    alternatives: list[str],
) -> str:
    """Build the 403 message; ``alternatives`` are labels of on-premises models the caller may pick."""
    level = classification.level
    parts = [f"この依頼は送信できません（機密性 {level}: {policy.level_label(level)}）。"]
    if classification.found:
        parts.append("検出: " + "、".join(f"{label} {n}件" for label, n in classification.found) + "。")
    if policy.level_rank(department.floor) > 0:
        parts.append(f"所属（{department.name}）の既定レベル: {department.floor}。")
    if declared_level is not None:
        parts.append(f"申告されたレベル: {declared_level}。")
    parts.append(
        f"モデル「{requested.label}」が受け取れるのは機密性 {requested.max_level_unmasked} まで"
        f"（マスキング後は {requested.max_level_masked} まで）です。"
    )
    choices = ["個人情報や秘密情報を削除して送信し直す"]
    if alternatives:
        choices.append("庁内モデル" + "".join(f"「{label}」" for label in alternatives) + "を使う")
    parts.append("対処: " + "、".join(choices) + "か、情報セキュリティ担当に相談してください。")
    return "".join(parts)
