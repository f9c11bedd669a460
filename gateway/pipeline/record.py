"""Record stage: one audit record per request, whatever its end.

A forwarded request is opened *before* anything leaves the building (if that
write fails the request is refused) and closed when the answer ends. A request
refused earlier (bad key, bad input, policy block, detector failure) gets one
record opened and closed at once. Records hold types, counts and reasons, and
the content the policy's ``audit.content`` asks for (``audit.content``):

* the request with *every* finding masked (a fresh placeholder map, whatever
  the decision sent upstream: a model allowed unmasked values still never gets
  them into the audit store); nothing when detection did not complete;
* the answer as the output check stored it (every personal value a
  placeholder, numbered like the stored request), when there was an answer;
* in ``masked_encrypted``, the original messages, encrypted for the CAIO.

With an answer, the output check's findings (types and counts) go onto the
record in the same close, so they are in the record's hash.

Example:
    >>> recorder = Recorder(store, "req-0001", "r12", content=ContentKeeper("masked"))
    >>> await recorder.open(exchange)
    >>> await recorder.close(status="completed", http_status=200, check=answer.check)
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import anyio
import orjson

from audit import AuditEntry, AuditOutcome, AuditStore
from audit.content import ContentKeeper, KeptContent
from gateway.errors import AuditUnavailable, GatewayError, PolicyBlocked
from gateway.masking import PlaceholderMap
from gateway.pipeline.exchange import Exchange
from gateway.pipeline.output_check import OutputCheck
from gateway.pipeline.stages import masked_messages

__all__ = ["Recorder"]

log = logging.getLogger(__name__)


class Recorder:
    def __init__(self, store: AuditStore, request_id: str, policy_revision: str,
                 content: ContentKeeper | None = None) -> None:
        self._store = store
        self.request_id = request_id
        self._revision = policy_revision
        self._keeper = content or ContentKeeper("masked")
        self._started = time.perf_counter()
        self._opened = False
        self._exchange: Exchange | None = None

    def _entry(self, exchange: Exchange | None, model: str = "", user: str = "", department: str = "", key_id: str = "", client: str = "") -> AuditEntry:
        if exchange is None:
            return AuditEntry(
                request_id=self.request_id, user=user, department=department, key_id=key_id,
                model_requested=model, action="none", policy_revision=self._revision, client=client,
            )
        decision = exchange.decision
        principal = exchange.principal
        return AuditEntry(
            request_id=self.request_id,
            user=principal.user,
            department=principal.department,
            key_id=principal.key_id,
            model_requested=exchange.model,
            action=decision.action if decision else "none",
            policy_revision=decision.revision if decision else self._revision,
            level=decision.level if decision else None,
            mask_applied=bool(decision and decision.mask_types and decision.action != "block"),
            entity_counts=exchange.entity_counts,
            reasons=decision.reasons if decision else (),
            use_case=decision.use_case if decision else exchange.use_case,
            review_required=bool(decision and decision.review_required),
            stream=exchange.stream,
            client=exchange.client,
        )

    def _latency_ms(self) -> float:
        return (time.perf_counter() - self._started) * 1000

    async def _write(self, write: Callable[..., None], *args: Any) -> None:
        # A SQLite write takes less time than handing it to a thread would;
        # a network database gets a thread so that the event loop never waits on it.
        if self._store.embedded:
            write(*args)
        else:
            await anyio.to_thread.run_sync(write, *args)

    async def open(self, exchange: Exchange) -> None:
        """Open the record of a request about to be forwarded; raises AuditUnavailable."""
        await self._write(self._store.open, self._entry(exchange))
        self._opened = True
        self._exchange = exchange

    def _content(self, check: OutputCheck | None) -> KeptContent | None:
        exchange = self._exchange
        if not self._keeper.keeps_text or exchange is None:
            return None
        masked_answer = check.stored_answer() if check is not None else None
        # Findings for every slot, or detection did not finish: nothing could be masked, so nothing is kept.
        if len(exchange.findings) != len(exchange.slots):
            return self._keeper.keep(None, masked_answer, None)
        # The output check masked the request already (its answer continues that numbering).
        stored = check.stored_request() if check is not None else masked_messages(exchange, PlaceholderMap(), None)
        return KeptContent(request=_json(stored), answer=masked_answer, original=seal_original(exchange, self._keeper))

    async def close(self, *, status: str, http_status: int, model_used: str | None = None,
                    usage: dict[str, Any] | None = None, error_code: str | None = None,
                    check: OutputCheck | None = None) -> None:
        """Close the record; ``check`` is the answer's output check, when there was an answer."""
        usage = usage or {}
        outcome = AuditOutcome(
            status=status,  # type: ignore[arg-type]
            http_status=http_status,
            model_used=model_used,
            prompt_tokens=_int(usage.get("prompt_tokens")),
            completion_tokens=_int(usage.get("completion_tokens")),
            total_tokens=_int(usage.get("total_tokens")),
            latency_ms=self._latency_ms(),
            error_code=error_code,
            output_entity_counts=None if check is None else dict(check.new_counts),
            output_action=None if check is None else check.outcome,
            output_foreign_placeholders=None if check is None else check.foreign,
        )
        await self._write(self._store.close, self.request_id, outcome, self._content(check))

    async def refused(self, error: GatewayError, exchange: Exchange | None, **who: str) -> None:
        """Record a request that ends in ``error``; before forwarding, or after it failed."""
        status = "blocked" if isinstance(error, PolicyBlocked) else ("failed" if self._opened else "rejected")
        try:
            if not self._opened:
                await self._write(self._store.open, self._entry(exchange, **who))
                self._opened = True
                self._exchange = exchange
            await self.close(status=status, http_status=error.status, error_code=error.code)
        except AuditUnavailable:
            if isinstance(error, AuditUnavailable):
                return
            raise


def seal_original(exchange: Exchange, keeper: ContentKeeper) -> str | None:
    """The exchange's messages encrypted for the CAIO (None unless ``masked_encrypted``), sealed once per exchange."""
    if exchange.sealed_original is None and keeper.keeps_original:
        exchange.sealed_original = keeper.seal(_json(exchange.messages).encode())
    return exchange.sealed_original


def _json(messages: list[dict[str, Any]]) -> str:
    return orjson.dumps(messages).decode()


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and value >= 0 else None
