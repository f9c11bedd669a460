"""The integrity badge: the last result of verifying the audit hash chain.

Verifying a million records takes seconds, so pages never wait for it: a
verification runs in a background thread when the last one is older than
``MAX_AGE_SECONDS`` (or on demand, from the audit log page's button), and the
badge shows the last finished result with its time. One monitor per process.

Example:
    >>> monitor = IntegrityMonitor(engine, key=None)
    >>> monitor.check_now().result.ok
    True
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine

from audit.chain import VerifyResult, verify
from gateway.database import utc_now

__all__ = ["IntegrityMonitor", "IntegrityStatus"]

log = logging.getLogger(__name__)

MAX_AGE_SECONDS = 900.0


@dataclass(frozen=True)
class IntegrityStatus:
    """The last finished verification (None before the first) and whether one is running."""

    result: VerifyResult | None
    checked_at: datetime | None
    running: bool
    failed: bool = False


class IntegrityMonitor:
    """Runs ``audit.chain.verify`` off the request path and keeps its last result."""

    def __init__(self, engine: Engine, key: bytes | None, max_age: float = MAX_AGE_SECONDS) -> None:
        self._engine = engine
        self._key = key
        self._max_age = max_age
        self._lock = threading.Lock()
        self._status = IntegrityStatus(None, None, False)
        self._finished = 0.0
        self._thread: threading.Thread | None = None

    def status(self) -> IntegrityStatus:
        """The last result; starts a background verification when it is missing or stale."""
        with self._lock:
            stale = self._status.result is None or time.monotonic() - self._finished > self._max_age
            if stale and not self._status.running:
                self._start()
            return self._status

    def check_now(self) -> IntegrityStatus:
        """Verify now, in the calling thread (the page's button runs it in a worker thread)."""
        self._run()
        return self._status

    def _start(self) -> None:
        self._status = IntegrityStatus(self._status.result, self._status.checked_at, True, self._status.failed)
        self._thread = threading.Thread(target=self._run, name="audit-verify", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            result, failed = verify(self._engine, self._key), False
        except Exception as exc:  # noqa: BLE001 - any failure must show as "not verified", never as "verified"
            log.error("audit chain verification failed to run: %s", type(exc).__name__)
            result, failed = None, True
        with self._lock:
            self._finished = time.monotonic()
            self._status = IntegrityStatus(result, utc_now(), False, failed)
