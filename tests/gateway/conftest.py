"""Real parts for the gateway's tests: a recording upstream on loopback, a real
uvicorn server in a thread, a real SQLite or PostgreSQL store, the real detector
and the official openai SDK as the client."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openai
import pytest
import uvicorn
import yaml
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from audit import AuditRecord, SqlAuditStore
from gateway.app import create_app
from gateway.database import create_db_engine, init_schema
from gateway.detection import Detector, build_detector
from gateway.keys import SqlKeyStore
from gateway.runtime import Runtime, build_runtime
from gateway.settings import DEFAULT_POLICY, Settings
from tests.support.models import openai_compatible_model, upstream_model
from tests.support.upstream import RecordingUpstream

UPSTREAM_KEY_ENV = "GATEWAY_TEST_UPSTREAM_KEY"
UPSTREAM_KEY = "sk-test-upstream-secret"


@pytest.fixture(scope="session")
def detector() -> Detector:
    return build_detector()


@pytest.fixture(scope="session")
def upstream_server() -> Iterator[RecordingUpstream]:
    with RecordingUpstream() as upstream:
        yield upstream


@pytest.fixture
def upstream(upstream_server: RecordingUpstream) -> RecordingUpstream:
    upstream_server.reset()
    upstream_server.reply_with()  # echo
    return upstream_server


def _litellm_model(url: str, **overrides: Any) -> dict[str, Any]:
    return upstream_model(url, UPSTREAM_KEY_ENV, **{"timeout_s": 5, "num_retries": 0, **overrides})


def _direct_model(url: str, **overrides: Any) -> dict[str, Any]:
    return openai_compatible_model(url, UPSTREAM_KEY_ENV, **{"timeout_s": 5, "num_retries": 0, **overrides})


# Models served by the recording upstream over the OpenAI protocol directly (no litellm).
DIRECT_MODELS = ("upstream-direct", "direct-down-alone", "direct-slow", "direct-retrying")


@pytest.fixture
def policy_file(tmp_path: Path, upstream: RecordingUpstream, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped policy plus models served by the recording upstream (and one that is down)."""
    monkeypatch.setenv(UPSTREAM_KEY_ENV, UPSTREAM_KEY)
    document = yaml.safe_load(DEFAULT_POLICY.read_text(encoding="utf-8"))
    document["models"].update(
        {
            "upstream": _litellm_model(upstream.url),
            # The route an on-premises vLLM takes: litellm's own HTTP client, not the openai SDK.
            "upstream-vllm": _litellm_model(upstream.url, litellm_model="hosted_vllm/test-model"),
            "upstream-onprem": _litellm_model(upstream.url, zone="onprem", max_level_unmasked="3A", max_level_masked="3A"),
            "down": _litellm_model("http://127.0.0.1:9/v1", fallbacks=["upstream"]),
            # May receive nothing above 2 even masked: never a fallback for personal data.
            "weak": _litellm_model(upstream.url, max_level_unmasked="1", max_level_masked="2"),
            "down-weak-fallback": _litellm_model("http://127.0.0.1:9/v1", fallbacks=["weak"]),
            "down-alone": _litellm_model("http://127.0.0.1:9/v1"),
            "slow": _litellm_model(upstream.url, timeout_s=0.5),
            "upstream-direct": _direct_model(upstream.url),
            "direct-down-alone": _direct_model("http://127.0.0.1:9/v1"),
            "direct-slow": _direct_model(upstream.url, timeout_s=0.5),
            "direct-retrying": _direct_model(upstream.url, num_retries=2),
        }
    )
    for department in document["departments"].values():
        if department["models"] != ["*"]:
            department["models"] += ["upstream", "upstream-vllm", "down", "down-alone", "slow", "weak", "down-weak-fallback",
                                     *DIRECT_MODELS]
    path = tmp_path / "policy.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'gateway.db'}"


@dataclass
class Keys:
    staff: str  # soumu (総務課): floor 1, may use every model
    fukushi: str  # 福祉課: floor 3C, so only on-premises models take its requests
    shimin: str  # 市民課: no on-premises model
    revoked: str


@pytest.fixture
def keys(database_url: str) -> Keys:
    engine = create_db_engine(database_url)
    init_schema(engine)
    store = SqlKeyStore(engine)
    _, staff = store.create("suzuki.hanako", "soumu", ["staff"])
    _, fukushi = store.create("sato.jiro", "fukushi", ["staff"])
    _, shimin = store.create("ito.mai", "shimin", ["staff"])
    principal, revoked = store.create("tanaka.ken", "soumu", ["staff"])
    store.revoke(principal.key_id)
    return Keys(staff, fukushi, shimin, revoked)


