"""The audit HMAC key: from the environment or a file, never too short, never both."""

from __future__ import annotations

from pathlib import Path

import pytest

from audit.chain.keys import chain_key, chain_key_from_env
from gateway.settings import Settings

KEY = "audit-hmac-key-for-tests-0123456789abcdef"


def test_the_key_comes_from_the_setting_or_its_file(tmp_path: Path) -> None:
    path = tmp_path / "audit-hmac.key"
    path.write_text(KEY + "\n")
    assert Settings(audit_hmac_key=KEY).audit_chain_key() == KEY.encode()
    assert Settings(audit_hmac_key_file=path).audit_chain_key() == KEY.encode()
    assert Settings().audit_chain_key() is None


def test_the_environment_is_read_by_the_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "audit-hmac.key"
    path.write_text(KEY)
    monkeypatch.setenv("GATEWAY_AUDIT_HMAC_KEY_FILE", str(path))
    assert chain_key_from_env() == KEY.encode()


@pytest.mark.parametrize(("value", "file_text", "message"), [
    ("short", None, "32 バイト以上"),
    (KEY, KEY, "どちらか一方"),
    (None, "", "32 バイト以上"),
])
def test_a_short_or_doubled_key_is_refused_without_echoing_it(
    tmp_path: Path, value: str | None, file_text: str | None, message: str
) -> None:
    path = None
    if file_text is not None:
        path = tmp_path / "key"
        path.write_text(file_text)
    with pytest.raises(ValueError, match=message) as raised:
        chain_key(value, path)
    assert KEY not in str(raised.value) and "short" not in str(raised.value)


def test_an_unreadable_key_file_is_named_not_guessed(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="ファイルを読めません"):
        chain_key(None, tmp_path / "missing.key")
