"""The 機密性 level of a request, with its reasons, before and after masking.

The level is the highest of: the levels of the findings whose rule applies,
the markings, the declared level and the department's floor. The residual
level is what stays once placeholders replace every finding whose rule says
``mask``. Anything the policy does not know is given the highest level.

Example:
    >>> from policies import load_policy
    >>> policy = load_policy("policies/default/policy.yaml")
    >>> facts = RequestFacts({"JP_MY_NUMBER": 1}, {}, "preview", "soumu")
    >>> c = classify(policy, facts, policy.department("soumu"))
    >>> c.level, c.residual_level, c.reasons
    ('3B', '1', ('JP_MY_NUMBER×1 → 3B',))
"""

from __future__ import annotations

from dataclasses import dataclass

from gateway.errors import BadRequest
from policies.facts import RequestFacts
from policies.policy import Policy
from policies.schema import Department

__all__ = ["Classification", "classify"]


@dataclass(frozen=True)
class Classification:
    """A request's level and residual level, why, and what masking may remove."""

    level: str
    residual_level: str
    reasons: tuple[str, ...]
    found: tuple[tuple[str, int], ...]  # (Japanese label, count) of each applied rule and marking
    maskable: frozenset[str]  # applied entity types whose action is mask
    always_masked: frozenset[str]  # ... of which always_mask is set


def classify(policy: Policy, facts: RequestFacts, department: Department) -> Classification:
    """Classify ``facts`` for a caller of ``department`` (raises BadRequest for an unknown declared level)."""
    rank = policy.level_rank
    top = policy.highest_level
    level = residual = 0
    reasons: list[str] = []
    found: list[tuple[str, int]] = []
    maskable: set[str] = set()
    always: set[str] = set()

    def count(level_id: str, reason: str, *, removable: bool = False) -> None:
        nonlocal level, residual
        level = max(level, rank(level_id))
        if not removable:
            residual = max(residual, rank(level_id))
        reasons.append(reason)

    entities = {t: n for t, n in sorted(facts.entity_counts.items()) if n > 0}
    has_personal = any(_is_personal(policy, entity_type) for entity_type in entities)
    for entity_type, n in entities.items():
        rule = policy.entities.get(entity_type)
        if rule is None:
            count(top, f"{entity_type}×{n} → {top} (no rule: fail closed)")
            found.append((f"未登録の種類({entity_type})", n))
        elif rule.requires_personal and not has_personal:
            reasons.append(f"{entity_type}×{n} not applied: no personal information")
        else:
            count(rule.level, f"{entity_type}×{n} → {rule.level}", removable=rule.action == "mask")
            found.append((rule.label, n))
            if rule.action == "mask":
                maskable.add(entity_type)
            if rule.always_mask:
                always.add(entity_type)

    for marker, n in sorted(facts.marker_counts.items()):
        if n == 0:
            continue
        if (marker_rule := policy.markers.get(marker)) is None:
            count(top, f"marker:?×{n} → {top} (unknown marker: fail closed)")
            found.append(("未登録のマーカー", n))
        else:
            count(marker_rule.level, f"marker:{marker}×{n} → {marker_rule.level}")
            found.append((f"マーカー「{marker}」", n))

    if facts.declared_level is not None:
        if not policy.has_level(facts.declared_level):
            valid = "、".join(lv.id for lv in policy.levels)
            raise BadRequest(
                f"申告された機密性レベルが不明です。次のいずれかを指定してください: {valid}", param="declared_level"
            )
        count(facts.declared_level, f"declared → {facts.declared_level}")
    if rank(department.floor) > 0:
        count(department.floor, f"department floor({department.name}) → {department.floor}")

    return Classification(
        level=policy.levels[level].id,
        residual_level=policy.levels[residual].id,
        reasons=tuple(reasons),
        found=tuple(found),
        maskable=frozenset(maskable),
        always_masked=frozenset(always),
    )


def _is_personal(policy: Policy, entity_type: str) -> bool:
    """Does a finding of ``entity_type`` make a request personal (for ``requires_personal`` rules)?"""
    rule = policy.entities.get(entity_type)
    if rule is None:
        return True  # an unknown type is treated as the worst case
    return not rule.requires_personal and policy.level_rank(rule.level) >= policy.level_rank(policy.personal_level)
