"""The answer stages on a stream, fed chunk by chunk: whatever the cuts, the same text comes out."""

from __future__ import annotations

from typing import Any

import pytest

from gateway.detection import Detector
from gateway.dryrun import DryRun
from gateway.pipeline.answer import Answer
from gateway.settings import DEFAULT_POLICY
from policies import Policy, load_policy
from tests.gateway.values import PERSON, PHONE_MOBILE


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy(DEFAULT_POLICY)


def _answer(policy: Policy, detector: Detector, prompt: str) -> Answer:
    exchange = DryRun(policy, detector).evaluate([{"role": "user", "content": prompt}], model="preview", department="soumu")
    return Answer(exchange, policy, detector, restores=True)


def _chunk(content: str | None = None, finish: str | None = None) -> dict[str, Any]:
    delta = {} if content is None else {"content": content}
    return {"id": "c1", "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}


def _run(answer: Answer, pieces: list[str]) -> str:
    out = [c for piece in pieces for c in answer.feed(_chunk(piece))] + answer.feed(_chunk(finish="stop")) + answer.finish()
    return "".join(choice["delta"].get("content") or "" for c in out for choice in c["choices"])


def test_every_two_piece_cut_gives_the_same_checked_and_restored_text(policy: Policy, detector: Detector) -> None:
    text = f"＜PERSON_1＞様、折り返しは{PHONE_MOBILE}へ。以上です"
    expected = f"{PERSON}様、折り返しは［電話番号］へ。以上です"
    for cut in range(1, len(text)):
        answer = _answer(policy, detector, f"{PERSON}さんへの返信を書いてください。")
        assert _run(answer, [text[:cut], text[cut:]]) == expected, cut
        assert answer.check.new_counts == {"JP_PHONE_NUMBER": 1}


def test_a_forced_cut_never_splits_a_value(policy: Policy, detector: Detector) -> None:
    # No sentence end: the check must cut the held text 80 characters before its end, which falls inside the number.
    text = "あいうえお" * 184 + f"電話{PHONE_MOBILE}" + "かきくけこ" * 14
    assert 1000 < len(text) and text.index(PHONE_MOBILE) < len(text) - 80 < text.index(PHONE_MOBILE) + len(PHONE_MOBILE)
    answer = _answer(policy, detector, "案内文")
    assert _run(answer, [text]) == text.replace(PHONE_MOBILE, "［電話番号］")
    assert answer.check.new_counts == {"JP_PHONE_NUMBER": 1}
    assert PHONE_MOBILE not in answer.check.stored_answer()


def test_stored_answer_keeps_placeholders_and_the_requests_numbering(policy: Policy, detector: Detector) -> None:
    answer = _answer(policy, detector, f"{PERSON}さんへの返信を書いてください。")
    _run(answer, [f"<PERSON_1>様、{PHONE_MOBILE}まで。"])
    assert answer.check.stored_answer() == "<PERSON_1>様、<JP_PHONE_NUMBER_1>まで。"
    assert answer.check.stored_request()[0]["content"] == "<PERSON_1>さんへの返信を書いてください。"
