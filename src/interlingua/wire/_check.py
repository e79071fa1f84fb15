"""Type checks for readers: cheap on the happy path, a typed error with a JSON path otherwise."""

from __future__ import annotations

from typing import Any, NoReturn

from .._json import type_name
from ..errors import InvalidPayloadError


def fail(path: str, message: str, fmt: str) -> NoReturn:
    raise InvalidPayloadError(path, message, format=fmt)


# Each check takes the parent ``path`` and an optional ``sub`` suffix, joined only when the
# check fails: building every path eagerly would cost more than the checks themselves.


def obj(value: Any, path: str, fmt: str, sub: str = "") -> dict[str, Any]:
    if type(value) is not dict:
        if isinstance(value, dict):
            return value
        fail(path + sub, f"expected an object, got {type_name(value)}", fmt)
    return value


def arr(value: Any, path: str, fmt: str, sub: str = "") -> list[Any]:
    if type(value) is not list:
        if isinstance(value, (list, tuple)):
            return list(value)
        fail(path + sub, f"expected an array, got {type_name(value)}", fmt)
    return value


def string(value: Any, path: str, fmt: str, sub: str = "") -> str:
    if type(value) is not str:
        if value is None:
            fail(path + sub, "required string is missing", fmt)
        fail(path + sub, f"expected a string, got {type_name(value)}", fmt)
    return value


def opt_string(value: Any, path: str, fmt: str, sub: str = "") -> str | None:
    if value is None or type(value) is str:
        return value
    fail(path + sub, f"expected a string, got {type_name(value)}", fmt)


def opt_number(value: Any, path: str, fmt: str, sub: str = "") -> float | None:
    if value is None:
        return None
    if type(value) in (int, float):
        return value  # type: ignore[no-any-return]
    fail(path + sub, f"expected a number, got {type_name(value)}", fmt)


def opt_int(value: Any, path: str, fmt: str, sub: str = "") -> int | None:
    if value is None or type(value) is int:
        return value
    if type(value) is float and value.is_integer():
        return int(value)
    fail(path + sub, f"expected an integer, got {type_name(value)}", fmt)


def opt_bool(value: Any, path: str, fmt: str, sub: str = "") -> bool | None:
    if value is None or type(value) is bool:
        return value
    fail(path + sub, f"expected a boolean, got {type_name(value)}", fmt)


def opt_obj(value: Any, path: str, fmt: str, sub: str = "") -> dict[str, Any] | None:
    if value is None:
        return None
    return obj(value, path, fmt, sub)


def one_of(value: Any, allowed: tuple[str, ...] | frozenset[str], path: str, fmt: str,
           sub: str = "") -> str:
    if value not in allowed:
        fail(path + sub, f"expected one of {', '.join(map(repr, allowed))}, got {value!r}",
             fmt)
    return value  # type: ignore[no-any-return]


def leftovers(source: dict[str, Any], handled: frozenset[str]) -> dict[str, Any] | None:
    """Keys the reader does not model, plus handled keys whose value is null.

    Both go to the node's ``extras``: the first to survive a same-format round trip, the
    second so that an explicit ``null`` comes back as ``null``.
    """
    if source.keys() <= handled and None not in source.values():
        return None  # the common case, decided in C
    extras = None
    for key, value in source.items():
        if value is None or key not in handled:
            if extras is None:
                extras = {}
            extras[key] = value
    return extras


def parse_data_uri(uri: str) -> tuple[str, str] | None:
    """(media_type, base64 data) of a ``data:<type>;base64,<data>`` URI, else None."""
    if not uri.startswith("data:"):
        return None
    comma = uri.find(",", 5, 300)
    if comma < 0:
        return None
    header = uri[5:comma]
    if not header.endswith(";base64"):
        return None
    media_type = header[:-7]
    if ";" in media_type or "," in media_type:
        return None
    return media_type, uri[comma + 1:]
