"""What the audit record keeps of a request's content: a policy setting.

``audit.content`` in the policy is one of:

* ``none``: no text at all, only types, counts and reasons;
* ``masked`` (the default): the request with *every* finding replaced by its
  placeholder, whatever the decision sent upstream, and the provider's answer
  with every value of the request replaced the same way;
* ``masked_encrypted``: the same, plus the original request encrypted for the
  CAIO. The gateway holds only the CAIO's RSA public key; the CAIO decrypts
  offline with the private key (``gateway audit decrypt``).

The envelope is hybrid encryption: a fresh AES-256-GCM key per record,
wrapped with RSA-OAEP (SHA-256).

Example:
    >>> keeper = ContentKeeper("masked_encrypted", load_public_key(Path("caio_public.pem")))
    >>> kept = keeper.keep('[{"role":"user","content":"<PERSON_1>さんの件"}]', None, original=b"...")
    >>> kept.original.startswith('{"v":1')
    True
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import orjson

# cryptography (about 8 MB resident) is imported only by the functions that
# encrypt or decrypt, so a worker that keeps no original never loads it.
if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric import padding, rsa

__all__ = [
    "ContentKeeper",
    "ContentMode",
    "KeptContent",
    "decrypt_original",
    "encrypt_original",
    "load_private_key",
    "load_public_key",
]

ContentMode = Literal["none", "masked", "masked_encrypted"]

_ALGORITHM = "RSA-OAEP-256+A256GCM"
_MIN_BITS = 2048


@dataclass(frozen=True)
class KeptContent:
    """The texts written to the ``kept_*`` columns of a record (None: not kept).

    Example:
        >>> KeptContent(request="<PERSON_1>さんの件").columns()["kept_request"]
        '<PERSON_1>さんの件'
    """

    request: str | None = None
    answer: str | None = None
    original: str | None = None

    def columns(self) -> dict[str, str | None]:
        return {"kept_request": self.request, "kept_answer": self.answer, "kept_original": self.original}


class ContentKeeper:
    """Applies the policy's content setting; the only holder of the CAIO's public key.

    Example:
        >>> ContentKeeper("none").keep("masked", "answer", original=b"raw") is None
        True
    """

    def __init__(self, mode: ContentMode = "masked", public_key: rsa.RSAPublicKey | None = None) -> None:
        if mode == "masked_encrypted" and public_key is None:
            raise ValueError(
                "audit.content が masked_encrypted のときは CAIO の公開鍵 (GATEWAY_AUDIT_PUBLIC_KEY_FILE) が必要です"
            )
        self.mode = mode
        self._public_key = public_key

    @property
    def keeps_text(self) -> bool:
        return self.mode != "none"

    @property
    def keeps_original(self) -> bool:
        return self.mode == "masked_encrypted"

    def keep(self, masked_request: str | None, masked_answer: str | None, original: bytes | None) -> KeptContent | None:
        """What to store: None for ``none``; the original only in ``masked_encrypted``, encrypted."""
        if not self.keeps_text:
            return None
        sealed = self.seal(original) if original is not None else None
        return KeptContent(request=masked_request, answer=masked_answer, original=sealed)

    def seal(self, original: bytes) -> str | None:
        """``original`` encrypted for the CAIO in ``masked_encrypted``; None in the other modes."""
        if not self.keeps_original:
            return None
        assert self._public_key is not None
        return encrypt_original(original, self._public_key)


def encrypt_original(plaintext: bytes, public_key: rsa.RSAPublicKey) -> str:
    """A JSON envelope only the holder of the matching private key can open.

    Example:
        >>> decrypt_original(encrypt_original(b"abc", private.public_key()), private)
        b'abc'
    """
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    data_key = AESGCM.generate_key(bit_length=256)
    nonce = os.urandom(12)
    envelope = {
        "v": 1,
        "alg": _ALGORITHM,
        "kid": key_id(public_key),
        "key": _b64(public_key.encrypt(data_key, _oaep())),
        "nonce": _b64(nonce),
        "ct": _b64(AESGCM(data_key).encrypt(nonce, plaintext, None)),
    }
    return orjson.dumps(envelope).decode()


def decrypt_original(envelope: str, private_key: rsa.RSAPrivateKey) -> bytes:
    """The plaintext of an envelope; ValueError if it is not for this key or was altered.

    Example:
        >>> decrypt_original(record.kept_original, load_private_key(Path("caio_private.pem")))
        b'[{"role":"user","content":"..."}]'
    """
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        fields = orjson.loads(envelope)
        if fields.get("alg") != _ALGORITHM:
            raise ValueError("暗号化の形式が不明です")
        if fields.get("kid") != key_id(private_key.public_key()):
            raise ValueError("この記録は別の鍵で暗号化されています")
        data_key = private_key.decrypt(base64.b64decode(fields["key"]), _oaep())
        return AESGCM(data_key).decrypt(base64.b64decode(fields["nonce"]), base64.b64decode(fields["ct"]), None)
    except (AttributeError, KeyError, TypeError, binascii.Error, InvalidTag, orjson.JSONDecodeError):
        raise ValueError("暗号化された原文を復号できません（鍵の誤りまたは改ざん）") from None


def key_id(public_key: rsa.RSAPublicKey) -> str:
    """A short fingerprint of the public key, so that a record names the key it needs."""
    from cryptography.hazmat.primitives import serialization

    der = public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(der).hexdigest()[:16]


def load_public_key(path: Path) -> rsa.RSAPublicKey:
    """The CAIO's RSA public key (PEM); ValueError if it is not RSA of at least 2048 bits."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = serialization.load_pem_public_key(path.read_bytes())
    if not isinstance(key, rsa.RSAPublicKey) or key.key_size < _MIN_BITS:
        raise ValueError(f"{path}: RSA {_MIN_BITS} ビット以上の公開鍵 (PEM) を指定してください")
    return key


def load_private_key(path: Path, password: bytes | None = None) -> rsa.RSAPrivateKey:
    """The CAIO's RSA private key (PEM), used offline only."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = serialization.load_pem_private_key(path.read_bytes(), password=password)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise TypeError(f"{path}: RSA の秘密鍵 (PEM) を指定してください")
    return key


def _oaep() -> padding.OAEP:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    return padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
