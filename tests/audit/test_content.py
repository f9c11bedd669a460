"""audit.content and the record stage: what is kept of a request, and that only the CAIO can read the original."""

from __future__ import annotations

from pathlib import Path

import anyio
import orjson
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy import Engine, text
from typer.testing import CliRunner

from audit import SqlAuditStore
from audit.chain import verify
from audit.content import ContentKeeper, decrypt_original, encrypt_original, load_private_key, load_public_key
from gateway.cli import app
from gateway.detection import Detector, build_detector
from gateway.dryrun import DryRun
from gateway.pipeline.exchange import Exchange
from gateway.pipeline.output_check import OutputCheck
from gateway.pipeline.record import Recorder
from gateway.settings import DEFAULT_POLICY
from policies import load_policy

MY_NUMBER = "123456789018"
PHONE = "090-1234-5678"
EMAIL = "taro.yamada@example.jp"
PERSON = "山田太郎"
PROMPT = f"{PERSON}さん（マイナンバー{MY_NUMBER}、電話{PHONE}、メール{EMAIL}）への通知文を作成してください。"
RAW = (MY_NUMBER, PHONE, EMAIL, PERSON)


@pytest.fixture(scope="module")
def private_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def detector() -> Detector:
    return build_detector()


@pytest.fixture
def key_files(private_key: rsa.RSAPrivateKey, tmp_path: Path) -> tuple[Path, Path]:
    public = tmp_path / "caio_public.pem"
    public.write_bytes(private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    secret = tmp_path / "caio_private.pem"
    secret.write_bytes(private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"caio-passphrase")))
    return public, secret


def _exchange(detector: Detector, model: str) -> Exchange:
    policy = load_policy(DEFAULT_POLICY)
    return DryRun(policy, detector).evaluate([{"role": "user", "content": PROMPT}], model=model, department="soumu",
                                             request_id="req-content")


def _record(store: SqlAuditStore, exchange: Exchange, keeper: ContentKeeper, answer: str | None,
            detector: Detector | None = None) -> None:
    check = None
    if answer is not None:
        assert detector is not None
        check = OutputCheck(exchange, load_policy(DEFAULT_POLICY), detector)
        check.text(("content", 0), answer)

    async def run() -> None:
        recorder = Recorder(store, "req-content", "r1", content=keeper)
        await recorder.open(exchange)
        await recorder.close(status="completed", http_status=200, check=check)

    anyio.run(run)


def test_the_envelope_opens_only_with_the_matching_private_key(private_key: rsa.RSAPrivateKey) -> None:
    sealed = encrypt_original(PROMPT.encode(), private_key.public_key())
    assert decrypt_original(sealed, private_key) == PROMPT.encode()
    assert not any(value in sealed for value in RAW)
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(ValueError, match="別の鍵"):
        decrypt_original(sealed, other)
    altered = orjson.loads(sealed)
    altered["ct"] = altered["ct"][:-8] + "AAAAAAA="
    with pytest.raises(ValueError, match="復号できません"):
        decrypt_original(orjson.dumps(altered).decode(), private_key)


def test_keeping_the_original_needs_the_caio_public_key() -> None:
    with pytest.raises(ValueError, match="公開鍵"):
        ContentKeeper("masked_encrypted", None)


def test_a_weak_public_key_is_refused(tmp_path: Path) -> None:
    weak = rsa.generate_private_key(public_exponent=65537, key_size=1024).public_key()
    path = tmp_path / "weak.pem"
    path.write_bytes(weak.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    with pytest.raises(ValueError, match="2048"):
        load_public_key(path)


@pytest.mark.parametrize(("mode", "kept"), [("none", False), ("masked", True), ("masked_encrypted", True)])
def test_what_is_kept_follows_the_policy_setting(
    engine: Engine, detector: Detector, private_key: rsa.RSAPrivateKey, mode: str, kept: bool
) -> None:
    keeper = ContentKeeper(mode, private_key.public_key() if mode == "masked_encrypted" else None)  # type: ignore[arg-type]
    store = SqlAuditStore(engine)
    _record(store, _exchange(detector, "preview"), keeper, "<PERSON_1>様への通知文です。", detector)
    record = store.get("req-content")
    assert record is not None
    assert (record.kept_request is not None, record.kept_answer is not None) == (kept, kept)
    assert (record.kept_original is not None) == (mode == "masked_encrypted")
    assert verify(engine).ok  # the kept content is covered by the chain


def test_a_model_allowed_raw_values_still_leaves_only_masked_text_in_the_record(
    engine: Engine, detector: Detector
) -> None:
    exchange = _exchange(detector, "preview-onprem")
    outbound = orjson.dumps(exchange.outbound_messages).decode()
    assert PHONE in outbound  # the on-premises model may receive the phone number unmasked
    store = SqlAuditStore(engine)
    _record(store, exchange, ContentKeeper("masked"), None)
    record = store.get("req-content")
    assert record is not None and record.kept_request is not None
    assert not any(value in record.kept_request for value in RAW)
    assert "<JP_PHONE_NUMBER_1>" in record.kept_request and "通知文を作成してください" in record.kept_request


def test_the_caio_decrypts_the_original_offline_with_the_cli(
    engine: Engine, detector: Detector, key_files: tuple[Path, Path], tmp_path: Path
) -> None:
    public, secret = key_files
    store = SqlAuditStore(engine)
    _record(store, _exchange(detector, "preview"), ContentKeeper("masked_encrypted", load_public_key(public)), None)
    with engine.connect() as conn:
        dump = repr(conn.execute(text("SELECT * FROM audit_records")).all())
    assert not any(value in dump for value in RAW)
    password = tmp_path / "passphrase"
    password.write_text("caio-passphrase\n")
    result = CliRunner().invoke(app, ["audit", "decrypt", "--request-id", "req-content", "--private-key", str(secret),
                                      "--password-file", str(password), "--database-url", str(engine.url.render_as_string(hide_password=False))])
    assert result.exit_code == 0, result.output
    assert orjson.loads(result.stdout) == [{"role": "user", "content": PROMPT}]
    assert isinstance(load_private_key(secret, b"caio-passphrase"), rsa.RSAPrivateKey)

