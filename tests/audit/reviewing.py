"""Review items for the store tests: the people involved, an open audit record, and a draft item.

Example:
    open_record(engine, "req-1")
    store.create(draft("req-1"))
"""

from __future__ import annotations

from sqlalchemy import Engine

from audit import AuditEntry, SqlAuditStore
from audit.review import ReviewDraft
from gateway.keys import Principal
from tests.support.clock import START

__all__ = ["AUDITOR", "CAIO", "KACHO", "KAKARICHO", "OTHER", "REQUESTER", "START", "draft", "open_record"]

REQUESTER = Principal("a" * 16, "suzuki.hanako", "soumu", frozenset({"staff"}))
KAKARICHO = Principal("b" * 16, "takahashi", "soumu", frozenset({"reviewer"}))
KACHO = Principal("c" * 16, "watanabe", "soumu", frozenset({"reviewer"}))
OTHER = Principal("d" * 16, "kobayashi", "fukushi", frozenset({"reviewer"}))
CAIO = Principal("e" * 16, "nakamura", "kikaku", frozenset({"caio"}))
AUDITOR = Principal("f" * 16, "kimura", "kikaku", frozenset({"auditor"}))


def open_record(engine: Engine, request_id: str, requester: Principal = REQUESTER) -> None:
    SqlAuditStore(engine).open(AuditEntry(
        request_id=request_id, user=requester.user, department=requester.department, key_id=requester.key_id,
        model_requested="upstream", action="allow", policy_revision="r1", level="1", use_case="resident_document",
        review_required=True,
    ))


def draft(request_id: str, steps: tuple[str, ...] = ("係長", "課長"), requester: Principal = REQUESTER,
          hours: int = 72) -> ReviewDraft:
    return ReviewDraft(id=f"rv-{request_id}", request_id=request_id, requester=requester, use_case="resident_document",
                       steps=steps, deadline_hours=hours, masked_request=[{"role": "user", "content": "<PERSON_1>さん"}],
                       masked_answer="<PERSON_1>様")
