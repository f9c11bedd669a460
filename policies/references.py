"""Checks that every name a policy uses is declared, and that its levels are coherent.

They run once the file has parsed field by field, and report every problem
with the path of the offending field, so the loader can point at its line.

Example:
    >>> str(Problem(("departments", "fukushi", "floor"), "未定義の機密性レベルです: 3D"))
    'departments.fukushi.floor: 未定義の機密性レベルです: 3D'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from policies.policy import Policy

__all__ = ["PolicyReferenceError", "Problem", "reference_problems"]

Loc = tuple[str | int, ...]


class Problem(NamedTuple):
    loc: Loc
    message: str

    def __str__(self) -> str:
        return f"{'.'.join(str(part) for part in self.loc)}: {self.message}"


class PolicyReferenceError(ValueError):
    """Raised from Policy validation; carries every problem so the loader can place each one."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def reference_problems(policy: Policy) -> list[Problem]:
    """Return every dangling reference or incoherent level in ``policy``."""
    ids = [level.id for level in policy.levels]
    problems = [
        Problem(("levels", i, "id"), f"機密性レベル {level_id} が重複しています")
        for i, level_id in enumerate(ids)
        if level_id in ids[:i]
    ]
    rank = {level_id: i for i, level_id in enumerate(ids)}

    def level(loc: Loc, level_id: str) -> None:
        if level_id not in rank:
            problems.append(Problem(loc, f"未定義の機密性レベルです: {level_id}（定義済み: {', '.join(ids)}）"))

    def known(loc: Loc, name: str, names: Iterable[str], kind: str) -> None:
        if name not in names:
            problems.append(Problem(loc, f"未定義の{kind}です: {name}"))

    level(("personal_level",), policy.personal_level)
    for entity_type, rule in policy.entities.items():
        level(("entities", entity_type, "level"), rule.level)
    for name, marker in policy.markers.items():
        level(("markers", name, "level"), marker.level)
    for zone, ceiling in policy.zone_ceilings.items():
        level(("zone_ceilings", zone), ceiling)
    for model_id, spec in policy.models.items():
        loc = ("models", model_id)
        if spec.id != model_id:
            problems.append(Problem((*loc, "id"), f"id は見出しのモデルID（{model_id}）と同じにしてください"))
        level((*loc, "max_level_unmasked"), spec.max_level_unmasked)
        level((*loc, "max_level_masked"), spec.max_level_masked)
        for i, fallback in enumerate(spec.fallbacks):
            known((*loc, "fallbacks", i), fallback, policy.models.keys() - {model_id}, "モデル（自分以外）")
        if spec.max_level_unmasked in rank and spec.max_level_masked in rank:
            problems.extend(_model_levels(policy, model_id, rank))
    for dept_id, dept in policy.departments.items():
        loc = ("departments", dept_id)
        level((*loc, "floor"), dept.floor)
        for i, model_id in enumerate(dept.models):
            if model_id != "*":
                known((*loc, "models", i), model_id, policy.models, "モデル")
        known((*loc, "default_use_case"), dept.default_use_case, policy.use_cases, "利用目的")
        use_case = policy.use_cases.get(dept.default_use_case)
        if use_case is not None and dept_id in use_case.forbidden_departments:
            problems.append(Problem((*loc, "default_use_case"), "既定の利用目的がこの所属に禁止されています"))
    for use_case_id, use_case in policy.use_cases.items():
        for i, dept_id in enumerate(use_case.forbidden_departments):
            known(("use_cases", use_case_id, "forbidden_departments", i), dept_id, policy.departments, "所属")
    for i, model_id in enumerate(policy.routing.reroute_to):
        known(("routing", "reroute_to", i), model_id, policy.models, "モデル")
    for entity_type in policy.detection.custom_terms:
        known(
            ("detection", "custom_terms", entity_type),
            entity_type,
            policy.entities,
            "検出種別（entities に規則がありません）",
        )
    return problems


def _model_levels(policy: Policy, model_id: str, rank: dict[str, int]) -> list[Problem]:
    spec = policy.models[model_id]
    loc = ("models", model_id, "max_level_masked")
    masked = rank[spec.max_level_masked]
    if masked < rank[spec.max_level_unmasked]:
        return [Problem(loc, "max_level_masked は max_level_unmasked 以上にしてください")]
    ceiling = policy.zone_ceilings.get(spec.zone)
    if ceiling in rank and masked > rank[ceiling]:
        return [Problem(loc, f"zone {spec.zone} のモデルが受け取れるのは {ceiling} までです（zone_ceilings）")]
    if spec.trains_on_input and masked > 0:
        # 要機密情報 must never reach a provider that learns from input (see docs/policy.md).
        return [
            Problem(
                (*loc[:2], "trains_on_input"),
                f"入力を学習するモデル（trains_on_input: true）は最も低いレベル {policy.levels[0].id} までしか受け取れません",
            )
        ]
    return []
