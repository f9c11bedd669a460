"""The CAIO's room: the audit record of every request and, later, its views.

Example:
    >>> from audit import AuditEntry, SqlAuditStore
"""

from audit.records import AuditRecord
from audit.store import AuditEntry, AuditOutcome, AuditStore, SqlAuditStore

__all__ = ["AuditEntry", "AuditOutcome", "AuditRecord", "AuditStore", "SqlAuditStore"]
