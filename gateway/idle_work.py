"""Work that can wait: it runs only while the worker serves no request.

After an answer has gone out, the gateway analyzes it as the client received
it, so that the next turn of the conversation, which sends it back, finds it
in the detection cache (``Answer.remember``). That work is speculative: a
conversation may never continue, and if it does, the next turn analyzes the
text itself. Done at once, it competes for the CPU with the requests the
worker is serving and costs each of them an analysis.

So it waits here until the worker has had no request in flight for
``quiet_s``. Staff take seconds between two turns, which leaves it ample
time; a worker under steady load never finds the pause, and the oldest
waiting jobs are dropped beyond ``max_pending``, so the queue stays bounded
and live requests keep the CPU. Jobs run one at a time in a thread. Nothing is
logged but counts and exception types.

Example:
    >>> idle = IdleWork(quiet_s=0.05)
    >>> task = asyncio.create_task(idle.run())         # in the app's lifespan
    >>> idle.submit(lambda: detector.detect(answer))   # after the answer went out
    >>> with idle.busy():                              # around every request (IdleWorkMiddleware)
    ...     ...
"""

from __future__ import annotations

import asyncio
import collections
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import NamedTuple

import anyio
from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["IdleWork", "IdleWorkMiddleware", "IdleWorkStats"]

log = logging.getLogger(__name__)


class IdleWorkStats(NamedTuple):
    done: int
    dropped: int
    pending: int


class IdleWork:
    """Jobs run in a thread, one at a time, once no request has been in flight for ``quiet_s`` seconds."""

    def __init__(self, quiet_s: float = 0.05, max_pending: int = 256) -> None:
        if quiet_s < 0 or max_pending < 1:
            raise ValueError("quiet_s must be >= 0 and max_pending >= 1")
        self._quiet_s = quiet_s
        self._pending: collections.deque[Callable[[], object]] = collections.deque()
        self._max_pending = max_pending
        self._in_flight = 0
        self._last_busy = time.monotonic()
        self._wake = asyncio.Event()
        self._done = self._dropped = 0

    @contextmanager
    def busy(self) -> Iterator[None]:
        """Mark one request in flight for the duration of the block."""
        self._in_flight += 1
        try:
            yield
        finally:
            self._in_flight -= 1
            self._last_busy = time.monotonic()

    def submit(self, job: Callable[[], object]) -> None:
        """Queue ``job``; the oldest waiting job is dropped when ``max_pending`` are waiting."""
        if len(self._pending) >= self._max_pending:
            self._pending.popleft()
            self._dropped += 1
        self._pending.append(job)
        self._wake.set()

    def stats(self) -> IdleWorkStats:
        return IdleWorkStats(self._done, self._dropped, len(self._pending))

    async def run(self) -> None:
        """Run queued jobs in quiet moments, until cancelled."""
        while True:
            if not self._pending:
                self._wake.clear()
                await self._wake.wait()
                continue
            if wait := self._wait_for_quiet():
                await asyncio.sleep(wait)
                continue
            job = self._pending.popleft()
            try:
                await anyio.to_thread.run_sync(job)
            except Exception as exc:  # noqa: BLE001 - the work is optional: a failure costs only a cache entry
                log.warning("idle job failed: type=%s", type(exc).__name__)
            self._done += 1

    def _wait_for_quiet(self) -> float:
        """Seconds until the worker has been quiet for ``quiet_s``; 0 when it has."""
        if self._in_flight:
            return self._quiet_s
        return max(0.0, self._last_busy + self._quiet_s - time.monotonic())


class IdleWorkMiddleware:
    """Pure ASGI middleware: every HTTP request counts as in flight until its response is finished.

    ``idle`` returns the worker's IdleWork (it is built with the runtime, in the app's lifespan).
    """

    def __init__(self, app: ASGIApp, idle: Callable[[], IdleWork]) -> None:
        self.app = app
        self.idle = idle

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with self.idle().busy():
            await self.app(scope, receive, send)
