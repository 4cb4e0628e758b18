"""Bulletin inputs and content as JSON and back, so a draft keeps the figures it was built from
(a later edit rebuilds from the same frozen figures) and a published bulletin keeps what it
said. Decimals travel as strings (never floats), dates in ISO form, periods as their fields,
images in base64; the dataclasses' own type hints say how to read each field back."""

from __future__ import annotations

import base64
import dataclasses
import types
import typing
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from functools import cache

from luoshi.domain.calendar.periods import Period, parse_period

from .content import Bulletin
from .inputs import BulletinInputs
from .rules import BulletinRules

# Fields that are not data: a formatter is code (rows carry their formatted texts instead).
_SKIPPED = {"formatter"}


def to_json(value: object) -> object:
    """A dataclass tree as JSON-ready data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)
                if f.name not in _SKIPPED}
    if isinstance(value, Period):
        return value.code
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, Mapping):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, (tuple, list, frozenset, set)):
        items = sorted(value) if isinstance(value, (frozenset, set)) else value
        return [to_json(item) for item in items]
    return value


@cache
def _hints(cls: type) -> dict[str, object]:
    return typing.get_type_hints(cls)


def from_json(cls: type, data: Mapping) -> object:
    """Read ``data`` (from ``to_json``) back into dataclass ``cls``; unknown keys are ignored,
    missing ones take their defaults (a draft made by an older version still opens)."""
    hints = _hints(cls)
    values = {}
    for f in dataclasses.fields(cls):
        if f.name in data and f.name not in _SKIPPED:
            values[f.name] = _read(hints[f.name], data[f.name])
    return cls(**values)


def _read(hint: object, value: object) -> object:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return _read(next(a for a in args if a is not type(None)), value)
    if dataclasses.is_dataclass(hint):
        return from_json(hint, value)
    if hint is Period:
        return parse_period(value)
    if hint is Decimal:
        return Decimal(value)
    if hint is date:
        return date.fromisoformat(value)
    if hint is bytes:
        return base64.b64decode(value)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_read(args[0], item) for item in value)
        return tuple(_read(arg, item) for arg, item in zip(args, value, strict=True))
    if origin is frozenset:
        return frozenset(_read(args[0], item) for item in value)
    if origin in (dict, Mapping, typing.Mapping) or hint is dict:
        if args:
            return {key: _read(args[1], item) for key, item in value.items()}
        return dict(value)
    return value


def inputs_to_json(inputs: BulletinInputs) -> dict:
    data = to_json(inputs)
    data.pop("texts", None)  # the coordinator's texts are kept beside, they change
    return data


def inputs_from_json(data: Mapping, **changes) -> BulletinInputs:
    return dataclasses.replace(from_json(BulletinInputs, data), **changes)


def content_to_json(bulletin: Bulletin) -> dict:
    return to_json(bulletin)


def content_from_json(data: Mapping) -> Bulletin:
    return from_json(Bulletin, data)


def rules_from_json(data: Mapping) -> BulletinRules:
    return from_json(BulletinRules, data)
