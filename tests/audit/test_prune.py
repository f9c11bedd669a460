"""audit.chain.prune: old records go, a signed checkpoint stays, and the rest still verifies."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import Engine, text
from typer.testing import CliRunner

from audit import AuditEntry, SqlAuditStore
from audit.chain import verify
from audit.chain.prune import PruneRefused, prune
from bench.audit_seed import seed
from gateway.cli import app

KEY = b"audit-hmac-key-for-tests-0123456789abcdef"


def _created_at(engine: Engine, seq: int) -> datetime:
    with engine.connect() as conn:
        value = conn.execute(text("SELECT id FROM audit_records WHERE chain_seq = :s"), {"s": seq}).scalar_one()
    record = SqlAuditStore(engine).recent(limit=1_000)
    return next(r.created_at for r in record if r.id == value)


def _count(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM audit_records")).scalar_one()


@pytest.mark.parametrize("key", [None, KEY], ids=["sha256", "hmac"])
def test_pruning_leaves_a_checkpoint_from_which_the_rest_verifies(engine: Engine, key: bytes | None) -> None:
    seed(engine, 300, key)
    result = prune(engine, _created_at(engine, 101), key)
    assert (result.records_pruned, result.last_seq) == (100, 100)
    assert _count(engine) == 200
    checked = verify(engine, key)
    assert (checked.ok, checked.records_checked, checked.checkpoints, checked.last_good_seq) == (True, 200, 1, 300)
    with engine.connect() as conn:
        signature = conn.execute(text("SELECT signature FROM audit_checkpoints")).scalar_one()
    assert (signature is not None) == (key is not None)


def test_pruning_again_continues_from_the_last_checkpoint(engine: Engine) -> None:
    seed(engine, 300, KEY)
    prune(engine, _created_at(engine, 101), KEY)
    assert prune(engine, _created_at(engine, 101), KEY).records_pruned == 0
    assert prune(engine, _created_at(engine, 251), KEY).records_pruned == 150
    assert verify(engine, KEY).records_checked == 50
    assert verify(engine, KEY).checkpoints == 2


def test_open_records_are_never_pruned(engine: Engine) -> None:
    store = SqlAuditStore(engine)
    seed(engine, 50)
    store.open(AuditEntry(request_id="still-open", user="staff-0001", department="soumu", key_id="0" * 16,
                          model_requested="preview", action="allow", policy_revision="r1",
                          created_at=_created_at(engine, 10)))
    prune(engine, _created_at(engine, 41), None)
    assert store.get("still-open") is not None
    assert verify(engine).open_records == 1


def test_a_forged_checkpoint_hiding_a_deletion_is_caught_with_the_key(engine: Engine) -> None:
    seed(engine, 300, KEY)
    prune(engine, _created_at(engine, 101), KEY)
    with engine.begin() as conn:
        last = conn.execute(text("SELECT record_hash FROM audit_records WHERE chain_seq = 150")).scalar_one()
        conn.execute(text("DELETE FROM audit_records WHERE chain_seq <= 150"))
        conn.execute(text("UPDATE audit_checkpoints SET last_seq = 150, last_hash = :h, records_pruned = 150"),
                     {"h": last})
    result = verify(engine, KEY)
    assert not result.ok and "チェックポイント" in (result.problem or "")


def test_a_tampered_prefix_is_not_pruned(engine: Engine) -> None:
    seed(engine, 200)
    with engine.begin() as conn:
        conn.execute(text("UPDATE audit_records SET department = 'forged' WHERE chain_seq = 50"))
    with pytest.raises(PruneRefused, match="記録 #50"):
        prune(engine, _created_at(engine, 101), None)
    assert _count(engine) == 200


def test_the_prune_command_reports_what_it_removed(engine: Engine) -> None:
    seed(engine, 100)
    url = engine.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(app, ["audit", "prune", "--before", "2100-01-01", "--database-url", url])
    assert result.exit_code == 0, result.output
    assert "100 件を削除しました" in result.output
    assert verify(engine).records_checked == 0 and verify(engine).ok
