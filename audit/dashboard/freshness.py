"""Keeps the daily rollups current: a background refresh at most every ``INTERVAL_SECONDS``.

Pages never wait for it. Until a refresh has run, pages read the days not
rolled up yet straight from ``audit_records`` (same figures, slower); see
``audit.figures.rollups``.

Example:
    >>> RollupRefresher(engine).poke()    # starts a refresh thread if one is due
"""

from __future__ import annotations

import logging
import threading
import time

from sqlalchemy import Engine

from audit.figures.rollups import refresh

__all__ = ["RollupRefresher"]

log = logging.getLogger(__name__)

INTERVAL_SECONDS = 600.0


class RollupRefresher:
    """One per process; replicas may refresh together (the refresh takes a database lock)."""

    def __init__(self, engine: Engine, interval: float = INTERVAL_SECONDS) -> None:
        self._engine = engine
        self._interval = interval
        self._lock = threading.Lock()
        self._due = 0.0
        self._running = False

    def poke(self) -> None:
        """Start a refresh in a background thread if the last one is older than the interval."""
        with self._lock:
            if self._running or time.monotonic() < self._due:
                return
            self._running = True
        threading.Thread(target=self._run, name="rollup-refresh", daemon=True).start()

    def _run(self) -> None:
        try:
            days = refresh(self._engine)
            if days:
                log.info("dashboard rollups: %d day(s) added", days)
        except Exception as exc:  # noqa: BLE001 - pages still read live records; try again later
            log.warning("dashboard rollups could not be refreshed: %s", type(exc).__name__)
        finally:
            with self._lock:
                self._running = False
                self._due = time.monotonic() + self._interval
