"""provider: openai_compatible — the endpoint is called directly, over the OpenAI protocol, without litellm."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openai
import pytest
import yaml

from tests.gateway.conftest import UPSTREAM_KEY
from tests.gateway.values import BAR_PROMPT, BAR_VALUES
from tests.support.upstream import RecordingUpstream

ROOT = Path(__file__).resolve().parents[2]


def _chat_requests(upstream: RecordingUpstream) -> list:
    return [r for r in upstream.requests if r.path.endswith("/chat/completions")]


def test_the_endpoint_gets_its_own_model_name_and_the_key_from_the_environment(
    client: openai.OpenAI, upstream: RecordingUpstream
) -> None:
    client.chat.completions.create(model="upstream-direct", messages=[{"role": "user", "content": "こんにちは"}])
    (request,) = _chat_requests(upstream)
    assert request.body is not None and request.body["model"] == "test-model"
    assert request.headers["authorization"] == f"Bearer {UPSTREAM_KEY}"
    assert request.body["stream"] is False


@pytest.mark.parametrize("status", [429, 500, 503])
def test_a_retryable_failure_is_tried_num_retries_more_times_then_is_a_502(
    client: openai.OpenAI, upstream: RecordingUpstream, status: int
) -> None:
    upstream.reply_with(status=status, error_body={"error": {"message": f"echo: {BAR_PROMPT}"}})
    with pytest.raises(openai.APIStatusError) as caught:
        client.chat.completions.create(model="direct-retrying", messages=[{"role": "user", "content": BAR_PROMPT}])
    assert caught.value.status_code == 502
    assert len(_chat_requests(upstream)) == 3  # num_retries: 2
    message = caught.value.body["message"]
    assert f"HTTP {status}" in message and "echo" not in message
    assert not any(value in message for value in BAR_VALUES)


def test_a_client_error_from_the_endpoint_is_not_retried(client: openai.OpenAI, upstream: RecordingUpstream) -> None:
    upstream.reply_with(status=400)
    with pytest.raises(openai.APIStatusError) as caught:
        client.chat.completions.create(model="direct-retrying", messages=[{"role": "user", "content": "こんにちは"}])
    assert caught.value.status_code == 502
    assert len(_chat_requests(upstream)) == 1


def test_a_missing_secret_is_a_clear_error_and_nothing_is_sent(
    client: openai.OpenAI, upstream: RecordingUpstream, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.gateway.conftest import UPSTREAM_KEY_ENV

    monkeypatch.delenv(UPSTREAM_KEY_ENV)
    with pytest.raises(openai.APIStatusError) as caught:
        client.chat.completions.create(model="upstream-direct", messages=[{"role": "user", "content": "こんにちは"}])
    assert caught.value.status_code == 502
    assert "シークレット" in caught.value.body["message"]
    assert _chat_requests(upstream) == []


def test_a_worker_whose_policy_has_no_litellm_model_never_imports_litellm(tmp_path: Path, upstream: RecordingUpstream) -> None:
    from tests.support.models import openai_compatible_model

    policy = yaml.safe_load((ROOT / "policies" / "default" / "policy.yaml").read_text(encoding="utf-8"))
    policy["models"]["vllm"] = openai_compatible_model(upstream.url, "DIRECT_KEY")
    assert all(spec["provider"] != "litellm" for spec in policy["models"].values())
    path = tmp_path / "policy.yaml"
    path.write_text(yaml.safe_dump(policy, allow_unicode=True), encoding="utf-8")
    script = (
        "import sys\n"
        "from gateway.runtime import build_runtime\n"
        "from gateway.settings import Settings\n"
        f"runtime = build_runtime(Settings(policy={str(path)!r}, database_url={f'sqlite:///{tmp_path}/a.db'!r}))\n"
        "print(runtime.providers.for_model(runtime.policy.models['vllm']).__class__.__name__)\n"
        "print('litellm' in sys.modules)\n"
    )
    shown = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert shown.returncode == 0, shown.stderr[-2000:]
    assert shown.stdout.split() == ["OpenAICompatibleProvider", "False"]
