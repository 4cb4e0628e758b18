"""The field cipher (SM4-CBC with HMAC-SM3) without a database: the standard's test vector,
round trips, tampering refused, key rotation, and values sealed before SM4 still read."""

import base64
import os

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from hypothesis import given, settings
from hypothesis import strategies as st

from luoshi.domain.security import field_cipher
from luoshi.domain.security.field_cipher import FERNET, SM4, FieldCipher, InvalidToken

pytestmark = pytest.mark.skipif(not field_cipher.sm4_available(),
                                reason="this OpenSSL has no SM4")

SECRET = "s" * 50
CIPHER = FieldCipher([SECRET], ["field-key"])


def test_sm4_is_the_algorithm_of_gb_t_32907():
    # GB/T 32907-2016, appendix A, example 1: one block under its own value as the key.
    key = bytes.fromhex("0123456789abcdeffedcba9876543210")
    encryptor = Cipher(algorithms.SM4(key), modes.ECB()).encryptor()
    assert (encryptor.update(key) + encryptor.finalize()).hex() == (
        "681edf34d206965e86b3e94f536e4246")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_what_is_sealed_opens_whole(data):
    token = CIPHER.encrypt(data)
    assert token.startswith(b"sm4:") and field_cipher.algorithm_of(token) == SM4
    assert CIPHER.decrypt(token) == data
    if len(data) >= 4:
        assert data not in base64.urlsafe_b64decode(token[4:])


def test_the_same_value_seals_differently_each_time():
    assert CIPHER.encrypt(b"13904510000") != CIPHER.encrypt(b"13904510000")


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_any_changed_byte_is_refused(data):
    raw = bytearray(base64.urlsafe_b64decode(CIPHER.encrypt(b"1234567")[4:]))
    position = data.draw(st.integers(min_value=0, max_value=len(raw) - 1))
    raw[position] ^= data.draw(st.integers(min_value=1, max_value=255))
    with pytest.raises(InvalidToken):
        CIPHER.decrypt(b"sm4:" + base64.urlsafe_b64encode(bytes(raw)))


@pytest.mark.parametrize("token", [b"", b"sm4:", b"sm4:!!!", b"sm4:" + b"A" * 100, b"clear",
                                   b"sm4:" + base64.urlsafe_b64encode(os.urandom(67))])
def test_malformed_values_are_refused(token):
    with pytest.raises(InvalidToken):
        CIPHER.decrypt(token)


def test_another_key_cannot_open_it():
    with pytest.raises(InvalidToken):
        FieldCipher([SECRET], ["another-key"]).decrypt(CIPHER.encrypt(b"12345.67"))
    with pytest.raises(InvalidToken):
        FieldCipher(["t" * 50], ["field-key"]).decrypt(CIPHER.encrypt(b"12345.67"))


def test_a_rotation_seals_with_the_first_key_and_opens_with_all():
    rotated = FieldCipher([SECRET, "old-secret"], ["new-key", "field-key"])
    old_token = CIPHER.encrypt(b"12345.67")
    assert rotated.decrypt(old_token) == b"12345.67"
    assert not rotated.is_current(old_token) and CIPHER.is_current(old_token)
    assert rotated.knows_key_of(old_token) and not FieldCipher(
        [SECRET], ["another-key"]).knows_key_of(old_token)
    new_token = rotated.encrypt(b"12345.67")
    assert rotated.is_current(new_token)
    assert FieldCipher([SECRET], ["new-key"]).decrypt(new_token) == b"12345.67"
    with pytest.raises(InvalidToken):
        CIPHER.decrypt(new_token)
    # The old secret key (DJANGO_SECRET_KEY_FALLBACKS) still opens what it sealed.
    assert rotated.decrypt(FieldCipher(["old-secret"], ["field-key"]).encrypt(b"x")) == b"x"


# Sealed by django-fernet-encrypted-fields itself, with DJANGO_SECRET_KEY "s"*50 and
# LUOSHI_FIELD_KEY "field-key", before this product sealed with SM4.
FORMER_LIBRARY_TOKEN = (b"gAAAAABrFfFSocPkIgGDYdBT1jZExwgXpQQj3qkQJyI7ORoJn-cQOzhqsjIL_"
                        b"Vj0U71YTfj3E5w293W-RxOcDfk87xP5Ht-zFg==")


def test_values_sealed_by_the_former_library_still_open():
    assert field_cipher.algorithm_of(FORMER_LIBRARY_TOKEN) == FERNET
    assert CIPHER.decrypt(FORMER_LIBRARY_TOKEN) == b"13904510000"
    assert not CIPHER.is_current(FORMER_LIBRARY_TOKEN)
    with pytest.raises(InvalidToken):
        FieldCipher([SECRET], ["another-key"]).decrypt(FORMER_LIBRARY_TOKEN)


def test_without_sm4_values_are_sealed_as_before():
    old_style = FieldCipher([SECRET], ["field-key"], use_sm4=False)
    token = old_style.encrypt(b"12345.67")
    assert old_style.algorithm == FERNET and token.startswith(b"gAAAA")
    assert CIPHER.decrypt(token) == b"12345.67" and old_style.decrypt(token) == b"12345.67"


def test_a_cipher_needs_keys():
    with pytest.raises(ValueError):
        FieldCipher([], ["field-key"])
    with pytest.raises(ValueError):
        FieldCipher([SECRET], [])
