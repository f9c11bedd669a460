"""Review stage: once the answer is complete, open its review item, before the audit record is closed.

For a use-case with ``review_required``, the item holds the masked request and
the masked answer (``audit.review``), and the original request only encrypted
for the CAIO when the policy's ``audit.content`` keeps one. (The output check's
findings go onto the audit record itself, in its close: ``Recorder.close``.)

If the write fails the answer is not delivered as complete (fail closed).

Example:
    >>> review_id = review_id_for(exchange)           # None unless the use-case needs a review
    >>> await settle(exchange, runtime, answer, review_id, model_used="azure-gpt4o")
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import anyio

from audit.review import ReviewDraft, new_review_id
from gateway.errors import AuditUnavailable
from gateway.pipeline.answer import Answer
from gateway.pipeline.exchange import Exchange
from gateway.pipeline.record import seal_original

if TYPE_CHECKING:
    from gateway.runtime import Runtime

__all__ = ["review_id_for", "settle"]

_NO_STORE = "確認（レビュー）の記録先がないため、確認が必要な利用目的は使えません。管理者に連絡してください。"


def review_id_for(exchange: Exchange, runtime: Runtime) -> str | None:
    """A new review id when the decision requires a review; raises AuditUnavailable if it cannot be stored."""
    decision = exchange.decision
    if decision is None or decision.action == "block" or not decision.review_required:
        return None
    if runtime.reviews is None:
        raise AuditUnavailable(_NO_STORE)
    return new_review_id()


async def settle(exchange: Exchange, runtime: Runtime, answer: Answer, review_id: str | None, model_used: str) -> None:
    reviews = runtime.reviews
    if reviews is None or review_id is None:
        return
    check = answer.check
    decision = exchange.decision
    assert decision is not None
    use_case = runtime.policy.use_cases[decision.use_case]
    draft = ReviewDraft(
        id=review_id,
        request_id=exchange.request_id,
        requester=exchange.principal,
        use_case=decision.use_case,
        steps=tuple(use_case.approval_steps),
        deadline_hours=use_case.review_deadline_hours,
        masked_request=check.stored_request(),
        masked_answer=check.stored_answer(),
        model_used=model_used,
        level=decision.level,
        kept_original=seal_original(exchange, runtime.content),
    )
    await anyio.to_thread.run_sync(reviews.create, draft)

