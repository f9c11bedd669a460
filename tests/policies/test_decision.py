"""decide(): every action, and every way a request is refused."""

from __future__ import annotations

import pytest

from gateway.errors import BadRequest, GatewayError, ModelNotAllowed, PermissionDenied, UnknownModel
from policies import Policy, RequestFacts, decide, load_policy
from tests.policies.samples import SMALL_POLICY, WritePolicy


def _facts(entities: dict[str, int] | None = None, markers: dict[str, int] | None = None, **rest: str) -> RequestFacts:
    rest.setdefault("model", "cloud")
    rest.setdefault("department", "soumu")
    return RequestFacts(entity_counts=entities or {}, marker_counts=markers or {}, **rest)  # type: ignore[arg-type]


W, DV = "JP_SENSITIVE_WELFARE", "JP_SENSITIVE_DV"


# fmt: off
DECISIONS = [
    pytest.param(_facts(), "allow cloud 1", set(), id="nothing-found"),
    pytest.param(_facts(markers={"庁内限り": 1}), "allow cloud 2", set(), id="marker-level-2"),
    pytest.param(_facts({"JP_CORPORATE_NUMBER": 2}), "allow cloud 1", set(), id="public-entity-allowed"),
    pytest.param(_facts({"PERSON": 2}), "mask cloud 3C", {"PERSON"}, id="personal-masked"),
    pytest.param(_facts({"PERSON": 1}, model="onprem"), "allow onprem 3C", set(), id="personal-to-onprem-unmasked"),
    pytest.param(_facts({"JP_MY_NUMBER": 1}, model="onprem"), "mask onprem 3B", {"JP_MY_NUMBER"}, id="always-mask-onprem"),
    pytest.param(_facts({"JP_MY_NUMBER": 1, "PERSON": 1}), "mask cloud 3B", {"JP_MY_NUMBER", "PERSON"}, id="mynumber-and-name"),
    pytest.param(_facts({W: 1}), "allow cloud 1", set(), id="sensitive-word-alone-is-public"),
    pytest.param(_facts({W: 1, "JP_CORPORATE_NUMBER": 1}), "allow cloud 1", set(), id="sensitive-with-public-entity"),
    pytest.param(_facts({W: 1, "PERSON": 1}), "mask cloud 3B", {W, "PERSON"}, id="sensitive-with-person"),
    pytest.param(_facts({W: 1, DV: 1}), "allow cloud 1", set(), id="sensitive-words-do-not-make-each-other-personal"),
    pytest.param(_facts({DV: 1, "PERSON": 1}), "reroute onprem 3B", set(), id="block-action-entity-rerouted"),
    pytest.param(_facts({DV: 1, "PERSON": 1, "JP_MY_NUMBER": 1}), "reroute onprem 3B", {"JP_MY_NUMBER"}, id="reroute-always-mask"),
    pytest.param(_facts({DV: 1, "PERSON": 1}, department="shimin"), "block - 3B", set(), id="no-reroute-allowed-blocks"),
    pytest.param(_facts(markers={"極秘": 1}), "reroute onprem 3A", set(), id="marker-3A-rerouted"),
    pytest.param(_facts(markers={"極秘": 1}, department="shimin"), "block - 3A", set(), id="marker-3A-blocked"),
    pytest.param(_facts({"JP_UNHEARD_OF": 1}), "reroute onprem 3A", set(), id="unknown-entity-fail-closed"),
    pytest.param(_facts({"JP_UNHEARD_OF": 1}, department="shimin"), "block - 3A", set(), id="unknown-entity-blocked"),
    pytest.param(_facts(markers={"社外秘": 1}), "reroute onprem 3A", set(), id="unknown-marker-fail-closed"),
    pytest.param(_facts(department="fukushi"), "reroute onprem 3C", set(), id="department-floor"),
    pytest.param(_facts({"PERSON": 1}, department="fukushi", model="onprem"), "allow onprem 3C", set(), id="floor-onprem"),
    pytest.param(_facts(declared_level="2"), "allow cloud 2", set(), id="declared-level-2"),
    pytest.param(_facts(declared_level="3A"), "reroute onprem 3A", set(), id="declared-level-3A"),
    pytest.param(_facts(declared_level="3C"), "reroute onprem 3C", set(), id="declared-is-not-removed-by-masking"),
    pytest.param(_facts({"PERSON": 1}, model="cloud-strict"), "mask cloud-strict 3C", {"PERSON"}, id="strict-model-masks"),
    pytest.param(_facts(markers={"庁内限り": 1}, model="cloud-strict"), "reroute onprem 2", set(), id="strict-refuses-2"),
    pytest.param(_facts({"PERSON": 1, "JP_UNHEARD_OF": 0}), "mask cloud 3C", {"PERSON"}, id="zero-count-ignored"),
]
# fmt: on


@pytest.mark.parametrize(("facts", "outcome", "mask_types"), DECISIONS)
def test_decision_action_model_level_and_masking(
    small_policy: Policy, facts: RequestFacts, outcome: str, mask_types: set[str]
) -> None:
    decision = decide(small_policy, facts)
    assert f"{decision.action} {decision.model or '-'} {decision.level}" == outcome
    assert set(decision.mask_types) == mask_types
    assert (decision.message is None) == (decision.action != "block")
    assert decision.revision == small_policy.revision


