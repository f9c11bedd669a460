"""One upstream model as the policy declares it: how to reach it and what it may receive.

Example (YAML), one model through litellm and one OpenAI-compatible endpoint:
    vllm-onprem:
      provider: openai_compatible
      upstream_model: Qwen/Qwen3-8B
      api_base: http://llm.internal:8000/v1
      trains_on_input: false
      region: 庁内
      zone: onprem
      max_level_unmasked: 3A
      max_level_masked: 3A
      label: 庁内LLM
    azure-gpt4o:
      provider: litellm
      litellm_model: azure/gpt-4o
      api_base: https://example-tenant.openai.azure.com
      api_key: {$env: AZURE_OPENAI_KEY}
      trains_on_input: false
      region: japaneast
      zone: internet
      max_level_unmasked: "2"
      max_level_masked: 3B
      label: Azure OpenAI（東日本）
"""

from __future__ import annotations

import re
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import Field, field_validator, model_validator

from policies.schema import Identifier, Label, LevelId, Strict, Zone
from policies.secret_ref import SecretRef

__all__ = ["ModelSpec"]

_SECRET_WORDS = frozenset(
    {
        "key",
        "apikey",
        "token",
        "password",
        "passwd",
        "pwd",
        "secret",
        "credential",
        "credentials",
        "auth",
        "authorization",
        "bearer",
        "cookie",
    }
)


def _looks_secret(name: str) -> bool:
    # Split on separators only, so max_tokens or top_k stay allowed while api_key, access_token do not.
    return any(part in _SECRET_WORDS for part in re.split(r"[^a-z0-9]+", name.lower()))


def _secret_keys(value: Any, path: str = "") -> list[str]:
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if _looks_secret(str(key)):
                found.append(where)
            found.extend(_secret_keys(item, where))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(_secret_keys(item, f"{path}.{index}"))
    return found


class ModelSpec(Strict):
    """An upstream model and the highest 機密性 level it may receive unmasked and after masking.

    Example:
        >>> ModelSpec(id="preview", provider="preview", trains_on_input=False, region="jp", zone="internet",
        ...           max_level_unmasked="2", max_level_masked="3B", label="プレビュー").zone
        'internet'
    """

    id: Identifier
    # preview: the built-in offline model; openai_compatible: an endpoint that speaks the
    # OpenAI chat completions protocol (vLLM, ...), called directly; litellm: everything else.
    provider: Literal["preview", "openai_compatible", "litellm"]
    litellm_model: str | None = Field(default=None, min_length=1)
    # The model name an openai_compatible endpoint serves (the "model" field it is sent).
    upstream_model: str | None = Field(default=None, min_length=1)
    api_base: str | None = None
    api_key: SecretRef | None = None
    params: dict[str, Any] = Field(default_factory=dict)
    timeout_s: float = Field(default=60.0, gt=0)
    num_retries: int = Field(default=0, ge=0)
    fallbacks: list[Identifier] = Field(default_factory=list)
    trains_on_input: bool
    region: Label
    zone: Zone
    max_level_unmasked: LevelId
    max_level_masked: LevelId
    label: Label
    description: str = ""
    # Estimated yen per 1,000 tokens (contract price), for the dashboard's cost figures.
    price_yen_per_1k_input: float = Field(default=0.0, ge=0)
    price_yen_per_1k_output: float = Field(default=0.0, ge=0)
    # How the model is customised, as the 総務省 survey asks (e.g. なし, RAG, ファインチューニング).
    customization: Label = "なし"

    @field_validator("api_key", mode="before")
    @classmethod
    def _no_inline_secret(cls, value: object) -> object:
        if isinstance(value, str):
            # A ValueError, not a TypeError: pydantic turns only ValueError into a validation error.
            message = 'APIキーを直接書かないでください。{"$env": "環境変数名"} の形で環境変数を参照してください'
            raise ValueError(message)  # noqa: TRY004
        return value

    @field_validator("api_base")
    @classmethod
    def _no_credentials_in_url(cls, value: str | None) -> str | None:
        if value is not None:
            parts = urlsplit(value)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise ValueError("http:// または https:// で始まるURLを指定してください")
            if parts.username or parts.password or _looks_secret_query(parts.query):
                raise ValueError(
                    'URLに認証情報を含めないでください。api_key に {"$env": "環境変数名"} を指定してください'
                )
        return value

    @field_validator("params")
    @classmethod
    def _no_secret_params(cls, value: dict[str, Any]) -> dict[str, Any]:
        if found := _secret_keys(value):
            raise ValueError(
                f"params に秘密情報らしき項目があります（{', '.join(found)}）。"
                'APIキーは api_key に {"$env": "環境変数名"} で、クラウドの認証情報は環境変数で渡してください'
            )
        return value

    @model_validator(mode="after")
    def _provider_fields(self) -> ModelSpec:
        if self.provider == "litellm" and self.litellm_model is None:
            raise ValueError("provider: litellm には litellm_model（例: azure/gpt-4o）が必要です")
        if self.provider != "litellm" and self.litellm_model is not None:
            raise ValueError(f"litellm_model は provider: litellm のときだけ指定できます（provider: {self.provider}）")
        if self.provider != "openai_compatible" and self.upstream_model is not None:
            raise ValueError(f"upstream_model は provider: openai_compatible のときだけ指定できます（provider: {self.provider}）")
        if self.provider == "openai_compatible" and (self.upstream_model is None or self.api_base is None):
            raise ValueError(
                "provider: openai_compatible には upstream_model（接続先が提供するモデル名）と "
                "api_base（例: http://llm.internal:8000/v1）が必要です"
            )
        if self.provider == "preview" and (self.api_base or self.api_key or self.params):
            raise ValueError("provider: preview は litellm_model / api_base / api_key / params を取りません")
        return self


def _looks_secret_query(query: str) -> bool:
    return any(_looks_secret(pair.split("=", 1)[0]) for pair in query.split("&") if pair)
