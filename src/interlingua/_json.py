"""Small JSON helpers used on the hot path."""

from __future__ import annotations

from typing import Any

import msgspec

_encode = msgspec.json.Encoder().encode
_decode = msgspec.json.Decoder().decode
_pack = msgspec.msgpack.Encoder().encode
_unpack = msgspec.msgpack.Decoder().decode


def jcopy(value: Any) -> Any:
    """Deep-copy a JSON value (dicts and lists; scalars are immutable and shared).

    Writers copy pass-through values so a result never aliases the caller's input. A
    msgpack round trip in C is about twice as fast as a Python walk; values msgpack cannot
    hold (huge integers, non-str keys) fall back to the walk.
    """
    if type(value) not in _CONTAINERS:
        return value
    try:
        return _unpack(_pack(value))
    except (TypeError, OverflowError, msgspec.EncodeError, msgspec.DecodeError):
        return _walk_copy(value)


def _walk_copy(value: Any) -> Any:
    t = type(value)
    if t is dict or isinstance(value, dict):
        return {k: _walk_copy(v) for k, v in value.items()}
    if t is list or isinstance(value, (list, tuple)):
        return [_walk_copy(v) for v in value]
    return value


_CONTAINERS = (dict, list)


def dumps(value: Any) -> str:
    """Compact JSON text (as OpenAI sends tool-call arguments)."""
    return _encode(value).decode()


def loads(text: str | bytes) -> Any:
    return _decode(text)


def type_name(value: Any) -> str:
    """The JSON type name of a Python value, for error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__
