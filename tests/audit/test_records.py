"""audit.records: the shape of the audit table and the package's public surface."""

from __future__ import annotations

import pytest

import audit
from audit.chain.canonical import CHAIN_COLUMNS, CHAINED_COLUMNS
from audit.records import ACTIONS, OUTCOME_STATUSES, AuditRecord


def test_every_audit_column_is_either_hashed_or_part_of_the_link() -> None:
    # A column added without a decision here would escape the tamper check.
    names = [column.name for column in AuditRecord.__table__.columns]
    assert sorted(names) == sorted(CHAINED_COLUMNS + CHAIN_COLUMNS)
    assert not set(CHAINED_COLUMNS) & set(CHAIN_COLUMNS)


def test_chained_columns_only_ever_grow_at_the_end() -> None:
    # The canonical form is positional: reordering or removing a chained column breaks every old hash.
    released = (
        "id", "request_id", "created_at", "finished_at", "user_name", "department", "key_id", "client",
        "model_requested", "model_used", "level", "action", "mask_applied", "entity_counts", "reasons", "use_case",
        "review_required", "policy_revision", "stream", "prompt_tokens", "completion_tokens", "total_tokens",
        "latency_ms", "status", "http_status", "error_code", "kept_request", "kept_answer", "kept_original",
        "output_entity_counts", "output_action", "output_foreign_placeholders",
    )
    assert CHAINED_COLUMNS[: len(released)] == released


def test_new_audit_columns_are_nullable_so_old_hashes_stay_valid() -> None:
    first_release = {
        "id", "request_id", "created_at", "finished_at", "user_name", "department", "key_id", "client",
        "model_requested", "model_used", "level", "action", "mask_applied", "entity_counts", "reasons",
        "use_case", "review_required", "policy_revision", "stream", "prompt_tokens", "completion_tokens",
        "total_tokens", "latency_ms", "status", "http_status", "error_code",
    }
    added = [c for c in AuditRecord.__table__.columns if c.name not in first_release]
    assert added and all(c.nullable and c.server_default is None for c in added)


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
