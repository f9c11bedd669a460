"""Policy texts and paths shared by the policy tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

DEFAULT_POLICY = Path(__file__).parents[2] / "policies" / "default" / "policy.yaml"
DEFAULT_CASES = DEFAULT_POLICY.with_name("cases.yaml")

# A complete, valid policy; tests break one line of it at a time.
SMALL_POLICY = """\
revision: "t1"
levels:
  - {id: "1", label: 公開}
  - {id: "2", label: 庁内限り}
  - {id: 3C, label: 個人情報}
  - {id: 3B, label: 重大な個人情報}
  - {id: 3A, label: 秘密文書相当}
personal_level: 3C
entities:
  PERSON: {level: 3C, action: mask, label: 氏名}
  JP_MY_NUMBER: {level: 3B, action: mask, label: マイナンバー, always_mask: true}
  JP_SENSITIVE_WELFARE: {level: 3B, action: mask, label: 要配慮個人情報(生活保護), requires_personal: true}
  JP_SENSITIVE_DV: {level: 3B, action: block, label: 要配慮個人情報(DV), requires_personal: true}
  JP_CORPORATE_NUMBER: {level: "1", action: allow, label: 法人番号}
markers:
  極秘: {level: 3A}
  庁内限り: {level: "2"}
models:
  cloud:
    provider: preview
    trains_on_input: false
    region: jp
    zone: internet
    max_level_unmasked: "2"
    max_level_masked: 3B
    fallbacks: [cloud-b, cloud-strict, onprem]
    label: クラウド
  cloud-b:
    provider: preview
    trains_on_input: false
    region: jp
    zone: internet
    max_level_unmasked: "2"
    max_level_masked: 3B
    label: クラウドB
  cloud-strict:
    provider: preview
    trains_on_input: false
    region: jp
    zone: lgwan
    max_level_unmasked: "1"
    max_level_masked: 3B
    label: 厳格クラウド
  onprem:
    provider: preview
    trains_on_input: false
    region: jp
    zone: onprem
    max_level_unmasked: 3A
    max_level_masked: 3A
    label: 庁内モデル
departments:
  soumu: {name: 総務課, floor: "1", models: ["*"], default_use_case: general}
  fukushi: {name: 福祉課, floor: 3C, models: ["*"], default_use_case: general}
  shimin: {name: 市民課, floor: "1", models: [cloud, cloud-b, cloud-strict], default_use_case: general}
use_cases:
  general: {label: 一般, category: その他, review_required: false}
  assembly_answer: {label: 議会答弁, category: 想定問答, review_required: true}
  decision_support: {label: 意思決定支援, category: 企画立案, forbidden_departments: [fukushi]}
routing:
  reroute_to: [cloud-strict, onprem]
zone_ceilings: {internet: 3B, lgwan: 3B, onprem: 3A}
"""

WritePolicy = Callable[[str], Path]
