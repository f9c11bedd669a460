"""One aiohttp session per event loop, for the providers that speak HTTP themselves.

An aiohttp session belongs to the loop it was made on; a worker has one loop,
the tests run several.

Example:
    >>> sessions = LoopSessions(lambda: aiohttp.ClientSession(trust_env=False))
    >>> session = sessions.get()          # inside a running loop
    >>> await sessions.aclose()           # at shutdown
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import aiohttp

__all__ = ["LoopSessions"]


class LoopSessions:
    def __init__(self, make: Callable[[], aiohttp.ClientSession]) -> None:
        self._make = make
        self._sessions: dict[asyncio.AbstractEventLoop, aiohttp.ClientSession] = {}

    def get(self) -> aiohttp.ClientSession:
        """The running loop's session, made on first use (and again if it was closed)."""
        loop = asyncio.get_running_loop()
        session = self._sessions.get(loop)
        if session is None or session.closed:
            session = self._sessions[loop] = self._make()
        return session

    async def aclose(self) -> None:
        """Close the running loop's session."""
        session = self._sessions.pop(asyncio.get_running_loop(), None)
        if session is not None:
            await session.close()