@pytest.mark.parametrize(
    ("facts", "fallbacks"),
    [
        pytest.param(_facts(), ("cloud-b", "cloud-strict", "onprem"), id="public-goes-anywhere"),
        pytest.param(_facts(markers={"庁内限り": 1}), ("cloud-b", "onprem"), id="level-2-not-to-strict"),
        pytest.param(_facts({"PERSON": 1}), ("cloud-b", "cloud-strict", "onprem"), id="masked-prompt-fits-all"),
        pytest.param(
            _facts({"PERSON": 1}, department="shimin"), ("cloud-b", "cloud-strict"), id="only-department-models"
        ),
        pytest.param(_facts({DV: 1, "PERSON": 1}), (), id="rerouted-model-own-fallbacks"),
    ],
)
def test_fallbacks_are_only_models_allowed_for_this_request(
    small_policy: Policy, facts: RequestFacts, fallbacks: tuple[str, ...]
) -> None:
    assert decide(small_policy, facts).fallbacks == fallbacks


def test_fallback_needing_more_masking_than_the_prompt_has_is_dropped(write_policy: WritePolicy) -> None:
    # onprem is asked for; cloud would need PERSON masked, but an unmasked prompt is prepared for onprem.
    policy = load_policy(
        write_policy(
            SMALL_POLICY.replace("    label: 庁内モデル\n", "    fallbacks: [cloud, cloud-b]\n    label: 庁内モデル\n")
        )
    )
    assert decide(policy, _facts(model="onprem")).fallbacks == ("cloud", "cloud-b")
    assert decide(policy, _facts({"PERSON": 1}, model="onprem")).fallbacks == ()


def test_reasons_name_each_contribution_and_the_model_test(small_policy: Policy) -> None:
    decision = decide(
        small_policy, _facts({"JP_MY_NUMBER": 1}, {"庁内限り": 2}, department="fukushi", declared_level="2")
    )
    assert decision.reasons == (
        "JP_MY_NUMBER×1 → 3B",
        "marker:庁内限り×2 → 2",
        "declared → 2",
        "department floor(福祉課) → 3C",
        "model cloud: 3C after masking > max unmasked 2 → denied",
        "reroute model cloud-strict: 3C after masking > max unmasked 1 → denied",
        "reroute model onprem: 3B ≤ max unmasked 3A → allow (always masked: JP_MY_NUMBER)",
    )


@pytest.mark.parametrize(
    ("facts", "reason"),
    [
        (_facts({"JP_UNHEARD_OF": 3}), "JP_UNHEARD_OF×3 → 3A (no rule: fail closed)"),
        (_facts(markers={"社外秘": 1}), "marker:?×1 → 3A (unknown marker: fail closed)"),
        (_facts({"JP_SENSITIVE_WELFARE": 1}), "JP_SENSITIVE_WELFARE×1 not applied: no personal information"),
        (_facts({"PERSON": 1}), "model cloud: 3C > max unmasked 2 → mask"),
    ],
)
def test_reason_says_why(small_policy: Policy, facts: RequestFacts, reason: str) -> None:
    assert reason in decide(small_policy, facts).reasons


@pytest.mark.parametrize(
    ("facts", "error"),
    [
        pytest.param(_facts(department="keiri"), ModelNotAllowed, id="unknown-department"),
        pytest.param(_facts(model="gpt-9"), UnknownModel, id="unknown-model"),
        pytest.param(_facts(model="onprem", department="shimin"), ModelNotAllowed, id="model-not-allowed"),
        pytest.param(
            _facts(department="fukushi", use_case="decision_support"), PermissionDenied, id="forbidden-use-case"
        ),
        pytest.param(_facts(use_case="fortune_telling"), BadRequest, id="unknown-use-case"),
        pytest.param(_facts(declared_level="3D"), BadRequest, id="unknown-declared-level"),
    ],
)
def test_refused_requests_raise_a_japanese_error(
    small_policy: Policy, facts: RequestFacts, error: type[GatewayError]
) -> None:
    with pytest.raises(GatewayError) as caught:
        decide(small_policy, facts)
    assert type(caught.value) is error
    assert any("\u3040" <= ch <= "\u30ff" for ch in caught.value.message)


@pytest.mark.parametrize(
    ("use_case", "department", "review_required", "resolved"),
    [
        (None, "soumu", False, "general"),
        ("assembly_answer", "soumu", True, "assembly_answer"),
        ("decision_support", "soumu", True, "decision_support"),
    ],
)
def test_review_follows_the_use_case(
    small_policy: Policy, use_case: str | None, department: str, review_required: bool, resolved: str
) -> None:
    decision = decide(small_policy, _facts(department=department, **({"use_case": use_case} if use_case else {})))
    assert (decision.review_required, decision.use_case) == (review_required, resolved)


@pytest.mark.parametrize(
    ("entities", "markers"),
    [({"PERSON": -1}, {}), ({}, {"極秘": -2}), ({"PERSON": True}, {})],
)
def test_request_facts_refuse_counts_that_are_not_counts(entities: dict[str, int], markers: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        RequestFacts(entities, markers, "cloud", "soumu")


def test_models_for_lists_what_a_department_may_use(small_policy: Policy) -> None:
    assert [m.id for m in small_policy.models_for("soumu")] == ["cloud", "cloud-b", "cloud-strict", "onprem"]
    assert [m.id for m in small_policy.models_for("shimin")] == ["cloud", "cloud-b", "cloud-strict"]
    with pytest.raises(ModelNotAllowed):
        small_policy.models_for("keiri")


@pytest.mark.parametrize(("level", "rank"), [("1", 0), ("2", 1), ("3C", 2), ("3B", 3), ("3A", 4)])
def test_level_rank_follows_the_taxonomy_order(small_policy: Policy, level: str, rank: int) -> None:
    assert small_policy.level_rank(level) == rank


@pytest.mark.parametrize("level", ["3D", "", "3c", "0"])
def test_level_rank_refuses_an_unknown_level(small_policy: Policy, level: str) -> None:
    with pytest.raises(ValueError):
        small_policy.level_rank(level)
