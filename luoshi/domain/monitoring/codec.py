"""Statuses as JSON and back (stored statuses): Decimals as text, so no digit is lost; periods
as their codes; enums as their values; nested dataclasses as objects.

Decoding follows the dataclass's type hints, so ``decode(IndicatorStatus, encode(status))``
gives back an equal status.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from decimal import Decimal
from enum import Enum
from functools import cache

from ..calendar.periods import Period, parse_period


def encode(value: object) -> object:
    """JSON-ready form of a status (or any of its parts)."""
    if value is None or isinstance(value, bool | int | float | str) and not isinstance(
            value, Enum):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Period):
        return value.code
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {name: encode(getattr(value, name)) for name in _names(type(value))}
    if isinstance(value, tuple | list):
        return [encode(item) for item in value]
    raise TypeError(f"cannot encode {type(value).__name__}")


@cache
def _names(cls: type) -> tuple[str, ...]:
    return tuple(field.name for field in dataclasses.fields(cls))


@cache
def _hints(cls: type) -> dict[str, object]:
    return typing.get_type_hints(cls)


def decode(kind: object, data: object) -> object:
    """The value of type ``kind`` (a class or a type hint) that ``encode`` turned into ``data``."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        if data is None:
            return None
        options = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        return decode(options[0], data)
    if origin is tuple:
        item = typing.get_args(kind)[0]
        return tuple(decode(item, entry) for entry in data)
    if data is None:
        return None
    if kind is Decimal:
        return Decimal(data)
    if kind is Period:
        return parse_period(data)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind(data)
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        hints = _hints(kind)
        return kind(**{field.name: decode(hints[field.name], data[field.name])
                       for field in dataclasses.fields(kind) if field.name in data})
    return data
