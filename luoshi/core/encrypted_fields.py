"""Model fields stored encrypted (敏感数据加密存储, 等保2.0), and their re-sealing after a key
change.

The fields are django-fernet-encrypted-fields' (forms, validation, empty values as NULL) with
the cipher replaced by ``luoshi.domain.security.field_cipher``: SM4 with HMAC-SM3 where OpenSSL
offers them, older Fernet values still read. The keys are each pair of DJANGO_SECRET_KEY (and its
fallbacks) with LUOSHI_FIELD_KEY (comma-separated: the first seals, all open).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.utils.translation import gettext as _
from encrypted_fields import fields as library

from luoshi.domain.security import field_cipher


def current_cipher() -> field_cipher.FieldCipher:
    """The cipher for the keys configured now (read each time, so that a rotation in the
    settings, or a test's, takes effect without a restart of anything cached)."""
    salts = settings.SALT_KEY if isinstance(settings.SALT_KEY, list) else [settings.SALT_KEY]
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return field_cipher.cipher_for(tuple(secrets), tuple(salts))


class SealedFieldMixin:
    """Puts our cipher where the library's fields look for theirs (``self.f``)."""

    @property
    def f(self) -> field_cipher.FieldCipher:
        return current_cipher()


class EncryptedCharField(SealedFieldMixin, library.EncryptedCharField):
    pass


class EncryptedTextField(SealedFieldMixin, library.EncryptedTextField):
    pass


class EncryptedIntegerField(SealedFieldMixin, library.EncryptedIntegerField):
    pass


def sealed_fields() -> list[tuple[type, object]]:
    """Every (model, field) stored encrypted, in a stable order."""
    found = []
    for model in apps.get_models():
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, SealedFieldMixin):
                found.append((model, model_field))
    return sorted(found, key=lambda pair: (pair[0]._meta.label, pair[1].name))


OLD_KEY, UNKNOWN_KEY = "sm4_old_key", "sm4_unknown_key"  # schemes of the counts below


@dataclass
class SealingState:
    """How the stored values of the encrypted fields are sealed, per field and scheme."""

    algorithm: str  # what new values are sealed with
    counts: dict[str, Counter] = field(default_factory=dict)  # "label.field" → scheme → n

    def total(self, scheme: str) -> int:
        return sum(counter[scheme] for counter in self.counts.values())

    def is_behind(self, scheme: str) -> bool:
        """Values of this scheme are not sealed as new ones are (``pay rekey`` moves them)."""
        return scheme != self.algorithm

    @property
    def unreadable(self) -> int:
        """Values under a key pair not configured: ``pay rekey`` cannot move them until the key
        they were sealed with is given back (LUOSHI_FIELD_KEY, DJANGO_SECRET_KEY_FALLBACKS)."""
        return self.total(UNKNOWN_KEY)

    @property
    def behind(self) -> int:
        return sum(n for counter in self.counts.values()
                   for scheme, n in counter.items() if self.is_behind(scheme))


class UnreadableValue(ValueError):
    """A stored value no configured key opens: re-sealing stopped, nothing changed."""


def _rows(model, model_field):
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(model_field.column)
    pk = connection.ops.quote_name(model._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {pk}, {column} FROM {table} "  # noqa: S608 (quoted names)
                       f"WHERE {column} IS NOT NULL ORDER BY {pk}")
        return cursor.fetchall()


def sealing_state() -> SealingState:
    """Counts the stored values by the scheme that sealed them, reading the raw column."""
    cipher = current_cipher()
    state = SealingState(algorithm=cipher.algorithm)
    for model, model_field in sealed_fields():
        counter = Counter()
        for _pk, raw in _rows(model, model_field):
            scheme = field_cipher.algorithm_of(raw) or "clear"
            token = raw.encode("ascii", "replace")
            if scheme == field_cipher.SM4 and not cipher.is_current(token):
                scheme = OLD_KEY if cipher.knows_key_of(token) else UNKNOWN_KEY
            counter[scheme] += 1
        state.counts[f"{model._meta.label}.{model_field.name}"] = counter
    return state


@transaction.atomic
def reseal(*, by, origin: str) -> Counter:
    """``reseal_all`` with one audit entry saying how many values, never the values."""
    # Here, not above: accounts.models imports this module for its fields.
    from django.contrib.auth import get_user_model

    from .audit import attributed, log_event

    resealed = reseal_all()
    algorithm = current_cipher().algorithm.upper()
    with attributed(by=by, origin=origin):
        log_event(model=get_user_model(), by=by, origin=origin,
                  summary=f"加密字段按当前密钥以{algorithm}重新加密（{sum(resealed.values())}项）",
                  changes={name: [None, count] for name, count in sorted(resealed.items())})
    return resealed


@transaction.atomic
def reseal_all() -> Counter:
    """Every stored encrypted value opened and sealed again with the first key pair and the
    current scheme, on the raw column (no model code, no signals: the caller audits).

    All or nothing: a value that no configured key opens stops it with ``UnreadableValue``
    naming the table, column and row, before anything is written, because the library's field
    would otherwise hand back the unreadable text as if it were the value, to be sealed again.
    Returns how many values were re-sealed per "label.field"."""
    cipher = current_cipher()
    planned: list[tuple[object, object, object, str]] = []
    for model, model_field in sealed_fields():
        for pk, raw in _rows(model, model_field):
            token = raw.encode("ascii", "replace")
            if cipher.is_current(token):
                continue
            if field_cipher.algorithm_of(token) is None:  # kept in clear before encryption
                planned.append((model, model_field, pk, cipher.encrypt(raw.encode()).decode()))
                continue
            try:
                plain = cipher.decrypt(token)
            except field_cipher.InvalidToken as error:
                raise UnreadableValue(_(
                    "%(table)s.%(column)s, row %(pk)s: none of the configured keys opens it"
                ) % {"table": model._meta.db_table, "column": model_field.column, "pk": pk}
                ) from error
            planned.append((model, model_field, pk, cipher.encrypt(plain).decode("ascii")))
    resealed = Counter()
    with connection.cursor() as cursor:
        for model, model_field, pk, token in planned:
            table = connection.ops.quote_name(model._meta.db_table)
            column = connection.ops.quote_name(model_field.column)
            key = connection.ops.quote_name(model._meta.pk.column)
            cursor.execute(f"UPDATE {table} SET {column} = %s WHERE {key} = %s",  # noqa: S608
                           [token, pk])
            resealed[f"{model._meta.label}.{model_field.name}"] += 1
    return resealed
