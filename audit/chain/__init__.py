"""The audit log's integrity: the hash chain, its key, and retention with signed checkpoints.

    canonical  the canonical form of a record and the hash that links it
    links      append a link when a record closes; verify the whole chain
    segments   check one stretch of the chain (the unit ``verify`` runs in parallel)
    tables     the chain head and the checkpoints left by pruning
    keys       where the HMAC key comes from (a setting or a file, never the database)
    prune      delete old records and leave a signed checkpoint

Example:
    >>> from audit.chain import verify
    >>> verify(engine, key=None).ok
    True
"""

from audit.chain.links import VerifyResult, append_link, checkpoint_signature, verify

__all__ = ["VerifyResult", "append_link", "checkpoint_signature", "verify"]
