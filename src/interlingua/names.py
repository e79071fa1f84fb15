"""Fitting tool names and call ids to a target's rules, deterministically.

A rewritten identifier is a pure function of the original, so the same conversation always
gets the same rewrite, calls and results still pair, and a response can be mapped back.
"""

from __future__ import annotations

import hashlib
import re
from typing import NamedTuple


class IdRules(NamedTuple):
    """What a vendor accepts for an identifier: a charset, a maximum length, a first char.

    ``valid`` is the whole rule as one regular expression (one C call on the hot path);
    the other fields drive the rewrite of an invalid identifier.
    """

    valid: re.Pattern[str]
    invalid_char: re.Pattern[str]
    max_len: int
    first_char: re.Pattern[str] | None = None

    def accepts(self, value: str) -> bool:
        return self.valid.fullmatch(value) is not None


def rules(charset: str, max_len: int, first: str | None = None) -> IdRules:
    """IdRules for identifiers made of ``charset`` (a regex class body), 1..max_len long."""
    head = f"[{first}]" if first else ""
    body = f"[{charset}]{{{0 if first else 1},{max_len - (1 if first else 0)}}}"
    return IdRules(re.compile(head + body), re.compile(f"[^{charset}]"), max_len,
                   re.compile(f"[{first}]") if first else None)


def _digest(value: str) -> str:
    return hashlib.sha1(value.encode()).hexdigest()[:8]


_CACHE: dict[tuple[IdRules, str], str] = {}
_CACHE_LIMIT = 8192


def fit_cached(value: str, rules: IdRules) -> str:
    """``fit`` memoized: proxies see the same tool names and call ids on every turn."""
    key = (rules, value)
    new = _CACHE.get(key)
    if new is None:
        if len(_CACHE) >= _CACHE_LIMIT:
            _CACHE.clear()
        new = _CACHE[key] = fit(value, rules)
    return new


def fit(value: str, rules: IdRules, *, force_hash: bool = False) -> str:
    """Return ``value`` if the rules accept it, else a close, valid, deterministic rewrite.

    Invalid characters become "_"; a value that is too long (or ``force_hash``, used to break
    a collision) keeps a prefix and gets "_" + 8 hex digits of the original's SHA-1.
    """
    if not force_hash and rules.accepts(value):
        return value
    cleaned = rules.invalid_char.sub("_", value) or "_"
    if rules.first_char is not None and rules.first_char.match(cleaned) is None:
        cleaned = "_" + cleaned
    if force_hash or len(cleaned) > rules.max_len:
        cleaned = cleaned[: rules.max_len - 9] + "_" + _digest(value)
    return cleaned


#: Anything non-empty (formats with no rule of their own).
ANY_NAME = rules("\\s\\S", 4096)
# OpenAI: function names ^[a-zA-Z0-9_-]{1,64}$; tool call ids at most 40 characters.
OPENAI_TOOL_NAME = rules("a-zA-Z0-9_-", 64)
OPENAI_CALL_ID = rules("\x21-\x7e", 40)
# Anthropic: tool names ^[a-zA-Z0-9_-]{1,128}$; tool_use ids ^[a-zA-Z0-9_-]+$.
ANTHROPIC_TOOL_NAME = rules("a-zA-Z0-9_-", 128)
ANTHROPIC_CALL_ID = rules("a-zA-Z0-9_-", 256)


def synthetic_id(prefix: str, *parts: object) -> str:
    """A deterministic id for something the source left without one (never a vendor-checked
    value: only used where the target needs an id to pair calls and results)."""
    return prefix + hashlib.sha1("\x1f".join(map(str, parts)).encode()).hexdigest()[:24]
