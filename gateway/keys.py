"""API keys: who is calling, from which department, with which roles.

A token looks like ``gw-<key_id>_<secret>``. The key id is public and names the
key in the audit log; the secret is shown once, at creation, and only its
SHA-256 hash is stored. The secret holds 32 random bytes, so a plain hash is
enough: there is nothing to brute-force that a slow hash would protect.

Example:
    >>> store = SqlKeyStore(engine)
    >>> principal, token = store.create("suzuki.hanako", "福祉課", ["staff"])
    >>> store.authenticate(token) == principal
    True
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import Engine, insert, select, update
from sqlmodel import Field, SQLModel

from gateway.database import UtcDateTime, transaction, utc_now

__all__ = ["ROLES", "ApiKey", "KeyInfo", "KeyStore", "Principal", "SqlKeyStore"]

ROLES = frozenset({"staff", "caio", "auditor", "reviewer", "security-admin"})

_PREFIX = "gw-"
_TOKEN = re.compile(r"gw-(?P<key_id>[0-9a-f]{16})_[A-Za-z0-9_-]{43}")
_UNAVAILABLE = "認証情報のデータベースに接続できません。管理者に連絡してください。"
_NAME_MAX = 200


@dataclass(frozen=True)
class Principal:
    """The caller behind a valid token.

    Example:
        >>> Principal("0123456789abcdef", "yamada.taro", "市民課", frozenset({"staff"})).roles
        frozenset({'staff'})
    """

    key_id: str
    user: str
    department: str
    roles: frozenset[str]


@dataclass(frozen=True)
class KeyInfo:
    """A key as an administrator lists it: never the hash, never the token.

    Example:
        >>> [info.key_id for info in SqlKeyStore(engine).list() if info.revoked_at is None]
        ['0123456789abcdef']
    """

    key_id: str
    user: str
    department: str
    roles: frozenset[str]
    created_at: datetime
    revoked_at: datetime | None


class KeyStore(Protocol):
    """Where the gateway checks a bearer token.

    Example:
        >>> def principal_for(keys: KeyStore, bearer: str) -> Principal | None:
        ...     return keys.authenticate(bearer)
    """

    def authenticate(self, token: str) -> Principal | None:
        """The principal for ``token``, or None if it is unknown, malformed or revoked."""
        ...


class ApiKey(SQLModel, table=True):
    """One row of ``api_keys``: the key's owner, roles and token hash.

    Example:
        >>> ApiKey.__table__.c.user.name
        'user_name'
    """

    __tablename__ = "api_keys"

    key_id: str = Field(primary_key=True, max_length=16)
    key_hash: str = Field(max_length=64)
    # "user" is a reserved word in SQL (SELECT user is the database login), so
    # the column is user_name while Python code keeps the plain key.
    user: str = Field(max_length=_NAME_MAX, index=True, sa_column_kwargs={"name": "user_name", "key": "user"})
    department: str = Field(max_length=_NAME_MAX, index=True)
    roles: str = Field(max_length=200)
    created_at: datetime = Field(sa_type=UtcDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class SqlKeyStore:
    """API keys in the ``api_keys`` table; database failures raise AuditUnavailable (503).

    Example:
        >>> SqlKeyStore(engine).authenticate("gw-0123456789abcdef_bad") is None
        True
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._table = ApiKey.__table__

    def create(self, user: str, department: str, roles: Iterable[str]) -> tuple[Principal, str]:
        """Issue a key; the token is returned once and cannot be recovered later."""
        principal = Principal(
            key_id=secrets.token_hex(8),
            user=_required_name("user", user),
            department=_required_name("department", department),
            roles=_checked_roles(roles),
        )
        token = f"{_PREFIX}{principal.key_id}_{secrets.token_urlsafe(32)}"
        row = {
            "key_id": principal.key_id,
            "key_hash": _hash(token),
            "user": principal.user,
            "department": principal.department,
            "roles": ",".join(sorted(principal.roles)),
            "created_at": utc_now(),
        }
        with transaction(self._engine, _UNAVAILABLE) as conn:
            conn.execute(insert(self._table), row)
        return principal, token

    def authenticate(self, token: str) -> Principal | None:
        """The principal for ``token``, or None if it is unknown, malformed or revoked."""
        match = _TOKEN.fullmatch(token)
        if match is None:
            return None
        query = select(self._table).where(self._table.c.key_id == match["key_id"])
        with transaction(self._engine, _UNAVAILABLE) as conn:
            row = conn.execute(query).first()
        if row is None or row.revoked_at is not None:
            return None
        if not hmac.compare_digest(row.key_hash, _hash(token)):
            return None
        return Principal(row.key_id, row.user, row.department, _parse_roles(row.roles))

    def revoke(self, key_id: str) -> bool:
        """Revoke a key; False if it does not exist or was already revoked."""
        statement = (
            update(self._table)
            .where(self._table.c.key_id == key_id, self._table.c.revoked_at.is_(None))
            .values(revoked_at=utc_now())
        )
        with transaction(self._engine, _UNAVAILABLE) as conn:
            return conn.execute(statement).rowcount == 1

    def list(self) -> list[KeyInfo]:
        """Every key, oldest first, without hashes."""
        query = select(self._table).order_by(self._table.c.created_at, self._table.c.key_id)
        with transaction(self._engine, _UNAVAILABLE) as conn:
            rows = conn.execute(query).all()
        return [
            KeyInfo(r.key_id, r.user, r.department, _parse_roles(r.roles), r.created_at, r.revoked_at)
            for r in rows
        ]


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def _required_name(field: str, value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError(f"{field} must not be empty")
    if len(value) > _NAME_MAX:
        raise ValueError(f"{field} must be at most {_NAME_MAX} characters")
    return value


def _checked_roles(roles: Iterable[str]) -> frozenset[str]:
    checked = frozenset(roles)
    if not checked or not checked <= ROLES:
        raise ValueError(f"roles must be one or more of: {', '.join(sorted(ROLES))}")
    return checked


def _parse_roles(stored: str) -> frozenset[str]:
    return frozenset(stored.split(",")) & ROLES
