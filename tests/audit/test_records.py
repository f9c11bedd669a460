"""audit.records: the shape of the audit table and the package's public surface."""

from __future__ import annotations

import pytest

import audit
from audit.records import ACTIONS, OUTCOME_STATUSES, AuditRecord


def test_the_audit_table_has_exactly_the_agreed_columns_and_no_content() -> None:
    assert set(AuditRecord.__table__.columns.keys()) == {
        "id", "request_id", "created_at", "finished_at", "user", "department", "key_id", "client",
        "model_requested", "model_used", "level", "action", "mask_applied", "entity_counts", "reasons",
        "use_case", "review_required", "policy_revision", "stream", "prompt_tokens", "completion_tokens",
        "total_tokens", "latency_ms", "status", "http_status", "error_code",
    }


def test_the_user_column_avoids_the_sql_reserved_word() -> None:
    assert AuditRecord.__table__.c.user.name == "user_name"


@pytest.mark.parametrize(
    ("vocabulary", "expected"),
    [
        (ACTIONS, {"allow", "mask", "block", "reroute", "none"}),
        (OUTCOME_STATUSES, {"completed", "blocked", "rejected", "failed"}),
    ],
)
def test_action_and_status_vocabularies(vocabulary: frozenset[str], expected: set[str]) -> None:
    assert vocabulary == expected


def test_the_audit_package_exports_a_short_public_surface() -> None:
    assert sorted(audit.__all__) == ["AuditEntry", "AuditOutcome", "AuditRecord", "AuditStore", "SqlAuditStore"]
    assert all(hasattr(audit, name) for name in audit.__all__)
