"""A conversation over HTTP: the answer the client received is analyzed once, so the next turn analyzes only what is new."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

import openai
import pytest

from gateway.detection import CachingDetector, Detector
from tests.gateway.conftest import Keys, ServerThread
from tests.support.counting_detector import CountingDetector
from tests.support.upstream import RecordingUpstream

ANSWER = "<PERSON_1>様、承知しました。転居届は市民課の窓口で受け付けます。本人確認書類をお持ちください。"


def _until(condition: Callable[[], bool]) -> None:
    # The answer is remembered after it was sent: wait for it, never longer than 10 s.
    deadline = time.monotonic() + 10
    while not condition():
        assert time.monotonic() < deadline, "the answer was not analyzed after it was sent"
        time.sleep(0.02)


@pytest.mark.parametrize("stream", [False, True])
def test_the_next_turn_analyzes_only_the_new_staff_message(
    make_server: Callable[..., ServerThread], keys: Keys, upstream: RecordingUpstream, detector: Detector, stream: bool
) -> None:
    counting = CountingDetector(detector)
    server = make_server(detector=CachingDetector(counting))
    client = openai.OpenAI(base_url=f"{server.url}/v1", api_key=keys.staff, max_retries=0, timeout=30)
    upstream.reply_with(text=ANSWER, stream_chunk_chars=4)
    nonce = uuid.uuid4().hex[:8]
    first = f"（{nonce}）相談者の山田太郎さん（携帯090-1234-5678）が転居します。案内文を作ってください。"
    history = [{"role": "user", "content": first}]

    def ask() -> str:
        if stream:
            chunks = client.chat.completions.create(model="upstream", messages=history, stream=True)
            return "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
        return client.chat.completions.create(model="upstream", messages=history).choices[0].message.content or ""

    answer = ask()
    assert answer.startswith("山田太郎様、承知しました。")
    _until(lambda: answer in counting.texts)
    history.append({"role": "assistant", "content": answer})
    second = f"（{nonce}）山田太郎さんの新住所は東京都千代田区霞が関1-2-3です。追記してください。"
    history.append({"role": "user", "content": second})
    before = len(counting.texts)
    ask()
    sent = upstream.requests[-1].body["messages"]
    assert [m["role"] for m in sent] == ["user", "assistant", "user"]
    assert "山田太郎" not in str(sent) and sent[1]["content"].startswith("<PERSON_1>様")
    # The answer stage checks the provider's answer (with placeholders); the request side analyzed only ``second``.
    assert second in counting.texts[before:] and answer not in counting.texts[before:]
    assert first not in counting.texts[before:]
