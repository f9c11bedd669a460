"""Japanese wording for the decision reasons the audit record keeps.

The policy engine writes reasons in a compact, stable notation
(``JP_MY_NUMBER×1 → 3B``, ``model x: 3A > max masked 3B → denied``); the
dashboard shows each in Japanese beside that notation. A reason no pattern
knows is shown as it is. Reasons hold types, counts, levels and model ids,
never a detected value.

Example:
    >>> explain("JP_MY_NUMBER×1 → 3B", lambda t: {"JP_MY_NUMBER": "マイナンバー"}.get(t, t))
    'マイナンバー 1件 → レベル3B'
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["explain"]

_MODEL = r"model (?P<model>\S+): "
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), wording)
    for pattern, wording in (
        (_MODEL + r"(?P<a>\S+) > max masked (?P<b>\S+) → denied", "モデル {model}: レベル{a}はマスキング後の上限（{b}）を超えるため送信不可"),
        (_MODEL + r"(?P<a>\S+) after masking > max unmasked (?P<b>\S+) → denied",
         "モデル {model}: マスキング後もレベル{a}が残り、上限（{b}）を超えるため送信不可"),
        (_MODEL + r"(?P<a>\S+) ≤ max unmasked (?P<b>\S+) → allow.*", "モデル {model}: レベル{a}は上限（{b}）以内のため送信可"),
        (_MODEL + r"(?P<a>\S+) > max unmasked (?P<b>\S+) → mask", "モデル {model}: マスキングすれば送信可（レベル{a}）"),
        (r"no allowed model → block", "送信できるモデルがないため遮断"),
        (r"(?P<entity>[A-Z][A-Z0-9_]*)×(?P<n>\d+) → (?P<a>\S+) \(no rule: fail closed\)",
         "{entity} {n}件 → レベル{a}（規則がないため安全側に判定）"),
        (r"(?P<entity>[A-Z][A-Z0-9_]*)×(?P<n>\d+) → (?P<a>\S+)", "{entity} {n}件 → レベル{a}"),
        (r"(?P<entity>[A-Z][A-Z0-9_]*)×(?P<n>\d+) not applied: no personal information",
         "{entity} {n}件（個人情報を含まないため適用せず）"),
        (r"marker:(?P<marker>.+)×(?P<n>\d+) → (?P<a>\S+?)(?: \(unknown marker: fail closed\))?", "表示「{marker}」{n}件 → レベル{a}"),
        (r"declared → (?P<a>\S+)", "利用者の申告 → レベル{a}"),
        (r"department floor\((?P<department>.+)\) → (?P<a>\S+)", "所属の最低レベル（{department}） → レベル{a}"),
    )
)


def explain(reason: str, entity_label: Callable[[str], str]) -> str:
    """``reason`` in Japanese; ``entity_label`` names an entity type (e.g. the policy's label)."""
    prefix = ""
    if reason.startswith("reroute "):
        prefix, reason = "振替: ", reason.removeprefix("reroute ")
    for pattern, wording in _PATTERNS:
        match = pattern.fullmatch(reason)
        if match:
            fields = match.groupdict()
            if "entity" in fields:
                fields["entity"] = entity_label(fields["entity"])
            return prefix + wording.format(**fields)
    return prefix + reason
