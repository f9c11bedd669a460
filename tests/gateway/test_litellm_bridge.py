"""The litellm bridge: the workers' litellm calls go to one process, over a Unix socket, with the same answers and errors."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import openai
import pytest

from gateway.providers.litellm_bridge import BridgeProcess
from tests.gateway.conftest import Keys, ServerThread
from tests.gateway.values import BAR_PROMPT, BAR_VALUES
from tests.support.upstream import RecordingUpstream

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bridge() -> Iterator[BridgeProcess]:
    from tests.gateway.conftest import UPSTREAM_KEY, UPSTREAM_KEY_ENV

    # The bridge reads the models' secrets from its own environment, inherited from the gateway.
    os.environ[UPSTREAM_KEY_ENV] = UPSTREAM_KEY
    process = BridgeProcess().start()
    yield process
    process.stop()


@pytest.fixture
def bridged(make_server: Callable[..., ServerThread], keys: Keys, bridge: BridgeProcess) -> openai.OpenAI:
    from gateway.providers import ProviderRegistry

    server = make_server(providers=ProviderRegistry(litellm_bridge=bridge.socket))
    return openai.OpenAI(base_url=f"{server.url}/v1", api_key=keys.staff, max_retries=0, timeout=30)


def _sent(upstream: RecordingUpstream) -> str:
    return "".join(r.raw.decode() for r in upstream.requests if r.path.endswith("/chat/completions"))


@pytest.mark.parametrize("stream", [False, True])
def test_a_masked_request_goes_through_the_bridge_and_comes_back_restored(
    bridged: openai.OpenAI, upstream: RecordingUpstream, stream: bool
) -> None:
    upstream.reply_with(stream_chunk_chars=3)
    result = bridged.chat.completions.create(model="upstream", messages=[{"role": "user", "content": BAR_PROMPT}], stream=stream)
    text = "".join(c.choices[0].delta.content or "" for c in result if c.choices) if stream else result.choices[0].message.content
    assert text == BAR_PROMPT
    sent = _sent(upstream)
    assert sent and not any(value in sent for value in BAR_VALUES)


@pytest.mark.parametrize("stream", [False, True])
def test_the_bridge_keeps_the_errors_the_gateway_gives(bridged: openai.OpenAI, upstream: RecordingUpstream, stream: bool) -> None:
    with pytest.raises(openai.APIStatusError) as unreachable:
        result = bridged.chat.completions.create(model="down-alone", messages=[{"role": "user", "content": "こんにちは"}], stream=stream)
        list(result) if stream else None
    assert unreachable.value.status_code == 502 and "down-alone" in unreachable.value.body["message"]
    upstream.reply_with(delay_s=2.0)
    with pytest.raises(openai.APIStatusError) as slow:
        result = bridged.chat.completions.create(model="slow", messages=[{"role": "user", "content": "こんにちは"}], stream=stream)
        list(result) if stream else None
    assert slow.value.status_code == 504


def test_a_fallback_is_tried_when_the_bridged_model_fails(bridged: openai.OpenAI, upstream: RecordingUpstream) -> None:
    answer = bridged.chat.completions.create(model="down", messages=[{"role": "user", "content": "こんにちは"}])
    assert answer.choices[0].message.content == "こんにちは"


def test_a_stopped_bridge_is_a_502_and_nothing_is_sent(
    make_server: Callable[..., ServerThread], keys: Keys, upstream: RecordingUpstream, tmp_path: Path
) -> None:
    from gateway.providers import ProviderRegistry

    server = make_server(providers=ProviderRegistry(litellm_bridge=str(tmp_path / "no-bridge.sock")))
    client = openai.OpenAI(base_url=f"{server.url}/v1", api_key=keys.staff, max_retries=0, timeout=30)
    with pytest.raises(openai.APIStatusError) as caught:
        client.chat.completions.create(model="upstream", messages=[{"role": "user", "content": "こんにちは"}])
    assert caught.value.status_code == 502 and "中継プロセス" in caught.value.body["message"]
    assert _sent(upstream) == ""


def test_a_bridge_that_dies_is_started_again(bridge: BridgeProcess) -> None:
    from gateway.providers.litellm_bridge import _answers

    assert bridge._process is not None
    first = bridge._process.pid
    bridge._process.kill()
    for _ in range(600):
        if bridge._process.pid != first and _answers(bridge.socket):
            break
        time.sleep(0.1)
    assert bridge._process.pid != first and _answers(bridge.socket)


def test_a_worker_with_the_bridge_never_imports_litellm(tmp_path: Path, policy_file: Path, bridge: BridgeProcess) -> None:
    script = (
        "import sys\n"
        "from gateway.runtime import build_runtime\n"
        "from gateway.settings import Settings\n"
        f"settings = Settings(policy={str(policy_file)!r}, database_url={f'sqlite:///{tmp_path}/a.db'!r},"
        f" litellm_bridge={bridge.socket!r})\n"
        "runtime = build_runtime(settings)\n"
        "print(type(runtime.providers.for_model(runtime.policy.models['upstream'])).__name__)\n"
        "print('litellm' in sys.modules)\n"
    )
    shown = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert shown.returncode == 0, shown.stderr[-2000:]
    assert shown.stdout.split() == ["LitellmBridgeProvider", "False"]
