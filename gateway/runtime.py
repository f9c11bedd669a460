"""Everything a running gateway holds: built once by the app's lifespan, then passed down.

Example:
    runtime = build_runtime(Settings())          # loads the policy, the analyzer, the stores
    app = create_app(Settings(), runtime=runtime)
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from audit import AuditStore, SqlAuditStore
from gateway.auth import CachedKeyStore
from gateway.database import SqliteCheckpointer, create_db_engine, init_schema, is_embedded
from gateway.detection.base import Detector
from gateway.keys import KeyStore, SqlKeyStore
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
) -> Runtime:
    """Build the runtime; any part may be passed in (tests swap in fakes this way)."""
    policy = load_policy(settings.policy)
    closers: list[Callable[[], None]] = []
    if audit is None or keys is None:
        engine = create_db_engine(settings.database_url)
        init_schema(engine)
        audit = audit or SqlAuditStore(engine)
        keys = keys or SqlKeyStore(engine)
        if is_embedded(engine):
            closers.append(SqliteCheckpointer(engine).start().stop)
    if detector is None:
        from gateway.detection import build_detector

        detector = build_detector(policy.detection.custom_terms, policy.detection.allow_terms)
    providers = providers or ProviderRegistry()
    providers.warm_up(list(policy.models.values()))
    log.info("gateway ready: policy revision %s, %d models", policy.revision, len(policy.models))
    return Runtime(settings, policy, detector, providers, audit, CachedKeyStore(keys, settings.key_cache_seconds), closers)
