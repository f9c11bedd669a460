"""The security team's policy: taxonomy, rules, models, departments and use cases.

A ``Policy`` is immutable and checked as a whole when it is built: every level,
model, department and use case it names is declared. Build one with
``policies.load_policy``, which also points each problem at its line.

Example:
    >>> from policies import load_policy
    >>> policy = load_policy("policies/default/policy.yaml")
    >>> policy.level_rank("3C") > policy.level_rank("2")
    True
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable

from pydantic import Field, PrivateAttr, field_validator, model_validator

from gateway.errors import ModelNotAllowed
from policies.markers import MarkerHit, MarkerScanner
from policies.model_spec import ModelSpec
from policies.references import PolicyReferenceError, reference_problems
from policies.schema import (
    AuditSettings,
    Department,
    Detection,
    EntityRule,
    EntityType,
    Identifier,
    Level,
    LevelId,
    MarkerRule,
    OutputCheck,
    Routing,
    Strict,
    UseCase,
    Zone,
)

__all__ = ["Policy"]


class Policy(Strict):
    """A validated policy; ``revision`` carries a content hash when loaded from a file."""

    revision: str = Field(min_length=1)
    description: str = ""
    levels: list[Level] = Field(min_length=1)
    personal_level: LevelId
    entities: dict[EntityType, EntityRule] = Field(default_factory=dict)
    markers: dict[str, MarkerRule] = Field(default_factory=dict)
    models: dict[Identifier, ModelSpec] = Field(min_length=1)
    departments: dict[Identifier, Department] = Field(min_length=1)
    use_cases: dict[Identifier, UseCase] = Field(min_length=1)
    routing: Routing = Field(default_factory=Routing)
    detection: Detection = Field(default_factory=Detection)
    zone_ceilings: dict[Zone, LevelId] = Field(default_factory=dict)
    output_check: OutputCheck = Field(default_factory=OutputCheck)
    audit: AuditSettings = Field(default_factory=AuditSettings)

    _rank: dict[str, int] = PrivateAttr(default_factory=dict)
    _scanner: MarkerScanner = PrivateAttr()

    @field_validator("models", mode="before")
    @classmethod
    def _ids_from_keys(cls, value: object) -> object:
        # Authors write each model under its id; ModelSpec carries it so models_for() can return specs alone.
        if not isinstance(value, dict):
            return value
        return {key: {"id": key, **spec} if isinstance(spec, dict) else spec for key, spec in value.items()}

    @model_validator(mode="after")
    def _references_and_index(self) -> Policy:
        if problems := reference_problems(self):
            raise PolicyReferenceError(problems)
        self._rank = {level.id: i for i, level in enumerate(self.levels)}
        self._scanner = MarkerScanner(
            {name: (rule.level, rule.pattern or re.escape(name)) for name, rule in self.markers.items()}
        )
        return self

    @functools.cached_property
    def personal_value_labels(self) -> dict[str, str]:
        """Entity type -> Japanese label, for the types that are personal values (the output check counts them).

        A word such as 生活保護 (``requires_personal``) is no personal value by itself.
        Worked out once per policy: the output check of every answer reads it.
        """
        personal = self.level_rank(self.personal_level)
        return {
            entity_type: rule.label
            for entity_type, rule in self.entities.items()
            if rule.action != "allow" and not rule.requires_personal and self.level_rank(rule.level) >= personal
        }

    @functools.cached_property
    def non_personal_types(self) -> frozenset[str]:
        """The policy's entity types that are not personal values (the output check ignores them)."""
        return frozenset(self.entities) - frozenset(self.personal_value_labels)

    @property
    def highest_level(self) -> str:
        return self.levels[-1].id

    def has_level(self, level: str) -> bool:
        return level in self._rank

    def level_rank(self, level: str) -> int:
        """Position of ``level`` in the taxonomy, lowest first; raises ValueError for an unknown level."""
        try:
            return self._rank[level]
        except KeyError:
            raise ValueError(f"未定義の機密性レベルです: {level!r}") from None

    def level_label(self, level: str) -> str:
        return self.levels[self.level_rank(level)].label

    def department(self, department_id: str) -> Department:
        """The department; an unknown one may use nothing (fail closed: ModelNotAllowed)."""
        try:
            return self.departments[department_id]
        except KeyError:
            raise ModelNotAllowed(
                "所属が登録されていないため、生成AIを利用できません。情報セキュリティ担当に連絡してください。"
            ) from None

    def may_use(self, department: Department, model_id: str) -> bool:
        return model_id in self.models and ("*" in department.models or model_id in department.models)

    def models_for(self, department_id: str) -> list[ModelSpec]:
        """The models staff of ``department_id`` may request, in policy order."""
        department = self.department(department_id)
        return [spec for model_id, spec in self.models.items() if self.may_use(department, model_id)]

    def scan_markers(self, text: str) -> list[MarkerHit]:
        """Confidentiality markings in ``text``, sorted by start, without overlaps."""
        return self._scanner.scan(text)

    def count_markers(self, texts: Iterable[str]) -> Counter[str]:
        """How many markings of each name ``texts`` hold (each text's hits come from the scanner's content cache)."""
        scan = self._scanner.scan
        return Counter(hit.marker for text in texts for hit in scan(text))
