"""ModelSpec: secrets are referenced, never written into params or URLs, and never shown."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from policies import ModelSpec

LITELLM = {
    "id": "cloud",
    "provider": "litellm",
    "litellm_model": "azure/gpt-4o",
    "trains_on_input": False,
    "region": "japaneast",
    "zone": "internet",
    "max_level_unmasked": "2",
    "max_level_masked": "3B",
    "label": "クラウド",
}


def _spec(**changes: Any) -> ModelSpec:
    return ModelSpec.model_validate({**LITELLM, **changes})


def _error(**changes: Any) -> str:
    with pytest.raises(ValidationError) as caught:
        _spec(**changes)
    return str(caught.value)


@pytest.mark.parametrize(
    "params",
    [
        {"max_tokens": 512},
        {"temperature": 0.2, "top_k": 5},
        {"api_version": "2024-10-21"},
        {"aws_region_name": "ap-northeast-1"},
        {"extra_body": {"keep_alive": "5m"}},
    ],
)
def test_ordinary_params_are_accepted(params: dict[str, Any]) -> None:
    assert _spec(params=params).params == params


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"api_key": "fictitious-value"}, "api_key"),
        ({"apiKey": "fictitious-value"}, "apiKey"),
        ({"aws_secret_access_key": "fictitious-value"}, "aws_secret_access_key"),
        ({"access-token": "fictitious-value"}, "access-token"),
        ({"password": "fictitious-value"}, "password"),
        ({"extra_headers": {"Authorization": "fictitious-value"}}, "extra_headers.Authorization"),
        ({"headers": [{"Cookie": "fictitious-value"}]}, "headers.0.Cookie"),
    ],
)
def test_secret_looking_params_are_refused_without_echoing_the_value(params: dict[str, Any], named: str) -> None:
    message = _error(params=params)
    assert named in message
    assert "fictitious-value" not in message


@pytest.mark.parametrize(
    ("api_base", "accepted"),
    [
        ("https://example-tenant.openai.azure.com", True),
        ("http://vllm.example.internal:8000/v1", True),
        ("https://user:fictitious-value@example-tenant.openai.azure.com", False),
        ("https://example-tenant.openai.azure.com/?api-key=fictitious-value", False),
        ("ftp://example.jp", False),
        ("example-tenant.openai.azure.com", False),
    ],
)
def test_api_base_is_an_http_url_without_credentials(api_base: str, accepted: bool) -> None:
    if accepted:
        assert _spec(api_base=api_base).api_base == api_base
    else:
        assert "fictitious-value" not in _error(api_base=api_base)


def test_inline_api_key_is_refused_with_a_hint_and_without_the_value() -> None:
    message = _error(api_key="fictitious-value")
    assert "$env" in message
    assert "fictitious-value" not in message


@pytest.mark.parametrize(
    ("changes", "message_part"),
    [
        ({"litellm_model": None}, "litellm_model"),
        ({"provider": "preview"}, "provider: preview"),
        ({"provider": "ollama"}, "provider"),
        ({"timeout_s": 0}, "timeout_s"),
        ({"num_retries": -1}, "num_retries"),
    ],
)
def test_provider_fields_must_fit_the_provider(changes: dict[str, Any], message_part: str) -> None:
    assert message_part in _error(**changes)


def test_an_openai_compatible_endpoint_needs_its_model_name_and_address() -> None:
    spec = _spec(provider="openai_compatible", litellm_model=None, upstream_model="Qwen/Qwen3-8B",
                 api_base="http://llm.internal:8000/v1")
    assert (spec.provider, spec.upstream_model) == ("openai_compatible", "Qwen/Qwen3-8B")
    assert "upstream_model" in _error(provider="openai_compatible", litellm_model=None, api_base="http://llm.internal:8000/v1")
    assert "api_base" in _error(provider="openai_compatible", litellm_model=None, upstream_model="m")


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"upstream_model": "m"}, "upstream_model"),  # on a litellm model
        ({"provider": "openai_compatible", "upstream_model": "m", "api_base": "http://h/v1"}, "litellm_model"),
    ],
)
def test_a_field_of_another_provider_kind_is_refused_by_name(changes: dict[str, Any], named: str) -> None:
    assert named in _error(**changes)
