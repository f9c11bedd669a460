"""The litellm seam: errors become ours, secrets come from the environment, the cost hook is in place."""

from __future__ import annotations

import asyncio

import pytest

from gateway.errors import UpstreamError
from gateway.providers.base import ProviderCall
from gateway.providers.litellm_provider import LitellmProvider
from policies import load_policy


def test_litellm_cost_hook_still_exists_and_is_switched_off() -> None:
    LitellmProvider()
    from litellm.litellm_core_utils.litellm_logging import Logging

    assert Logging.response_cost_calculator.__name__ == "no_cost"


def test_missing_secret_is_a_clear_upstream_error_naming_no_value(policy_file, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.gateway.conftest import UPSTREAM_KEY_ENV

    spec = load_policy(policy_file).models["upstream"]
    monkeypatch.delenv(UPSTREAM_KEY_ENV)
    with pytest.raises(UpstreamError) as caught:
        asyncio.run(LitellmProvider().complete(ProviderCall(spec, [{"role": "user", "content": "こんにちは"}])))
    assert "upstream" in caught.value.message and "sk-" not in caught.value.message
