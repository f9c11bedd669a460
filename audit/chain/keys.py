"""Where the audit HMAC key comes from: a setting or a file, never the database.

Example:
    >>> chain_key(None, Path("/run/secrets/audit-hmac-key")) is not None
    True
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["MIN_KEY_BYTES", "chain_key", "chain_key_from_env"]

MIN_KEY_BYTES = 32


def chain_key(value: str | None, path: Path | None) -> bytes | None:
    """The key from ``value`` or the file at ``path`` (surrounding whitespace dropped); ValueError if too short.

    Example:
        >>> chain_key("k" * 32, None)
        b'kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk'
    """
    if value is not None and path is not None:
        raise ValueError("GATEWAY_AUDIT_HMAC_KEY と GATEWAY_AUDIT_HMAC_KEY_FILE はどちらか一方だけを指定してください")
    if path is not None:
        try:
            key = path.read_bytes().strip()
        except OSError:
            raise ValueError(f"監査 HMAC 鍵のファイルを読めません: {path}") from None
    elif value is not None:
        key = value.strip().encode()
    else:
        return None
    if len(key) < MIN_KEY_BYTES:
        raise ValueError(f"監査 HMAC 鍵は {MIN_KEY_BYTES} バイト以上にしてください")
    return key


def chain_key_from_env(path: Path | None = None) -> bytes | None:
    """The key from ``GATEWAY_AUDIT_HMAC_KEY``, or from ``path`` / ``GATEWAY_AUDIT_HMAC_KEY_FILE``.

    Example:
        >>> chain_key_from_env() is None   # neither variable set
        True
    """
    file = path or (Path(os.environ["GATEWAY_AUDIT_HMAC_KEY_FILE"]) if os.environ.get("GATEWAY_AUDIT_HMAC_KEY_FILE")
                    else None)
    return chain_key(os.environ.get("GATEWAY_AUDIT_HMAC_KEY"), file)
