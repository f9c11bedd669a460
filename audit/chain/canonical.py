"""The canonical form of an audit record and the hash that links it into the chain.

A link's hash is SHA-256, or HMAC-SHA-256 when a key is set, over::

    b"gw-audit-v1\\n" + prev_hash + b"\\n" + seq + b"\\n" + canonical(record)

``canonical`` is the JSON array of the chained columns' values, in
``CHAINED_COLUMNS`` order, with the trailing NULLs left out (nested objects
with sorted keys, timestamps in UTC with ``Z``). ``CHAINED_COLUMNS`` only ever
grows at its end: a NULLable column added later is NULL in old records, so
their canonical form, and their hashes, stay the same. (A positional array
rather than an object with keys: verifying a million records is bound by
building this text, and the array is cheaper to build.) A test fails until
every column is placed in ``CHAINED_COLUMNS`` or ``CHAIN_COLUMNS``, and
another pins the order of the columns already chained.

Example:
    >>> canonical((7, "req-1", None, "completed", None, None))
    b'[7,"req-1",null,"completed"]'
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Sequence
from hashlib import sha256

import orjson

__all__ = ["CHAINED_COLUMNS", "CHAIN_COLUMNS", "canonical", "link_hash", "link_hasher", "sign"]

# Database column names of audit_records covered by the hash, in canonical order: append only.
CHAINED_COLUMNS: tuple[str, ...] = (
    "id", "request_id", "created_at", "finished_at", "user_name", "department", "key_id", "client",
    "model_requested", "model_used", "level", "action", "mask_applied", "entity_counts", "reasons", "use_case",
    "review_required", "policy_revision", "stream", "prompt_tokens", "completion_tokens", "total_tokens",
    "latency_ms", "status", "http_status", "error_code", "kept_request", "kept_answer", "kept_original",
    "output_entity_counts", "output_action", "output_foreign_placeholders",
)
# The link itself: position, predecessor's hash and own hash.
CHAIN_COLUMNS: tuple[str, ...] = ("chain_seq", "prev_hash", "record_hash")

_PREFIX = b"gw-audit-v1\n"
# Timestamps are UTC-aware when read through UtcDateTime; "Z" keeps the text one fixed form.
_OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_UTC_Z


def canonical(values: Sequence[object]) -> bytes:
    """JSON array of ``values`` (in ``CHAINED_COLUMNS`` order) without its trailing NULLs.

    Timestamps must be timezone-aware.

    Example:
        >>> canonical([7, {"b": 1, "a": 2}, None, None])
        b'[7,{"a":2,"b":1}]'
    """
    payload = orjson.dumps(tuple(values), option=_OPTIONS)
    # Only a trailing "null" token ends in one of ",nul" (strings end in '"', numbers in a
    # digit, booleans in "e", containers in a bracket), so this drops exactly the trailing NULLs.
    return payload[:-1].rstrip(b",nul") + b"]"


def link_hash(prev_hash: str, seq: int, payload: bytes, key: bytes | None) -> str:
    """The hex hash of link ``seq``, which follows ``prev_hash``.

    Example:
        >>> len(link_hash("0" * 64, 1, b"[]", key=b"secret"))
        64
    """
    return link_hasher(key)(prev_hash, seq, payload)


def link_hasher(key: bytes | None) -> Callable[[str, int, bytes], str]:
    """``link_hash`` with the key bound: the function verify calls once per record.

    Example:
        >>> link_hasher(None)("0" * 64, 1, b"[]") == link_hash("0" * 64, 1, b"[]", None)
        True
    """
    if key is None:
        def plain(prev_hash: str, seq: int, payload: bytes) -> str:
            return sha256(_PREFIX + f"{prev_hash}\n{seq}\n".encode() + payload).hexdigest()
        return plain

    def keyed(prev_hash: str, seq: int, payload: bytes) -> str:
        return hmac.digest(key, _PREFIX + f"{prev_hash}\n{seq}\n".encode() + payload, "sha256").hex()
    return keyed


def sign(key: bytes | None, kind: str, *parts: object) -> str | None:
    """An HMAC over ``kind`` and ``parts`` (the chain head, a checkpoint); None without a key.

    Example:
        >>> sign(None, "head", 12, "ab" * 32) is None
        True
    """
    if key is None:
        return None
    message = _PREFIX + orjson.dumps([kind, *parts], option=_OPTIONS)
    return hmac.digest(key, message, "sha256").hex()
