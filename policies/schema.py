"""The parts of a policy file, as strict pydantic models.

Every model forbids unknown keys and is frozen, so a misspelt key is an error
and a loaded policy cannot change under a running request. Cross-references
(a level, model or department named elsewhere) are checked by
``policies.references`` once the whole file has parsed.

Example (YAML for one entity rule):
    JP_MY_NUMBER: {level: 3B, action: mask, label: マイナンバー, always_mask: true}
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

__all__ = [
    "AuditSettings",
    "Department",
    "Detection",
    "EntityRule",
    "EntityType",
    "Identifier",
    "Label",
    "Level",
    "LevelId",
    "MarkerRule",
        "OutputCheck",
    "Routing",
    "Strict",
    "UseCase",
    "Zone",
]


def _number_as_text(value: object) -> object:
    # YAML reads `level: 2` as an int; level ids are text, so accept the bare number.
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


LevelId = Annotated[str, BeforeValidator(_number_as_text), StringConstraints(min_length=1, pattern=r"^\S+$")]
Identifier = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]*$")]
ModelRef = Annotated[str, StringConstraints(pattern=r"^(\*|[A-Za-z0-9][A-Za-z0-9._:-]*)$")]
EntityType = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9_]*$")]
Label = Annotated[str, StringConstraints(min_length=1)]
Zone = Literal["onprem", "lgwan", "internet"]
Category = Literal["文章作成", "要約", "議事録", "翻訳", "企画立案", "想定問答", "プログラミング", "その他"]


class Strict(BaseModel):
    # hide_input_in_errors: a policy file may hold a secret written by mistake; errors must not repeat it.
    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)


class Level(Strict):
    """One 機密性 level of the taxonomy, e.g. ``{id: 3C, label: 個人情報}``."""

    id: LevelId
    label: Label
    description: str = ""


class EntityRule(Strict):
    """What a finding of one entity type means for a request.

    ``action``: ``mask`` (placeholders remove it), ``block`` (masking cannot
    remove it; only a model allowed its level unmasked may receive it) or
    ``allow`` (never masked; counts like block).
    """

    level: LevelId
    action: Literal["mask", "block", "allow"]
    label: Label
    always_mask: bool = False
    requires_personal: bool = False

    @model_validator(mode="after")
    def _always_mask_needs_mask(self) -> EntityRule:
        if self.always_mask and self.action != "mask":
            raise ValueError("always_mask: true は action: mask と組み合わせてください")
        return self


class MarkerRule(Strict):
    """A confidentiality marking; ``pattern`` (a regex) defaults to the marker text itself."""

    level: LevelId
    pattern: str | None = None
    description: str = ""

    @field_validator("pattern")
    @classmethod
    def _pattern_compiles(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            compiled = re.compile(value)
        except re.error as exc:
            raise ValueError(f"正規表現が不正です: {exc.msg}（{exc.pos} 文字目）") from None
        if compiled.search(""):
            raise ValueError("正規表現が空文字列に一致します（すべての文書に一致してしまいます）")
        return value


class Department(Strict):
    """A 所属: its 機密性 floor and the models its staff may use (``["*"]`` = all)."""

    name: Label
    floor: LevelId
    models: list[ModelRef]
    default_use_case: Identifier
    # 月間予算（円）: the dashboard shows the month's estimated cost against it; None = no budget set.
    monthly_budget_yen: int | None = Field(default=None, ge=0)

    @field_validator("models")
    @classmethod
    def _star_alone(cls, value: list[str]) -> list[str]:
        if "*" in value and len(value) > 1:
            raise ValueError('"*"（すべてのモデル）は単独で指定してください')
        return value


class UseCase(Strict):
    """A 利用目的; review is required unless the policy says otherwise (fail closed).

    ``approval_steps`` names the approvals a review needs, in order (e.g.
    ``[係長, 課長]``: two different people); ``review_deadline_hours`` is how
    long a review may stay open before it is reported overdue; ``notice`` is
    appended to every text answer of the use-case.
    """

    label: Label
    category: Category
    review_required: bool = True
    # Minutes of staff work one request saves, for the 総務省 survey's estimated hours saved.
    minutes_saved: float = Field(default=0.0, ge=0, le=24 * 60)
    notice: str | None = None
    forbidden_departments: list[Identifier] = Field(default_factory=list)
    approval_steps: list[Label] = Field(default_factory=lambda: ["所属長"], min_length=1, max_length=5)
    review_deadline_hours: int = Field(default=72, gt=0, le=24 * 90)

    @field_validator("approval_steps")
    @classmethod
    def _distinct_steps(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("approval_steps に同じ段階が重複しています")
        return value


class OutputCheck(Strict):
    """What to do with personal values in an answer that were not in the request.

    ``mask`` replaces each by its Japanese label (``［電話番号］``); ``flag``
    leaves the answer as it is. Both record the counts in the audit record.
    """

    action: Literal["mask", "flag"] = "mask"


class AuditSettings(Strict):
    """What the audit record keeps of each request's text (see audit.content).

    ``content``: ``none`` (types and counts only), ``masked`` (the text with
    every finding replaced by its placeholder; the default) or
    ``masked_encrypted`` (that, plus the original encrypted with the CAIO's
    public key, set by ``GATEWAY_AUDIT_PUBLIC_KEY_FILE``).
    """

    content: Literal["none", "masked", "masked_encrypted"] = "masked"


class Routing(Strict):
    """Models tried, in order, when the requested model may not receive a request."""

    reroute_to: list[Identifier] = Field(default_factory=list)


class Detection(Strict):
    """Custom dictionaries (entity type -> terms) and words that must never be masked."""

    custom_terms: dict[EntityType, list[Label]] = Field(default_factory=dict)
    allow_terms: list[Label] = Field(default_factory=list)
