"""The policy decision for one request: allow, mask, reroute or block.

``decide`` is a pure function of the policy and the request facts. For the
requested model it allows the request when the model may receive its level
unmasked, masks it when masking brings it within the model's limits, else
tries ``routing.reroute_to`` in order, else blocks. Anything not explicitly
allowed is denied.

Example:
    >>> from policies import load_policy
    >>> policy = load_policy("policies/default/policy.yaml")
    >>> d = decide(policy, RequestFacts({"PERSON": 1}, {}, "preview", "soumu"))
    >>> d.action, d.level, sorted(d.mask_types)
    ('mask', '3C', ['PERSON'])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from gateway.errors import BadRequest, ModelNotAllowed, PermissionDenied, UnknownModel
from policies.block_message import block_message
from policies.classification import Classification, classify
from policies.facts import RequestFacts
from policies.model_spec import ModelSpec
from policies.policy import Policy
from policies.schema import Department, UseCase

__all__ = ["Decision", "decide"]


@dataclass(frozen=True)
class Decision:
    """What to do with a request, why, and under which policy revision."""

    action: Literal["allow", "mask", "block", "reroute"]
    model: str | None  # the model to call; None when blocked
    level: str
    reasons: tuple[str, ...]
    mask_types: frozenset[str]  # entity types to replace by placeholders
    fallbacks: tuple[str, ...]  # fallbacks of ``model`` that may receive the request as prepared
    review_required: bool
    use_case: str
    revision: str
    message: str | None  # the Japanese 403 message when blocked


@dataclass(frozen=True)
class _Verdict:
    accepted: bool
    mask_types: frozenset[str]
    reason: str


def decide(policy: Policy, facts: RequestFacts) -> Decision:
    """Decide on ``facts``; raises ModelNotAllowed, UnknownModel, BadRequest or PermissionDenied."""
    department = policy.department(facts.department)
    requested = _requested_model(policy, department, facts)
    use_case_id, use_case = _use_case(policy, department, facts)
    classification = classify(policy, facts, department)
    reasons = list(classification.reasons)
    chosen, verdict = _route(policy, department, classification, requested, reasons)

    action: Literal["allow", "mask", "block", "reroute"]
    if chosen is None:
        action, message, fallbacks = "block", _block_message(policy, department, classification, facts, requested), ()
        reasons.append("no allowed model → block")
    else:
        action = "reroute" if chosen is not requested else "mask" if verdict.mask_types else "allow"
        message, fallbacks = None, _fallbacks(policy, department, classification, chosen, verdict.mask_types)
    return Decision(
        action=action,
        model=chosen.id if chosen else None,
        level=classification.level,
        reasons=tuple(reasons),
        mask_types=verdict.mask_types,
        fallbacks=fallbacks,
        review_required=use_case.review_required,
        use_case=use_case_id,
        revision=policy.revision,
        message=message,
    )


def _route(
    policy: Policy, department: Department, classification: Classification, requested: ModelSpec, reasons: list[str]
) -> tuple[ModelSpec | None, _Verdict]:
    """The requested model if it may receive the request, else the first reroute target that may."""
    verdict = _judge(policy, classification, requested)
    reasons.append(verdict.reason)
    if verdict.accepted:
        return requested, verdict
    for model_id in policy.routing.reroute_to:
        if model_id == requested.id or not policy.may_use(department, model_id):
            continue
        verdict = _judge(policy, classification, policy.models[model_id])
        reasons.append(f"reroute {verdict.reason}")
        if verdict.accepted:
            return policy.models[model_id], verdict
    return None, verdict


def _fallbacks(
    policy: Policy, department: Department, classification: Classification, chosen: ModelSpec, masked: frozenset[str]
) -> tuple[str, ...]:
    """Fallbacks of ``chosen`` that accept the prompt as prepared for it (masking ``masked``)."""
    return tuple(
        model_id
        for model_id in chosen.fallbacks
        if policy.may_use(department, model_id)
        and (candidate := _judge(policy, classification, policy.models[model_id])).accepted
        and candidate.mask_types <= masked
    )


def _block_message(
    policy: Policy, department: Department, classification: Classification, facts: RequestFacts, requested: ModelSpec
) -> str:
    onprem = [
        spec.label
        for spec in policy.models_for(facts.department)
        if spec.zone == "onprem" and _judge(policy, classification, spec).accepted
    ]
    return block_message(policy, classification, department, facts.declared_level, requested, onprem)


def _judge(policy: Policy, classification: Classification, model: ModelSpec) -> _Verdict:
    """May ``model`` receive the request, and with which entity types masked?"""
    rank = policy.level_rank
    level, residual = classification.level, classification.residual_level
    unmasked, masked = model.max_level_unmasked, model.max_level_masked
    if rank(level) <= rank(unmasked):
        always = classification.always_masked
        note = f" (always masked: {', '.join(sorted(always))})" if always else ""
        return _Verdict(True, always, f"model {model.id}: {level} ≤ max unmasked {unmasked} → allow{note}")
    if rank(level) > rank(masked):
        return _Verdict(False, frozenset(), f"model {model.id}: {level} > max masked {masked} → denied")
    if rank(residual) > rank(unmasked):
        return _Verdict(
            False, frozenset(), f"model {model.id}: {residual} after masking > max unmasked {unmasked} → denied"
        )
    return _Verdict(True, classification.maskable, f"model {model.id}: {level} > max unmasked {unmasked} → mask")


def _requested_model(policy: Policy, department: Department, facts: RequestFacts) -> ModelSpec:
    allowed = ", ".join(spec.id for spec in policy.models_for(facts.department)) or "なし"
    spec = policy.models.get(facts.model)
    if spec is None:
        raise UnknownModel(f"指定されたモデルは登録されていません。利用できるモデル: {allowed}", param="model")
    if not policy.may_use(department, spec.id):
        raise ModelNotAllowed(
            f"モデル「{spec.label}」は{department.name}では利用できません。利用できるモデル: {allowed}", param="model"
        )
    return spec


def _use_case(policy: Policy, department: Department, facts: RequestFacts) -> tuple[str, UseCase]:
    use_case_id = facts.use_case or department.default_use_case
    use_case = policy.use_cases.get(use_case_id)
    if use_case is None:
        known = ", ".join(policy.use_cases)
        raise BadRequest(f"利用目的が登録されていません。次のいずれかを指定してください: {known}", param="use_case")
    if facts.department in use_case.forbidden_departments:
        raise PermissionDenied(f"利用目的「{use_case.label}」は{department.name}では利用できません。", param="use_case")
    return use_case_id, use_case