@pytest.fixture
def audit_store(database_url: str, keys: Keys) -> SqlAuditStore:
    return SqlAuditStore(create_db_engine(database_url))


def settled_records(store: SqlAuditStore, user: str | None = None) -> list[AuditRecord]:
    """The newest records, once none is still open: a completed request's record
    is closed just after its answer has been sent."""
    for _ in range(200):
        records = [r for r in store.recent() if user is None or r.user == user]
        if all(r.status != "forwarding" for r in records):
            return records
        time.sleep(0.02)
    raise AssertionError("an audit record stayed open")


class EventLoopThread:
    """One event loop for every test server of the session.

    litellm caches its HTTP clients per process; a client made on one test's
    loop would be dead on the next, so all servers share this loop, as the
    requests of one production worker do.
    """

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)
        self.loop.close()


class ServerThread:
    """A real uvicorn server on 127.0.0.1, served on the session's event loop."""

    def __init__(self, runtime: Runtime, loop: EventLoopThread) -> None:
        config = uvicorn.Config(create_app(runtime=runtime), host="127.0.0.1", port=0, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.loop = loop

    def __enter__(self) -> ServerThread:
        self.done = asyncio.run_coroutine_threadsafe(self.server.serve(), self.loop.loop)
        for _ in range(500):
            if self.server.started or self.done.done():
                break
            threading.Event().wait(0.01)
        assert self.server.started, "gateway did not start"
        return self

    @property
    def url(self) -> str:
        port = self.server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    def __exit__(self, *exc_info: object) -> None:
        self.server.should_exit = True
        self.done.result(timeout=10)


@pytest.fixture(scope="session")
def event_loop_thread() -> Iterator[EventLoopThread]:
    loop = EventLoopThread()
    yield loop
    loop.close()


@pytest.fixture
def make_runtime(policy_file: Path, database_url: str, detector: Detector, keys: Keys) -> Callable[..., Runtime]:
    def make(**parts: Any) -> Runtime:
        settings = Settings(policy=policy_file, database_url=database_url, key_cache_seconds=0)
        return build_runtime(settings, detector=parts.pop("detector", detector), **parts)

    return make


@pytest.fixture
def make_server(
    make_runtime: Callable[..., Runtime], event_loop_thread: EventLoopThread
) -> Iterator[Callable[..., ServerThread]]:
    servers: list[ServerThread] = []

    def make(**parts: Any) -> ServerThread:
        server = ServerThread(make_runtime(**parts), event_loop_thread).__enter__()
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.__exit__()


@pytest.fixture
def gateway_url(make_server: Callable[..., ServerThread]) -> str:
    return make_server().url


@pytest.fixture
def client(gateway_url: str, keys: Keys) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{gateway_url}/v1", api_key=keys.staff, max_retries=0, timeout=30)


# The review tests' fixtures (tests/gateway/reviewing.py holds their helpers).
from tests.gateway.reviewing import Clock, ReviewKeys, make_review_keys, make_review_server


@pytest.fixture
def clock() -> Clock:
    """A clock the test moves by hand, for review deadlines."""
    return Clock()


@pytest.fixture
def review_keys(database_url: str, keys: Keys) -> ReviewKeys:
    """Reviewer keys of two departments, a second key of the requester, and a CAIO key."""
    return make_review_keys(database_url, keys)


@pytest.fixture
def review_server(make_server: Callable[..., ServerThread], database_url: str, clock: Clock, keys: Keys) -> ServerThread:
    """A gateway whose review store reads ``clock``."""
    return make_review_server(make_server, database_url, clock)


# The audit keys: the policy keeps the encrypted original for the CAIO, and the chain has an HMAC key.
AUDIT_HMAC_KEY = "audit-hmac-key-for-tests-0123456789abcdef"


@pytest.fixture
def caio_key(tmp_path: Path, policy_file: Path, monkeypatch: pytest.MonkeyPatch) -> rsa.RSAPrivateKey:
    """The policy keeps masked text plus the encrypted original; the gateway gets the public key only."""
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = tmp_path / "caio_public.pem"
    public.write_bytes(private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    document = yaml.safe_load(policy_file.read_text(encoding="utf-8"))
    document["audit"] = {"content": "masked_encrypted"}
    policy_file.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    monkeypatch.setenv("GATEWAY_AUDIT_PUBLIC_KEY_FILE", str(public))
    monkeypatch.setenv("GATEWAY_AUDIT_HMAC_KEY", AUDIT_HMAC_KEY)
    return private
