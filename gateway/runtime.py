"""Everything a running gateway holds: built once by the app's lifespan, then passed down.

Example:
    runtime = build_runtime(Settings())          # loads the policy, the analyzer, the stores
    app = create_app(Settings(), runtime=runtime)
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine

from audit import AuditStore, SqlAuditStore
from audit.content import ContentKeeper, load_public_key
from audit.figures.tables import PolicyRevisions
from audit.review import SqlReviewStore
from gateway.auth import CachedKeyStore
from gateway.database import SqliteCheckpointer, create_db_engine, init_schema, is_embedded
from gateway.detection.base import Detector
from gateway.keys import KeyStore, SqlKeyStore
from gateway.idle_work import IdleWork
from gateway.providers import ProviderRegistry
from gateway.settings import Settings
from policies import Policy, load_policy

__all__ = ["Runtime", "build_runtime"]

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    settings: Settings
    policy: Policy
    detector: Detector
    providers: ProviderRegistry
    audit: AuditStore
    keys: CachedKeyStore
    # What to stop when the app shuts down (background threads), last first.
    closers: list[Callable[[], None]] = field(default_factory=list)
    # The database of the stores, for the dashboard's read queries (None when both stores were passed in).
    engine: Engine | None = None
    # Review items (audit.review); None only when every store was passed in without one.
    reviews: SqlReviewStore | None = None
    # What the audit record keeps of each request's text (the policy's audit.content).
    content: ContentKeeper = field(default_factory=ContentKeeper)
    # Speculative work (analyzing answers for the next turn) that waits until no request is in flight.
    idle: IdleWork = field(default_factory=IdleWork)

    def close(self) -> None:
        while self.closers:
            self.closers.pop()()


def build_runtime(
    settings: Settings,
    *,
    detector: Detector | None = None,
    providers: ProviderRegistry | None = None,
    audit: AuditStore | None = None,
    keys: KeyStore | None = None,
    reviews: SqlReviewStore | None = None,
) -> Runtime:
    """Build the runtime; any part may be passed in (tests swap in fakes this way)."""
    policy = load_policy(settings.policy)
    closers: list[Callable[[], None]] = []
    engine: Engine | None = None
    if audit is None or keys is None:
        engine = create_db_engine(settings.database_url)
        chain_key = settings.audit_chain_key()
        if chain_key is None and settings.environment == "production":
            # Without the key, someone who can write the database can rewrite the chain unnoticed.
            log.warning("audit chain without HMAC key: set GATEWAY_AUDIT_HMAC_KEY or GATEWAY_AUDIT_HMAC_KEY_FILE")
        init_schema(engine, chain_key)
        audit = audit or SqlAuditStore(engine, chain_key)
        keys = keys or SqlKeyStore(engine)
        # The dashboard shows the current policy's diff from the previous one.
        PolicyRevisions(engine).record(policy.revision, settings.policy.read_text(encoding="utf-8"))
        if is_embedded(engine):
            closers.append(SqliteCheckpointer(engine).start().stop)
    if detector is None:
        from gateway.detection import CachingDetector, build_detector

        # Cached by message content: turn N of a conversation analyzes only its new messages.
        detector = CachingDetector(build_detector(policy.detection.custom_terms, policy.detection.allow_terms))
    providers = providers or ProviderRegistry(litellm_bridge=settings.litellm_bridge)
    providers.warm_up(list(policy.models.values()))
    log.info("gateway ready: policy revision %s, %d models", policy.revision, len(policy.models))
    cached_keys = CachedKeyStore(keys, settings.key_cache_seconds)
    if reviews is None and engine is not None:
        reviews = SqlReviewStore(engine)
    content = _content_keeper(settings, policy)
    return Runtime(settings, policy, detector, providers, audit, cached_keys, closers, engine, reviews, content=content)


def _content_keeper(settings: Settings, policy: Policy) -> ContentKeeper:
    # Only the public key: the gateway can encrypt the original, never read it back.
    key_file = settings.audit_public_key_file
    public_key = load_public_key(key_file) if key_file is not None else None
    return ContentKeeper(policy.audit.content, public_key)
