"""Stored policy revisions: one row per distinct text, newest first, and the diff between two."""

from __future__ import annotations

from sqlalchemy import Engine

from audit.figures.tables import PolicyRevisions, unified_diff


def test_the_same_text_is_stored_once_and_the_diff_shows_the_change(engine: Engine) -> None:
    revisions = PolicyRevisions(engine)
    assert revisions.record("r1", "revision: r1\nmodels: [a]\n")
    assert not revisions.record("r1", "revision: r1\nmodels: [a]\n")  # a second replica, same policy
    assert revisions.record("r2", "revision: r2\nmodels: [a, b]\n")
    current, previous = revisions.latest(2)
    assert (current.revision, previous.revision) == ("r2", "r1")
    assert len(current.content_sha256) == 64
    diff = unified_diff(previous, current)
    assert "-models: [a]" in diff and "+models: [a, b]" in diff
    assert unified_diff(None, current) == []
