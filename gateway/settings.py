"""Runtime settings of one gateway process, from the environment or the CLI.

Every value can be set as an environment variable with the ``GATEWAY_`` prefix
(``GATEWAY_DATABASE_URL``, ``GATEWAY_POLICY``, ...). The defaults are the
embedded ones: a SQLite file and the shipped policy, so that one command starts
a working gateway with no setup.

Example:
    >>> Settings(database_url="sqlite:///./gateway.db").max_body_bytes
    1048576
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["DEFAULT_POLICY", "Settings"]

DEFAULT_POLICY = Path(__file__).resolve().parent.parent / "policies" / "default" / "policy.yaml"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="forbid")

    environment: Literal["development", "production"] = "development"
    database_url: str = "sqlite:///./gateway.db"
    policy: Path = DEFAULT_POLICY
    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=1, le=65535)
    # Bodies above this are refused with 413 before they are parsed.
    max_body_bytes: int = Field(default=1_048_576, ge=1_024)
    # How long an authenticated key stays cached in memory; a revoked key
    # stops working on every replica within this many seconds.
    key_cache_seconds: float = Field(default=5.0, ge=0.0)
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    # Signs the dashboard's session cookie. Every replica must share it, so a
    # session started on one pod is valid on the next; required in production.
    # In development a missing secret is replaced by a random one per process.
    dashboard_secret: SecretStr | None = Field(default=None, min_length=32)
    # A dashboard session ends this long after login, whatever happens.
    dashboard_session_seconds: int = Field(default=8 * 3600, ge=60, le=7 * 24 * 3600)
    # The audit hash chain's HMAC key (audit.chain), kept outside the database so that
    # someone holding only the database cannot forge links. Every replica must share it.
    # Give the key itself or a file holding it (e.g. a mounted Kubernetes secret).
    audit_hmac_key: SecretStr | None = Field(default=None, min_length=32)
    audit_hmac_key_file: Path | None = None
    # The CAIO's RSA public key (PEM): needed when the policy keeps the encrypted original.
    audit_public_key_file: Path | None = None
    # The Unix socket of the litellm bridge process (gateway.providers.litellm_bridge).
    # `gateway serve` sets it for its workers; unset, a worker imports litellm itself.
    litellm_bridge: str | None = None

    def audit_chain_key(self) -> bytes | None:
        """The audit HMAC key as bytes, from the setting or its file (None: plain SHA-256 chain)."""
        from audit.chain.keys import chain_key

        return chain_key(self.audit_hmac_key.get_secret_value() if self.audit_hmac_key else None,
                         self.audit_hmac_key_file)

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        # A production replica writing its audit trail to a local SQLite file
        # would split the trail between pods: refuse rather than lose records.
        if self.environment == "production" and self.database_url.startswith("sqlite"):
            raise ValueError("production では GATEWAY_DATABASE_URL に PostgreSQL を指定してください (SQLite は単一サーバー用です)")
        if self.environment == "production" and self.dashboard_secret is None:
            raise ValueError("production では GATEWAY_DASHBOARD_SECRET（32文字以上のランダムな文字列）を指定してください")
        return self
