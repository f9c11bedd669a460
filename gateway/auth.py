"""Authentication: the caller's API key becomes a ``Principal``, or a 401.

Keys are looked up through the ``KeyStore`` seam and cached in memory for a
few seconds (``Settings.key_cache_seconds``), so a request does not pay a
database round trip and a revoked key stops working everywhere soon after.
Only the key's SHA-256 is used as the cache key.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Mapping

import anyio

from gateway.errors import AuthenticationFailed
from gateway.keys import KeyStore, Principal

__all__ = ["CachedKeyStore", "bearer_token"]

_MAX_ENTRIES = 10_000


def bearer_token(headers: Mapping[str, str]) -> str:
    value = headers.get("authorization", "")
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthenticationFailed("API キーがありません。Authorization: Bearer <キー> を指定してください。")
    return token.strip()


class CachedKeyStore:
    def __init__(self, store: KeyStore, ttl_seconds: float) -> None:
        self._store = store
        self._ttl = ttl_seconds
        self._cache: dict[str, tuple[float, Principal | None]] = {}

    async def authenticate(self, token: str) -> Principal:
        digest = hashlib.sha256(token.encode()).hexdigest()
        now = time.monotonic()
        hit = self._cache.get(digest)
        if hit is not None and hit[0] > now:
            principal = hit[1]
        else:
            principal = await anyio.to_thread.run_sync(self._store.authenticate, token)
            if len(self._cache) >= _MAX_ENTRIES:
                self._cache.clear()
            if self._ttl > 0:
                self._cache[digest] = (now + self._ttl, principal)
        if principal is None:
            raise AuthenticationFailed("API キーが無効です（存在しないか、失効しています）。")
        return principal
