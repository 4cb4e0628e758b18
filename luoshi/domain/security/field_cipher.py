"""Values kept at rest (salaries, phone numbers, authenticator keys) sealed with 商用密码: SM4
(GB/T 32907) in CBC mode, then HMAC-SM3 (GB/T 32905) over all that came before the tag
(encrypt-then-MAC), so that a changed byte is refused rather than decrypted into garbage.

A sealed value is ``sm4:`` followed by base64url of ``key id (4) | IV (16) | ciphertext | tag
(32)``. Keys are derived with HKDF-SM3 from each pair of (secret key, field key): the first pair
seals, every pair opens, and the key id names the pair without a trial of each. Values sealed
before SM4 (Fernet: AES-128-CBC with HMAC-SHA256, tokens beginning ``gAAAA``) still open, with
the same pairs, until ``luoshi pay rekey`` seals them again.

SM4 and SM3 come from OpenSSL through the cryptography package (C speed). Where the OpenSSL build
lacks them, values are sealed with Fernet, as before, and ``algorithm()`` says so.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes, padding
from cryptography.hazmat.primitives import hmac as crypto_hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

__all__ = ["SM4", "FERNET", "InvalidToken", "FieldCipher", "algorithm_of", "cipher_for"]

SM4 = "sm4"
FERNET = "fernet"
PREFIX = b"sm4:"
KEY_ID_SIZE = 4
IV_SIZE = 16
TAG_SIZE = 32
BLOCK_BITS = 128
INFO = b"luoshi field sm4"  # binds the derived keys to this use of the pair


@lru_cache(maxsize=1)
def sm4_available() -> bool:
    """Whether this OpenSSL offers SM4 and SM3 (standard cryptography wheels do)."""
    try:
        Cipher(algorithms.SM4(bytes(16)), modes.CBC(bytes(IV_SIZE))).encryptor()
        hashes.Hash(hashes.SM3())
    except Exception:  # UnsupportedAlgorithm, or a build without the names at all
        return False
    return True


def algorithm_of(token: bytes | str) -> str | None:
    """Which scheme sealed a stored value: SM4, FERNET, or None for anything else."""
    raw = token.encode("ascii", "replace") if isinstance(token, str) else token
    if raw.startswith(PREFIX):
        return SM4
    if raw.startswith(b"gAAAA"):
        return FERNET
    return None


@dataclass(frozen=True)
class SM4Key:
    key_id: bytes
    cipher_key: bytes  # 16 bytes: SM4's key size
    mac_key: bytes  # 32 bytes: SM3's output size

    @classmethod
    def derive(cls, secret: str, salt: str) -> SM4Key:
        material = HKDF(algorithm=hashes.SM3(), length=16 + 32 + KEY_ID_SIZE,
                        salt=salt.encode("utf-8"), info=INFO).derive(secret.encode("utf-8"))
        return cls(cipher_key=material[:16], mac_key=material[16:48], key_id=material[48:])

    def tag(self, data: bytes) -> bytes:
        mac = crypto_hmac.HMAC(self.mac_key, hashes.SM3())
        mac.update(data)
        return mac.finalize()


def _fernet_key(secret: str, salt: str) -> bytes:
    # The derivation django-fernet-encrypted-fields used: PBKDF2-SHA256, 100,000 rounds.
    kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt.encode("utf-8"),
                     iterations=100_000)
    return base64.urlsafe_b64encode(kdf.derive(secret.encode("utf-8")))


class FieldCipher:
    """Seals with the first key pair, opens with any; the interface of Fernet (``encrypt`` and
    ``decrypt`` on bytes, ``InvalidToken`` when a value cannot be opened)."""

    def __init__(self, secrets: Sequence[str], salts: Sequence[str], *,
                 use_sm4: bool | None = None, random: Callable[[int], bytes] = os.urandom):
        if not secrets or not salts:
            raise ValueError("a field cipher needs at least one secret key and one field key")
        self.pairs = [(secret, salt) for secret in secrets for salt in salts]
        self.use_sm4 = sm4_available() if use_sm4 is None else use_sm4
        self.random = random
        self._sm4_keys: list[SM4Key] | None = None
        self._fernet: MultiFernet | None = None

    @property
    def algorithm(self) -> str:
        return SM4 if self.use_sm4 else FERNET

    # Derived on first use: the Fernet keys cost 100,000 rounds each and are needed only for
    # values sealed before SM4.
    @property
    def sm4_keys(self) -> list[SM4Key]:
        if self._sm4_keys is None:
            self._sm4_keys = [SM4Key.derive(secret, salt) for secret, salt in self.pairs]
        return self._sm4_keys

    @property
    def fernet(self) -> MultiFernet:
        if self._fernet is None:
            self._fernet = MultiFernet([Fernet(_fernet_key(secret, salt))
                                        for secret, salt in self.pairs])
        return self._fernet

    def encrypt(self, data: bytes) -> bytes:
        if not self.use_sm4:
            return self.fernet.encrypt(data)
        key = self.sm4_keys[0]
        iv = self.random(IV_SIZE)
        padder = padding.PKCS7(BLOCK_BITS).padder()
        padded = padder.update(data) + padder.finalize()
        encryptor = Cipher(algorithms.SM4(key.cipher_key), modes.CBC(iv)).encryptor()
        body = key.key_id + iv + encryptor.update(padded) + encryptor.finalize()
        return PREFIX + base64.urlsafe_b64encode(body + key.tag(PREFIX + body))

    def decrypt(self, token: bytes) -> bytes:
        if algorithm_of(token) == FERNET:
            return self.fernet.decrypt(token)
        if algorithm_of(token) != SM4:
            raise InvalidToken
        try:
            raw = base64.urlsafe_b64decode(token[len(PREFIX):])
        except (binascii.Error, ValueError) as error:
            raise InvalidToken from error
        if len(raw) < KEY_ID_SIZE + IV_SIZE + 16 + TAG_SIZE or (
                len(raw) - KEY_ID_SIZE - IV_SIZE - TAG_SIZE) % 16:
            raise InvalidToken
        body, tag = raw[:-TAG_SIZE], raw[-TAG_SIZE:]
        key = next((k for k in self.sm4_keys if k.key_id == body[:KEY_ID_SIZE]), None)
        if key is None or not hmac.compare_digest(key.tag(PREFIX + body), tag):
            raise InvalidToken
        iv, ciphertext = body[KEY_ID_SIZE:KEY_ID_SIZE + IV_SIZE], body[KEY_ID_SIZE + IV_SIZE:]
        decryptor = Cipher(algorithms.SM4(key.cipher_key), modes.CBC(iv)).decryptor()
        padded = decryptor.update(ciphertext) + decryptor.finalize()
        unpadder = padding.PKCS7(BLOCK_BITS).unpadder()
        try:
            return unpadder.update(padded) + unpadder.finalize()
        except ValueError as error:  # only reachable with the right tag, i.e. never
            raise InvalidToken from error

    def _key_id(self, token: bytes) -> bytes | None:
        raw = token[len(PREFIX):] if algorithm_of(token) == SM4 else b""
        try:
            return base64.urlsafe_b64decode(raw)[:KEY_ID_SIZE] or None
        except (binascii.Error, ValueError):
            return None

    def is_current(self, token: bytes) -> bool:
        """Whether a stored value is already sealed as ``encrypt`` would seal it now."""
        if not self.use_sm4:
            return False  # Fernet tokens carry no key id: re-sealing is the only check
        return self._key_id(token) == self.sm4_keys[0].key_id

    def knows_key_of(self, token: bytes) -> bool:
        """Whether an SM4 value names one of the configured key pairs (without opening it)."""
        return self._key_id(token) in {key.key_id for key in self.sm4_keys}


@lru_cache(maxsize=8)
def cipher_for(secrets: tuple[str, ...], salts: tuple[str, ...]) -> FieldCipher:
    """One cipher per set of keys for the whole process (keys are derived once)."""
    return FieldCipher(secrets, salts)
