"""gateway.keys: issuing, checking and revoking API keys."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import Engine, select

from gateway.errors import AuditUnavailable
from gateway.keys import ROLES, ApiKey, KeyInfo, Principal, SqlKeyStore


@pytest.fixture
def store(engine: Engine) -> SqlKeyStore:
    return SqlKeyStore(engine)


def test_a_new_token_authenticates_as_its_principal(store: SqlKeyStore) -> None:
    principal, token = store.create("yamada.taro", "市民課", ["staff", "reviewer"])
    assert principal == Principal(principal.key_id, "yamada.taro", "市民課", frozenset({"staff", "reviewer"}))
    assert token.startswith(f"gw-{principal.key_id}_")
    assert store.authenticate(token) == principal


def test_each_key_gets_its_own_id_and_secret(store: SqlKeyStore) -> None:
    first, first_token = store.create("yamada.taro", "市民課", ["staff"])
    second, second_token = store.create("yamada.taro", "市民課", ["staff"])
    assert first.key_id != second.key_id
    assert first_token.split("_", 1)[1] != second_token.split("_", 1)[1]


def test_stored_rows_hold_the_hash_and_never_the_token(store: SqlKeyStore, engine: Engine) -> None:
    _, token = store.create("yamada.taro", "市民課", ["staff"])
    secret = token.split("_", 1)[1]
    with engine.connect() as conn:
        row = conn.execute(select(ApiKey.__table__)).one()
    assert row.key_hash == hashlib.sha256(token.encode()).hexdigest()
    assert all(secret not in str(value) for value in row)


@pytest.mark.parametrize(
    "mangle",
    [
        pytest.param(lambda token: "", id="empty"),
        pytest.param(lambda token: "gw-", id="prefix-only"),
        pytest.param(lambda token: f"Bearer {token}", id="with-scheme"),
        pytest.param(lambda token: token + "x", id="too-long"),
        pytest.param(lambda token: token[:-1], id="too-short"),
        pytest.param(lambda token: token.replace("gw-", "sk-", 1), id="wrong-prefix"),
        pytest.param(lambda token: token.upper(), id="upper-case"),
        pytest.param(lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"), id="wrong-secret"),
        pytest.param(lambda token: "gw-0123456789abcdef_" + token.split("_", 1)[1], id="unknown-key-id"),
        pytest.param(lambda token: token.replace("_", "-", 1), id="no-separator"),
        pytest.param(lambda token: token[:-2] + "１２", id="full-width-digits"),
    ],
)
def test_malformed_unknown_or_altered_tokens_are_refused(store: SqlKeyStore, mangle) -> None:
    _, token = store.create("yamada.taro", "市民課", ["staff"])
    assert store.authenticate(mangle(token)) is None


def test_a_revoked_key_no_longer_authenticates(store: SqlKeyStore) -> None:
    principal, token = store.create("yamada.taro", "市民課", ["staff"])
    assert store.revoke(principal.key_id) is True
    assert store.authenticate(token) is None


@pytest.mark.parametrize("key_id", ["0123456789abcdef", "", "not-a-key"])
def test_revoking_an_unknown_key_reports_false(store: SqlKeyStore, key_id: str) -> None:
    assert store.revoke(key_id) is False


def test_revoking_twice_reports_false_the_second_time(store: SqlKeyStore) -> None:
    principal, _ = store.create("yamada.taro", "市民課", ["staff"])
    assert store.revoke(principal.key_id) is True
    assert store.revoke(principal.key_id) is False


def test_the_list_shows_every_key_and_its_revocation_without_hashes(store: SqlKeyStore) -> None:
    kept, _ = store.create("yamada.taro", "市民課", ["staff"])
    revoked, _ = store.create("sato.hanako", "税務課", ["auditor", "caio"])
    store.revoke(revoked.key_id)
    listed = {info.key_id: info for info in store.list()}
    assert set(listed) == {kept.key_id, revoked.key_id}
    assert listed[kept.key_id].revoked_at is None
    assert listed[revoked.key_id].revoked_at is not None
    assert listed[revoked.key_id].roles == frozenset({"auditor", "caio"})
    assert listed[kept.key_id].created_at.tzinfo is not None
    assert "key_hash" not in KeyInfo.__dataclass_fields__


@pytest.mark.parametrize("role", sorted(ROLES))
def test_every_known_role_can_be_granted(store: SqlKeyStore, role: str) -> None:
    _, token = store.create("yamada.taro", "市民課", [role])
    principal = store.authenticate(token)
    assert principal is not None and principal.roles == frozenset({role})


@pytest.mark.parametrize(
    "roles",
    [[], ["admin"], ["staff", "root"], ["Staff"], "staff"],
    ids=["none", "unknown", "one-unknown", "wrong-case", "bare-string"],
)
def test_unknown_or_missing_roles_are_refused_with_the_allowed_list(store: SqlKeyStore, roles) -> None:
    with pytest.raises(ValueError, match="security-admin"):
        store.create("yamada.taro", "市民課", roles)
    assert store.list() == []


@pytest.mark.parametrize(
    ("user", "department"),
    [("", "市民課"), ("   ", "市民課"), ("yamada.taro", ""), ("yamada.taro", "\t"), ("y" * 201, "市民課")],
)
def test_user_and_department_must_be_given(store: SqlKeyStore, user: str, department: str) -> None:
    with pytest.raises(ValueError):
        store.create(user, department, ["staff"])
    assert store.list() == []


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda store: store.authenticate("gw-0123456789abcdef_" + "A" * 43), id="authenticate"),
        pytest.param(lambda store: store.create("yamada.taro", "市民課", ["staff"]), id="create"),
        pytest.param(lambda store: store.revoke("0123456789abcdef"), id="revoke"),
        pytest.param(lambda store: store.list(), id="list"),
    ],
)
def test_an_unreachable_key_store_fails_closed(unreachable_engine: Engine, call) -> None:
    with pytest.raises(AuditUnavailable, match="認証情報"):
        call(SqlKeyStore(unreachable_engine))
