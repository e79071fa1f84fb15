"""Small JSON helpers used on the hot path."""

from __future__ import annotations

from typing import Any

import msgspec

_encode = msgspec.json.Encoder().encode
_decode = msgspec.json.Decoder().decode


def jcopy(value: Any) -> Any:
    """Deep-copy a JSON value (dicts and lists; scalars are immutable and shared).

    Writers copy pass-through values so a result never aliases the caller's input.
    """
    t = type(value)
    if t is dict:
        return {k: jcopy(v) if type(v) in _CONTAINERS else v for k, v in value.items()}
    if t is list:
        return [jcopy(v) if type(v) in _CONTAINERS else v for v in value]
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
