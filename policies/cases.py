"""Policy test cases kept beside the policy (as OPA keeps ``*_test.rego``).

Each case is a request (a text or chat messages, a model, a department) and
the outcome the security team expects: a level, an action and perhaps a
model, or the code of an error such as ``model_not_allowed``. The caller
supplies ``evaluate``, which runs the real detector and ``decide``.

Example (YAML):
    - name: マイナンバーはプレビューへマスクして送る
      text: 山田太郎さんのマイナンバーは123456789018です。
      model: preview
      department: shimin
      expect: {level: 3B, action: mask, model: preview}
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, TypeAdapter, ValidationError, model_validator

from gateway.errors import GatewayError, PolicyError
from policies.schema import Identifier, Label, LevelId, Strict
from policies.yaml_document import read_yaml

__all__ = ["CaseResult", "PolicyCase", "load_cases", "run_cases"]

# (level, action, model) or (level, action, model, review_required)
Outcome = tuple[str, str, str | None] | tuple[str, str, str | None, bool]


class Message(Strict):
    role: Literal["system", "user", "assistant", "tool"]
    content: str


class Expectation(Strict):
    """Either ``error`` alone, or ``level`` and ``action`` (and ``model`` / ``review_required`` when they matter)."""

    level: LevelId | None = None
    action: Literal["allow", "mask", "block", "reroute"] | None = None
    model: Identifier | None = None
    review_required: bool | None = None
    error: Identifier | None = None

    @model_validator(mode="after")
    def _one_form(self) -> Expectation:
        if self.error is not None and (self.level or self.action or self.model or self.review_required is not None):
            raise ValueError("error を書くときは level / action / model を書かないでください")
        if self.error is None and (self.level is None or self.action is None):
            raise ValueError("level と action（または error）を書いてください")
        return self


class PolicyCase(Strict):
    """One request and its expected outcome."""

    name: Label
    text: str | None = None
    messages: list[Message] | None = Field(default=None, min_length=1)
    model: Identifier
    department: Identifier
    declared_level: LevelId | None = None
    use_case: Identifier | None = None
    expect: Expectation

    @model_validator(mode="after")
    def _text_or_messages(self) -> PolicyCase:
        if (self.text is None) == (self.messages is None):
            raise ValueError("text と messages のどちらか一方を書いてください")
        return self

    @property
    def contents(self) -> list[str]:
        """The texts the detector should read, one per message."""
        return [self.text] if self.text is not None else [m.content for m in self.messages or []]


@dataclass(frozen=True)
class CaseResult:
    """The outcome of one case; ``mismatches`` says what differed (empty when it passed)."""

    case: PolicyCase
    actual: Outcome | None  # (level, action, model), None when evaluate raised
    error: str | None  # the code of the GatewayError evaluate raised
    mismatches: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.mismatches


_CASES = TypeAdapter(Annotated[list[PolicyCase], Field(min_length=1)])


def load_cases(path: str | Path) -> list[PolicyCase]:
    """Load the cases at ``path``; raises PolicyError listing every problem with its line."""
    document, _ = read_yaml(path)
    try:
        cases = _CASES.validate_python(document.data)
    except ValidationError as exc:
        raise PolicyError(document.issues(exc)) from None
    names = [case.name for case in cases]
    repeated = [i for i, name in enumerate(names) if name in names[:i]]
    if repeated:
        raise PolicyError([document.issue((i, "name"), "同じ名前のケースがあります") for i in repeated])
    return cases


def run_cases(cases: list[PolicyCase], evaluate: Callable[[PolicyCase], Outcome]) -> list[CaseResult]:
    """Run each case through ``evaluate`` and compare with what it expects."""
    return [_run(case, evaluate) for case in cases]


def _run(case: PolicyCase, evaluate: Callable[[PolicyCase], Outcome]) -> CaseResult:
    expect = case.expect
    try:
        actual = evaluate(case)
    except GatewayError as exc:
        if expect.error == exc.code:
            return CaseResult(case, None, exc.code, ())
        expected = f"{expect.level}/{expect.action}" if expect.error is None else f"エラー {expect.error}"
        return CaseResult(case, None, exc.code, (f"期待 {expected} / 実際 エラー {exc.code}",))
    if expect.error is not None:
        return CaseResult(case, actual, None, (f"期待 エラー {expect.error} / 実際 {actual[0]}/{actual[1]}",))
    wanted: list[tuple[str, object, object]] = [
        ("level", expect.level, actual[0]),
        ("action", expect.action, actual[1]),
    ]
    if expect.model is not None:
        wanted.append(("model", expect.model, actual[2]))
    if expect.review_required is not None:
        wanted.append(("review_required", expect.review_required, actual[3] if len(actual) > 3 else None))
    mismatches = tuple(f"{field}: 期待 {want} / 実際 {got}" for field, want, got in wanted if want != got)
    return CaseResult(case, actual, None, mismatches)
